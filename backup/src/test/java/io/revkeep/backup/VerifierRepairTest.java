package io.revkeep.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify and verify --repair on a real SQLite store, vault and backup folder (no feed). */
class VerifierRepairTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;
  private SqliteStore store;
  private Vault vault;
  private BackupFolder backup;
  private Pruner pruner;
  private long tick;
  private final List<Event> events = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    store = SqliteStore.open(dir.resolve("revkeep.db"));
    vault = new Vault(dir.resolve("vault"));
    backup = new BackupFolder(dir.resolve("backup"), ".rev");
    pruner = new Pruner(store, vault, backup, new CountRetention(0));
    for (int i = 0; i < 6; i++) {
      put("f" + i + ".txt", "content of file " + i);
    }
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void put(String path, String content) throws Exception {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    String hash = vault.put(new ByteArrayInputStream(b));
    Event e = store.record(Change.content(path, hash, b.length, tick, T0.plusSeconds(tick++),
        "u", "h")).orElseThrow();
    Path copy = backup.copyOf(e);
    Files.createDirectories(copy.getParent());
    Files.write(copy, b);
    BackupFolder.makeReadOnly(copy);
    RecordSegments.writeVersions(backup.recordDir(), e.seq(), e.seq(),
        List.of(RecordLines.encode(RecordedVersion.of(e, backup.relative(copy)))));
    backup.markCurrentLayout();
    backup.writeCursor(store.lastSeq());
    events.add(e);
  }

  private Verifier.Report verify(boolean repair) throws Exception {
    return Verifier.verify(pruner.plan(T0.plusSeconds(100)), vault, backup, repair);
  }

  /** Flips the first byte of a file in place, as bit rot would (through read-only modes). */
  static void flip(Path file) throws Exception {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    byte[] b = Files.readAllBytes(file);
    b[0] ^= 0x01;
    Files.write(file, b);
  }

  @Test
  void damaged_and_missing_sides_are_named_then_repaired_from_the_other_side() throws Exception {
    Path copy0 = backup.copyOf(events.get(0));
    Path copy1 = backup.copyOf(events.get(1));
    Path object2 = vault.pathOf(events.get(2).hash());
    Path object3 = vault.pathOf(events.get(3).hash());
    flip(copy0);
    Files.delete(copy1);
    flip(object2);
    Files.delete(object3);

    Verifier.Report found = verify(false);
    assertThat(found.problems()).hasSize(4);
    assertThat(String.join("\n", found.problems()))
        .contains(copy0 + " of f0.txt", copy1 + " of f1.txt", object2.toString(),
            object3.toString());
    assertThat(found.repaired()).isEmpty();
    assertThat(copy1).doesNotExist(); // verify alone changes nothing

    Verifier.Report repaired = verify(true);
    assertThat(repaired.problems()).isEmpty();
    assertThat(repaired.repaired()).hasSize(4);
    for (int i = 0; i < 4; i++) {
      byte[] expected = ("content of file " + i).getBytes(StandardCharsets.UTF_8);
      assertThat(backup.copyOf(events.get(i))).hasBinaryContent(expected);
      assertThat(vault.pathOf(events.get(i).hash())).hasBinaryContent(expected);
    }
    // the damaged files were moved aside, not overwritten
    assertThat(quarantined(backup.quarantineDir())).singleElement()
        .satisfies(p -> assertThat(p.getFileName().toString()).startsWith("f0.txt.1.s1.rev."));
    assertThat(quarantined(vault.root().resolve(Repair.VAULT_QUARANTINE))).singleElement()
        .satisfies(p -> assertThat(p.getFileName().toString())
            .startsWith(events.get(2).hash() + "."));
    assertThat(verify(false).problems()).isEmpty();
  }

  @Test
  void a_version_bad_on_both_sides_is_listed_as_not_repairable_and_nothing_is_written()
      throws Exception {
    Path copy = backup.copyOf(events.get(4));
    flip(copy);
    Files.delete(vault.pathOf(events.get(4).hash()));

    Verifier.Report r = verify(true);

    assertThat(r.repaired()).isEmpty();
    assertThat(r.problems()).hasSize(2).allSatisfy(p -> assertThat(p).contains("cannot repair"));
    assertThat(vault.contains(events.get(4).hash())).isFalse();
    assertThat(Files.readAllBytes(copy)[0]).isEqualTo((byte) ('c' ^ 1)); // left in place
  }

  private static List<Path> quarantined(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
