package io.revkeep.backup;

import io.revkeep.config.Config;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides which versions' bytes may go: a pure function of (versions, now), as in Syncthing's
 * {@code lib/versioner}. Implementations read no clock, no file and no store; the caller gathers
 * the versions (see {@link Pruner}) and carries out the decision.
 *
 * <p>Every policy keeps, whatever it says otherwise, the versions marked {@link Version#kept()}:
 * pinned versions, the current content of a live file, and versions the backup has not copied
 * yet. Retention removes bytes only (a backup copy, and the vault object when no retained version
 * references its hash); the version's record stays in the store.
 */
public interface RetentionPolicy {

  /**
   * One version that has bytes (DELETE tombstones are never candidates).
   *
   * @param file the file's current path: versions with the same file belong to one history
   * @param path the path the file had at this version (the backup copy is named after it)
   * @param hash SHA-256 of the content
   * @param time when the version was recorded
   * @param kept never removed; {@code why} says why (pinned, current, not backed up yet)
   * @param why for a kept version the reason, e.g. {@code pinned "signed"}; else empty
   */
  record Version(String file, String path, int version, String hash, long size, Instant time,
      boolean kept, String why) {
    public Version {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(hash, "hash");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(why, "why");
    }

    /** A version no rule protects. */
    public static Version of(String file, int version, String hash, long size, Instant time) {
      return new Version(file, file, version, hash, size, time, false, "");
    }

    /** This version, protected for the given reason. */
    public Version keep(String reason) {
      return new Version(file, path, version, hash, size, time, true, reason);
    }

    @Override
    public String toString() {
      return path + " v" + version;
    }
  }

  /** One version the policy removes, and why, in one line. */
  record Removal(Version version, String reason) {
    @Override
    public String toString() {
      return version + ": " + reason;
    }
  }

  /**
   * The versions to remove, each with its reason; never one that is {@link Version#kept()}. The
   * input may span many files and come in any order; the output is in the input's order.
   */
  List<Removal> toRemove(List<Version> versions, Instant now);

  /** One line for logs and {@code prune --dry-run}, e.g. {@code keep the newest 2 versions}. */
  String describe();

  /**
   * The policy {@code [revisions]} configures: {@code policy} (count or staggered), then
   * {@code max_age} and {@code quota} when set, applied one after the other.
   */
  static RetentionPolicy from(Config.Revisions r) {
    List<RetentionPolicy> steps = new ArrayList<>();
    steps.add(switch (r.policy()) {
      case COUNT -> new CountRetention(r.count());
      case STAGGERED -> new StaggeredRetention();
    });
    if (!r.maxAge().isZero()) {
      steps.add(new MaxAgeRetention(r.maxAge()));
    }
    if (r.quota() > 0) {
      steps.add(new QuotaRetention(r.quota()));
    }
    return steps.size() == 1 ? steps.get(0) : new CombinedRetention(steps);
  }

  /** A duration as people write it: 45s, 2h, 30d, 3w. */
  static String human(Duration d) {
    long s = d.toSeconds();
    if (s % 604_800 == 0 && s > 0) {
      return s / 604_800 + "w";
    }
    if (s % 86_400 == 0 && s > 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0 && s > 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0 && s > 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
