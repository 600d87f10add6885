package io.revkeep.cli;

import io.revkeep.core.model.Event;
import io.revkeep.core.store.Store;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Change-set ids as people type and read them: printed by their first {@value #SHORT} characters
 * (as the web shows them), accepted by any unique prefix of at least {@value #MIN_PREFIX}. A full
 * id is used as it is; a prefix is looked up in the event log, newest last, in pages.
 */
final class ChangeSetIds {
  /** Characters printed. */
  static final int SHORT = 8;
  /** The shortest prefix accepted. */
  static final int MIN_PREFIX = 4;
  /** Events read per page while looking a prefix up. */
  private static final int PAGE = 5000;
  private static final Pattern FULL = Pattern.compile("[0-9a-fA-F-]{36}");

  private ChangeSetIds() {}

  /** The short form of an id (null stays null). */
  static String shortOf(String id) {
    return id == null || id.length() <= SHORT ? id : id.substring(0, SHORT);
  }

  /** The full id a typed id or prefix names; a user error when none or several match. */
  static String resolve(Store store, String typed) {
    String text = typed.strip();
    if (FULL.matcher(text).matches()) {
      return text;
    }
    if (text.length() < MIN_PREFIX) {
      throw new UserError("no change set '" + text + "': give at least " + MIN_PREFIX
          + " characters of its id");
    }
    TreeSet<String> matches = new TreeSet<>();
    long after = 0;
    for (List<Event> page; !(page = store.eventsAfter(after, PAGE)).isEmpty(); ) {
      for (Event e : page) {
        if (e.changeSet() != null && e.changeSet().startsWith(text)) {
          matches.add(e.changeSet());
        }
      }
      after = page.get(page.size() - 1).seq();
    }
    if (matches.isEmpty()) {
      return text; // refused by whoever looks it up, in their words
    }
    if (matches.size() > 1) {
      throw new UserError("change set '" + text + "' is ambiguous: it starts "
          + String.join(", ", matches.stream().map(id -> id.substring(0, SHORT + 4)).toList())
          + "; give more characters");
    }
    return matches.first();
  }
}
