package io.revkeep.cli;

import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.Store;
import io.revkeep.core.time.TimeSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one grammar of a version on the command line, {@code PATH@REV}: {@code report.txt@3}
 * (version 3), {@code report.txt@-1} (one before the newest), {@code report.txt@2026-01-31 14:00}
 * or {@code report.txt@2h} (the version in force then; the TIME grammar of {@link TimeSpec}).
 * The last {@code @} counts, and only when what follows it is a revision: {@code user@host.txt}
 * is a name. A name that itself ends in {@code @3} is given with a trailing {@code @}
 * ({@code x@3@}): an empty revision, the newest.
 */
final class Revision {
  private static final Pattern NUMBER = Pattern.compile("-?\\d{1,9}");

  /** What the revision names; null fields are absent. */
  enum Kind { NEWEST, NUMBER, BACK, TIME }

  final String path;
  final Kind kind;
  /** The version ({@link Kind#NUMBER}) or the steps back ({@link Kind#BACK}). */
  final int n;
  /** The moment ({@link Kind#TIME}). */
  final Instant at;
  /** The revision as typed, after the {@code @}; "" for none. */
  final String text;

  private Revision(String path, Kind kind, int n, Instant at, String text) {
    this.path = path;
    this.kind = kind;
    this.n = n;
    this.at = at;
    this.text = text;
  }

  /** Splits {@code PATH@REV}; a time after now is refused (a user error). */
  static Revision parse(String arg, Clock clock, ZoneId zone) {
    int at = arg == null ? -1 : arg.lastIndexOf('@');
    if (at < 0) {
      return new Revision(arg, Kind.NEWEST, 0, null, "");
    }
    String path = arg.substring(0, at);
    String rev = arg.substring(at + 1);
    if (rev.isEmpty()) {
      return new Revision(path, Kind.NEWEST, 0, null, "");
    }
    if (NUMBER.matcher(rev).matches()) {
      int n = Integer.parseInt(rev);
      return rev.startsWith("-") ? new Revision(path, Kind.BACK, -n, null, rev)
          : new Revision(path, Kind.NUMBER, n, null, rev);
    }
    Instant when;
    try {
      when = TimeSpec.parse(rev, clock, zone);
    } catch (IllegalArgumentException notATime) {
      return new Revision(arg, Kind.NEWEST, 0, null, ""); // an '@' in a name
    }
    if (when.isAfter(clock.instant())) {
      throw new UserError("@" + rev + " is in the future (" + when + "); give a past time");
    }
    return new Revision(path, Kind.TIME, 0, when, rev);
  }

  /** {@link #parse} with the executable's clock and the local zone. */
  static Revision parse(String arg) {
    return parse(arg, Services.CLOCK, ZoneId.systemDefault());
  }

  boolean given() {
    return kind != Kind.NEWEST;
  }

  /**
   * The version this revision names among {@code rel}'s recorded versions; a user error naming
   * what exists when there is none.
   */
  VersionRecord resolve(Store store, String rel) {
    List<VersionRecord> history = store.history(rel);
    if (history.isEmpty()) {
      throw new UserError("no history for '" + rel + "': revkeep has never recorded it"
          + " (try 'revkeep ls' to see what it knows)");
    }
    int newest = history.get(history.size() - 1).version();
    int wanted = switch (kind) {
      case NEWEST -> newest;
      case NUMBER -> n;
      case BACK -> newest - n;
      case TIME -> {
        VersionRecord then = null;
        for (VersionRecord v : history) {
          if (!v.time().isAfter(at)) {
            then = v;
          }
        }
        if (then == null) {
          throw new UserError(rel + " did not exist yet at " + at + " (its first version is from "
              + history.get(0).time() + ")");
        }
        yield then.version();
      }
    };
    if (kind == Kind.BACK && wanted < 1) {
      throw new UserError("cannot go back " + n + " from version " + newest + " of " + rel
          + (newest > 1 ? " (at most @-" + (newest - 1) + ")" : ": it has only one version"));
    }
    final int v = wanted;
    return store.version(rel, v).orElseThrow(() -> new UserError(v < 1 || v > newest
        ? "no version " + v + " of " + rel + ": it has " + newest + " version"
            + (newest == 1 ? "" : "s")
        : "version " + v + " of " + rel + " is no longer kept (see 'revkeep log " + rel + "')"));
  }
}
