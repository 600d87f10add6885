package io.revkeep.core.restore;

import io.revkeep.core.model.Event;
import io.revkeep.core.store.EventLog;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Change-set ids as people type and read them, the same in the CLI and the web: shown by their
 * first {@value #SHORT} characters, accepted by any unique prefix of at least
 * {@value #MIN_PREFIX}. A full id is used as it is; a prefix is looked up in the event log, in
 * pages. Stateless.
 */
public final class ChangeSetIds {
  /** Characters shown. */
  public static final int SHORT = 8;
  /** The shortest prefix accepted. */
  public static final int MIN_PREFIX = 4;
  /** Events read per page while looking a prefix up. */
  private static final int PAGE = 5000;
  private static final Pattern FULL = Pattern.compile("[0-9a-fA-F-]{36}");

  private ChangeSetIds() {}

  /** The short form of an id (null stays null). */
  public static String shortOf(String id) {
    return id == null || id.length() <= SHORT ? id : id.substring(0, SHORT);
  }

  /**
   * The full id a typed id or prefix names. A prefix no change set starts with is given back as
   * typed, for whoever looks it up to refuse in their words.
   *
   * @throws IllegalArgumentException naming the problem: a prefix too short, or one several
   *     change sets start with (the message lists them)
   */
  public static String resolve(EventLog events, String typed) {
    String text = typed.strip();
    if (FULL.matcher(text).matches()) {
      return text;
    }
    if (text.length() < MIN_PREFIX) {
      throw new IllegalArgumentException("no change set '" + text + "': give at least "
          + MIN_PREFIX + " characters of its id");
    }
    TreeSet<String> matches = new TreeSet<>();
    long after = 0;
    for (List<Event> page; !(page = events.eventsAfter(after, PAGE)).isEmpty(); ) {
      for (Event e : page) {
        if (e.changeSet() != null && e.changeSet().startsWith(text)) {
          matches.add(e.changeSet());
        }
      }
      after = page.get(page.size() - 1).seq();
    }
    if (matches.isEmpty()) {
      return text;
    }
    if (matches.size() > 1) {
      throw new IllegalArgumentException("change set '" + text + "' is ambiguous: it starts "
          + String.join(", ", matches.stream().map(id -> id.substring(0, SHORT + 4)).toList())
          + "; give more characters");
    }
    return matches.first();
  }
}
