package io.revkeep.core.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The content hashes the listener's pending journal names: bytes already captured into the
 * vault whose versions the store has not taken yet (it was unavailable). Retention must count
 * them as referenced, or it could remove a vault object before its version is recorded.
 *
 * <p>The journal (listener's {@code PendingJournal}) lives in {@code <data>/pending/}, beside
 * the vault ({@code <data>/vault}); its segments are {@code *.jsonl} files with one change per
 * line, whose {@code hash} field is what is read here. Lines that do not parse (a segment being
 * written) are skipped: a change being appended names bytes committed to the vault moments
 * before, and the pruner's trash step catches that window (it keeps objects a version recorded
 * meanwhile uses).
 */
public final class PendingHashes {
  /** The journal's folder name under the data folder. */
  public static final String FOLDER = "pending";

  private static final ObjectMapper JSON = new ObjectMapper();

  private PendingHashes() {}

  /** The journal folder of the data folder that holds this vault. */
  public static Path folderBeside(Vault vault) {
    return vault.root().resolveSibling(FOLDER);
  }

  /** The hashes named in the journal folder; empty when there is none. */
  public static Set<String> read(Path folder) throws IOException {
    Set<String> hashes = new HashSet<>();
    try (DirectoryStream<Path> segments = Files.newDirectoryStream(folder, "*.jsonl")) {
      for (Path segment : segments) {
        try (BufferedReader in = Files.newBufferedReader(segment, StandardCharsets.UTF_8)) {
          String line;
          while ((line = in.readLine()) != null) {
            try {
              JsonNode hash = JSON.readTree(line).get("hash");
              if (hash != null && hash.isTextual()) {
                hashes.add(hash.asText());
              }
            } catch (IOException unparsable) {
              // a line being written; see the class comment
            }
          }
        } catch (NoSuchFileException trimmed) {
          // the catch-up removed it meanwhile: its changes are in the store now
        }
      }
    } catch (NoSuchFileException none) {
      return hashes;
    }
    return hashes;
  }
}
