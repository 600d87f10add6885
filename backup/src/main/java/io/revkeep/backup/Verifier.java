package io.revkeep.backup;

import io.revkeep.backup.RetentionPolicy.Version;
import io.revkeep.core.Sha256;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks both sides of every retained version: its vault object and its backup copy (unless the
 * backup has not copied it yet), found through the backup's record ({@link CopyIndex}), each
 * against the version's hash. With repair, a damaged or missing vault object is rewritten from a
 * good backup copy of the same bytes, then a damaged or missing backup copy from the (now good)
 * vault object ({@link Repair}: the damaged file is quarantined first, never overwritten); what
 * has no good side left is reported. Single-threaded; stateless.
 */
public final class Verifier {

  /**
   * What {@link #verify} looked at, every problem left (one line each) and every repair made
   * (one line each).
   */
  public record Report(int versions, int vaultObjects, int copies, List<String> problems,
      List<String> repaired) {
    public Report(int versions, int vaultObjects, int copies, List<String> problems) {
      this(versions, vaultObjects, copies, problems, List.of());
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** A vault object found damaged or missing, and the first version that uses it. */
  private record BadObject(Version version, boolean missing) {}

  /** A backup copy found damaged or missing. */
  private record BadCopy(Version version, Path copy, boolean missing) {}

  private Verifier() {}

  /**
   * Checks without changing anything.
   *
   * @param vault the vault to check, or null
   * @param backup the backup folder to check, or null
   */
  public static Report verify(Pruner.Plan plan, Vault vault, BackupFolder backup)
      throws IOException {
    return verify(plan, vault, backup, false);
  }

  /**
   * Checks and, with {@code repair}, rewrites each damaged or missing side from the other.
   *
   * @param vault the vault to check, or null
   * @param backup the backup folder to check, or null
   */
  public static Report verify(Pruner.Plan plan, Vault vault, BackupFolder backup, boolean repair)
      throws IOException {
    List<String> problems = new ArrayList<>();
    Map<String, Boolean> objectOk = new HashMap<>();
    Map<String, BadObject> badObjects = new LinkedHashMap<>();
    Map<String, Path> goodCopies = new HashMap<>();
    List<BadCopy> badCopies = new ArrayList<>();
    List<Version> retained = plan.retained();
    CopyIndex index = null;
    if (backup != null) {
      if (!backup.hasCurrentLayout()) {
        problems.add("backup folder " + backup.root() + ": not in this revkeep's layout yet"
            + " (written by an older revkeep, or its first catch-up is not done); start the"
            + " backup (revkeep backup or up) and let it catch up, then verify again");
      } else {
        Set<CopyIndex.Key> wanted = new HashSet<>();
        retained.forEach(v -> wanted.add(CopyIndex.Key.of(v)));
        index = new CopyIndex(BackupRecord.read(backup.root(), problems::add), wanted);
      }
    }
    Set<Long> checked = new HashSet<>();
    for (Version v : retained) {
      if (vault != null && !objectOk.containsKey(v.hash())) {
        boolean ok = vault.verify(v.hash());
        objectOk.put(v.hash(), ok);
        if (!ok) {
          badObjects.put(v.hash(), new BadObject(v, !vault.contains(v.hash())));
        }
      }
      if (index != null && !v.why().equals(Pruner.HELD)) {
        checkCopies(v, index, backup, checked, problems, goodCopies, badCopies);
      }
    }
    List<String> repaired = new ArrayList<>();
    for (Map.Entry<String, BadObject> e : badObjects.entrySet()) {
      String hash = e.getKey();
      BadObject bad = e.getValue();
      String what = "vault object " + vault.pathOf(hash) + " of " + bad.version() + ": "
          + (bad.missing() ? "missing" : "its bytes do not match its hash");
      Path source = goodCopies.get(hash);
      if (!repair) {
        problems.add(what);
      } else if (source == null) {
        problems.add(what + "; cannot repair: no good backup copy of these bytes");
      } else if (Repair.vaultObject(vault, hash, source, plan.now())) {
        repaired.add(what + "; repaired from the backup copy " + source);
        objectOk.put(hash, true);
      } else {
        problems.add(what + "; cannot repair: the backup copy " + source + " changed meanwhile");
      }
    }
    for (BadCopy bad : badCopies) {
      String what = "backup copy " + bad.copy() + " of " + bad.version() + ": "
          + (bad.missing() ? "missing" : "its bytes do not match the version's hash");
      String hash = bad.version().hash();
      if (!repair) {
        problems.add(what);
      } else if (vault == null || !objectOk.getOrDefault(hash, false)) {
        problems.add(what + "; cannot repair: the vault object is "
            + (vault == null ? "not available" : "damaged or missing too"));
      } else if (Repair.backupCopy(backup, bad.copy(), hash, vault, plan.now())
          == Repair.CopyOutcome.REPAIRED) {
        repaired.add(what + "; repaired from the vault");
      } else {
        problems.add(what + "; cannot repair: the vault object changed meanwhile");
      }
    }
    return new Report(retained.size(), objectOk.size(), checked.size(), List.copyOf(problems),
        List.copyOf(repaired));
  }

  private static void checkCopies(Version v, CopyIndex index, BackupFolder backup,
      Set<Long> checked, List<String> problems, Map<String, Path> goodCopies,
      List<BadCopy> badCopies) throws IOException {
    List<RecordedVersion> entries = index.entries(v);
    if (entries.isEmpty()) {
      problems.add("backup copy of " + v + ": not in the backup record");
      return;
    }
    for (RecordedVersion e : entries) {
      if (!checked.add(e.seq())) {
        continue; // the same entry for another version of the same path, number, content, time
      }
      Optional<RecordedRemoval> removed = index.record().removal(e.seq());
      if (e.copy() == null) {
        problems.add("backup copy of " + v + ": none (its bytes were gone when the backup"
            + " handled seq " + e.seq() + ")");
        continue;
      }
      Path copy = backup.copyAt(e.copy());
      Optional<String> actual = Sha256.ofFile(copy);
      if (actual.isEmpty() && removed.isPresent()) {
        // the store keeps the version, but retention removed the copy: not repaired
        problems.add("backup copy " + copy + " of " + v + ": missing (retention removed it at "
            + removed.get().removedAt() + ": " + removed.get().reason() + ")");
      } else if (actual.isEmpty()) {
        badCopies.add(new BadCopy(v, copy, true));
      } else if (!actual.get().equals(v.hash())) {
        badCopies.add(new BadCopy(v, copy, false));
      } else {
        goodCopies.putIfAbsent(v.hash(), copy);
      }
    }
  }
}
