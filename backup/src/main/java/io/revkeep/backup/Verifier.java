package io.revkeep.backup;

import io.revkeep.backup.RetentionPolicy.Version;
import io.revkeep.core.Sha256;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that every retained version's bytes are where they should be and hash to the version's
 * hash: its vault object, and its backup copy (unless the backup has not copied it yet), found
 * through the backup's record ({@link CopyIndex}).
 */
public final class Verifier {

  /** What {@link #verify} looked at, and every problem found (one line each). */
  public record Report(int versions, int vaultObjects, int copies, List<String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private Verifier() {}

  /**
   * @param vault the vault to check, or null
   * @param backup the backup folder to check, or null
   */
  public static Report verify(Pruner.Plan plan, Vault vault, BackupFolder backup)
      throws IOException {
    List<String> problems = new ArrayList<>();
    Map<String, Boolean> objectOk = new HashMap<>();
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
      if (vault != null) {
        Boolean ok = objectOk.get(v.hash());
        if (ok == null) {
          ok = vault.verify(v.hash());
          objectOk.put(v.hash(), ok);
          if (!ok) {
            problems.add("vault object " + vault.pathOf(v.hash()) + " of " + v + ": "
                + (vault.contains(v.hash()) ? "its bytes do not match its hash" : "missing"));
          }
        }
      }
      if (index != null && !v.why().equals(Pruner.HELD)) {
        checkCopies(v, index, backup, checked, problems);
      }
    }
    return new Report(retained.size(), objectOk.size(), checked.size(), List.copyOf(problems));
  }

  private static void checkCopies(Version v, CopyIndex index, BackupFolder backup,
      Set<Long> checked, List<String> problems) throws IOException {
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
      if (actual.isEmpty()) {
        problems.add("backup copy " + copy + " of " + v + ": missing" + removed.map(r ->
            " (retention removed it at " + r.removedAt() + ": " + r.reason() + ")").orElse(""));
      } else if (!actual.get().equals(v.hash())) {
        problems.add("backup copy " + copy + " of " + v + ": its bytes do not match the"
            + " version's hash");
      }
    }
  }
}
