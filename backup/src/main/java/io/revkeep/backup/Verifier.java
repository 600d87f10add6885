package io.revkeep.backup;

import io.revkeep.core.Sha256;
import io.revkeep.backup.RetentionPolicy.Version;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that every retained version's bytes are where they should be and hash to the version's
 * hash: its vault object, and its backup copy (unless the backup has not copied it yet).
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
    int copies = 0;
    List<Version> retained = plan.retained();
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
      if (backup != null && !v.why().equals(Pruner.HELD)) {
        Path copy = backup.copyOf(v.path(), v.version());
        Optional<String> actual = Sha256.ofFile(copy);
        copies++;
        if (actual.isEmpty()) {
          problems.add("backup copy " + copy + " of " + v + ": missing");
        } else if (!actual.get().equals(v.hash())) {
          problems.add("backup copy " + copy + " of " + v + ": its bytes do not match the"
              + " version's hash");
        }
      }
    }
    return new Report(retained.size(), objectOk.size(), copies, List.copyOf(problems));
  }
}
