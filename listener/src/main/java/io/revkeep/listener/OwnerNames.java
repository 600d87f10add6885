package io.revkeep.listener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The user name a version is recorded with: the name of its file's owner. The JDK finds a name
 * by reading the user database ({@code getpwuid}: /etc/passwd, or the directory service) on
 * every call, 6.5 % of the settler's thread in a 10,000-file burst (bench/RESULTS.md, "the
 * burst, 2026-12-02 afternoon"), although a share has a handful of owners. So the owner's
 * number is read (a stat) and its name is kept for {@link #KEPT}: a user renamed in the database
 * is recorded under the new name within that time.
 */
final class OwnerNames {
  /*
   * Threads:    any (the settler, the reconcile's walkers) at once.
   * State:      names, uid → (name, when it was looked up); entries are replaced whole.
   * Invariants: a name is returned at most KEPT after it was looked up. The map holds one entry
   *             per owner number seen, a handful on a real share.
   * Shutdown:   nothing to close.
   */
  /** How long a looked-up name is used before it is looked up again. */
  static final Duration KEPT = Duration.ofMinutes(1);
  /** The name of an owner that cannot be read (the file is gone, no POSIX owners). */
  static final String UNKNOWN = "unknown";

  private record Named(String name, Instant lookedUp) {}

  private final ConcurrentMap<Integer, Named> names = new ConcurrentHashMap<>();
  private final Clock clock;

  OwnerNames(Clock clock) {
    this.clock = clock;
  }

  /** The name of {@code file}'s owner (a symbolic link's own), or {@link #UNKNOWN}. */
  String of(Path file) {
    try {
      Object uid = Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      if (!(uid instanceof Integer number)) {
        return lookUp(file);
      }
      Instant now = clock.instant();
      Named known = names.get(number);
      if (known != null && now.isBefore(known.lookedUp().plus(KEPT))) {
        return known.name();
      }
      String name = lookUp(file);
      // kept only if the owner did not change between the two reads (a chown meanwhile)
      if (!UNKNOWN.equals(name)
          && number.equals(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
        names.put(number, new Named(name, now));
      }
      return name;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return lookUp(file); // no "unix" view here (not Linux or macOS)
    }
  }

  private static String lookUp(Path file) {
    try {
      return Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
    } catch (IOException | UnsupportedOperationException e) {
      return UNKNOWN;
    }
  }
}
