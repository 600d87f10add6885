package io.revkeep.backup;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.tuple;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.PendingHashes;
import io.revkeep.core.vault.Vault;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention carried out on a real SQLite store, vault and backup folder (no feed). */
class PrunerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;
  private SqliteStore store;
  private Vault vault;
  private BackupFolder backup;
  private long tick;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("revkeep.db"));
    vault = new Vault(dir.resolve("vault"));
    backup = new BackupFolder(dir.resolve("backup"), ".rev");
  }

  @AfterEach
  void close() {
    store.close();
  }

  /**
   * Records a version, stores its bytes, and writes its backup copy and record entry as the
   * backup would; returns the hash.
   */
  private String put(String path, String content) throws Exception {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    String hash = vault.put(new ByteArrayInputStream(b));
    backUp(store.record(Change.content(path, hash, b.length, tick, T0.plusSeconds(tick++),
        "u", "h")).orElseThrow(), b);
    return hash;
  }

  /** Backs up one event; a DELETE ({@code bytes} null) has no copy. */
  private void backUp(Event e, byte[] bytes) throws Exception {
    String name = null;
    if (bytes != null) {
      Path copy = backup.copyOf(e);
      Files.createDirectories(copy.getParent());
      Files.write(copy, bytes);
      name = backup.relative(copy);
    }
    RecordSegments.writeVersions(backup.recordDir(), e.seq(), e.seq(),
        List.of(RecordLines.encode(RecordedVersion.of(e, name))));
    backup.markCurrentLayout();
    backup.writeCursor(store.lastSeq());
  }

  @Test
  void a_vault_object_another_file_still_uses_stays_and_records_are_never_removed()
      throws Exception {
    String shared = put("a.txt", "same");
    String onlyOld = put("b.txt", "old");
    put("a.txt", "new a");
    put("b.txt", "new b");
    put("c.txt", "same"); // c's current content is a's pruned version 1

    Pruner pruner = new Pruner(store, vault, backup, new CountRetention(1));
    Pruner.Plan plan = pruner.plan(T0.plusSeconds(100));
    Pruner.Result result = pruner.apply(plan);

    assertThat(plan.removals()).extracting(r -> r.version().toString())
        .containsExactly("a.txt v1", "b.txt v1");
    assertThat(plan.vaultObjects()).containsExactly(onlyOld);
    assertThat(result.copiesRemoved()).isEqualTo(2);
    assertThat(result.vaultObjectsRemoved()).isEqualTo(1);
    assertThat(vault.contains(shared)).isTrue();
    assertThat(vault.contains(onlyOld)).isFalse();
    assertThat(backup.copyOf("a.txt", 1, 1)).doesNotExist();
    assertThat(backup.copyOf("a.txt", 2, 3)).exists();
    assertThat(BackupRecord.read(backup.root()).removals())
        .extracting(RecordedRemoval::copy, RecordedRemoval::removedAt, RecordedRemoval::policy)
        .containsExactly(
            tuple("a.txt.1.s1.rev", T0.plusSeconds(100), "keep the newest 1 versions of each file"),
            tuple("b.txt.1.s2.rev", T0.plusSeconds(100), "keep the newest 1 versions of each file"));
    assertThat(store.history("a.txt")).hasSize(2); // history is never rewritten
    assertThat(Verifier.verify(pruner.plan(T0.plusSeconds(100)), vault, backup).problems())
        .isEmpty();
  }

  @Test
  void retention_finds_each_copy_of_a_reused_path_by_its_seq() throws Exception {
    put("a.txt", "old one");
    put("a.txt", "old two");
    byte[] moved = "old two".getBytes(StandardCharsets.UTF_8);
    backUp(store.record(Change.rename("a.txt", "b.txt", Vault.sha256Hex(moved), moved.length,
        tick, T0.plusSeconds(tick++), "u", "h")).orElseThrow(), moved);
    put("a.txt", "new one"); // the path reused: version 1 again, another file
    put("a.txt", "new two");

    Pruner pruner = new Pruner(store, vault, backup, new CountRetention(1));
    pruner.apply(pruner.plan(T0.plusSeconds(100)));

    assertThat(BackupDaemonIT.tree(backup.root())).containsOnlyKeys("b.txt.3.s3.rev",
        "a.txt.2.s5.rev");
    assertThat(BackupRecord.read(backup.root()).removals()).extracting(RecordedRemoval::seq)
        .containsExactly(1L, 2L, 4L);
    assertThat(Verifier.verify(pruner.plan(T0.plusSeconds(100)), vault, backup).problems())
        .isEmpty();
  }

  @Test
  void a_deleted_file_whose_path_a_rename_took_keeps_its_own_history_for_retention_and_verify()
      throws Exception {
    put("a.txt", "first");
    byte[] first = "first".getBytes(StandardCharsets.UTF_8);
    backUp(store.record(Change.rename("a.txt", "b.txt", Vault.sha256Hex(first), first.length,
        tick, T0.plusSeconds(tick++), "u", "h")).orElseThrow(), first);
    String reuseOld = put("a.txt", "reuse one");   // another file at the old path
    String reuseNew = put("a.txt", "reuse two");
    backUp(store.record(Change.delete("a.txt", T0.plusSeconds(tick++), "u", "h"))
        .orElseThrow(), null);
    backUp(store.record(Change.rename("b.txt", "a.txt", Vault.sha256Hex(first), first.length,
        tick, T0.plusSeconds(tick++), "u", "h")).orElseThrow(), first); // back onto it
    put("c.txt", "reuse one"); // another file whose content is the detached one's old version

    Pruner pruner = new Pruner(store, vault, backup, new CountRetention(1));
    Pruner.Plan plan = pruner.plan(T0.plusSeconds(100));

    // the detached file's versions are candidates of their own history, not of a.txt's ...
    assertThat(plan.versions()).extracting(v -> v.file() + " v" + v.version())
        .contains("a.txt v1", "a.txt v3", "c.txt v1")
        .anyMatch(s -> s.startsWith("a.txt (an earlier file there, deleted ") && s.endsWith(" v1"))
        .anyMatch(s -> s.startsWith("a.txt (an earlier file there, deleted ") && s.endsWith(" v2"));
    // ... so "reuse two", the newest version of the deleted file, stays, and "reuse one" goes
    // from the backup but not from the vault, which c.txt still needs
    assertThat(plan.removals()).extracting(r -> r.version().hash()).contains(reuseOld)
        .doesNotContain(reuseNew);
    assertThat(plan.vaultObjects()).doesNotContain(reuseOld, reuseNew);
    pruner.apply(plan);
    assertThat(vault.contains(reuseNew)).isTrue();
    assertThat(Verifier.verify(pruner.plan(T0.plusSeconds(100)), vault, backup).problems())
        .isEmpty();
  }

  @Test
  void a_folder_of_the_layout_before_the_record_is_neither_pruned_nor_checked_until_migrated()
      throws Exception {
    put("a.txt", "one");
    put("a.txt", "two");
    // as the revkeep before the record left it: an old-layout copy, a cursor, no record
    Path old = backup.root().resolve("a.txt.1.rev");
    Files.writeString(old, "one");
    deleteRecord();

    Pruner pruner = new Pruner(store, vault, backup, new CountRetention(1));
    Pruner.Result result = pruner.apply(pruner.plan(T0.plusSeconds(100)));

    assertThat(result.copiesRemoved()).isZero();
    assertThat(old).exists(); // the backup's migration renames it first; a later prune removes it
    assertThat(Verifier.verify(pruner.plan(T0.plusSeconds(100)), vault, backup).problems())
        .containsExactly("backup folder " + backup.root() + ": not in this revkeep's layout yet"
            + " (written by an older revkeep, or its first catch-up is not done); start the"
            + " backup (revkeep backup or up) and let it catch up, then verify again");
  }

  private void deleteRecord() throws Exception {
    try (var files = Files.walk(backup.recordDir())) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    Files.delete(backup.stateDir().resolve("layout"));
  }

  @Test
  void pinned_and_not_yet_backed_up_versions_keep_their_bytes() throws Exception {
    put("a.txt", "one");
    put("a.txt", "two");
    put("a.txt", "three");
    store.pin("a.txt", 1, "signed", T0);
    backup.writeCursor(1); // the backup has copied only seq 1: v2 is held for it

    Pruner.Plan plan = new Pruner(store, vault, backup, new CountRetention(1))
        .plan(T0.plusSeconds(100));

    assertThat(plan.removals()).isEmpty();
    assertThat(plan.versions()).extracting(RetentionPolicy.Version::why)
        .containsExactly("pinned \"signed\"", Pruner.HELD, "the current content");
  }

  @Test
  void an_object_a_version_recorded_after_the_plan_uses_is_put_back() throws Exception {
    String old = put("a.txt", "old");
    put("a.txt", "new");
    Pruner pruner = new Pruner(store, vault, backup, new CountRetention(1));
    Pruner.Plan plan = pruner.plan(T0.plusSeconds(100));
    assertThat(plan.vaultObjects()).containsExactly(old);

    // the listener records the old content again between plan and apply (its capture found
    // the object present and kept no copy of its own)
    store.record(Change.content("b.txt", old, 3, 0, T0.plusSeconds(50), "u", "h"));
    Pruner.Result result = pruner.apply(plan);

    assertThat(result.vaultObjectsRemoved()).isZero();
    assertThat(vault.verify(old)).isTrue();
  }

  @Test
  void bytes_named_by_the_listeners_pending_journal_are_never_removed() throws Exception {
    String old = put("a.txt", "old");
    put("a.txt", "new");
    // the store was down when c.txt got the old content: only the journal names it so far
    Path pending = java.nio.file.Files.createDirectories(PendingHashes.folderBeside(vault));
    java.nio.file.Files.writeString(pending.resolve("00000000000000000001.jsonl"),
        "{\"v\":1,\"action\":\"MODIFY\",\"path\":\"c.txt\",\"hash\":\"" + old
            + "\",\"size\":3}\n{\"v\":1,\"action\":\"DELETE\",\"path\":\"x\",\"hash\":null}\n"
            + "{\"v\":1,\"act");
    Pruner pruner = new Pruner(store, vault, backup, new CountRetention(1));
    Pruner.Plan plan = pruner.plan(T0.plusSeconds(100));
    assertThat(plan.removals()).hasSize(1); // the backup copy of version 1 still goes
    assertThat(plan.vaultObjects()).isEmpty();
    pruner.apply(plan);
    assertThat(vault.verify(old)).isTrue();
  }

  @Test
  void the_trash_is_emptied_by_the_next_prune_unless_a_version_needs_it_again() throws Exception {
    String old = put("a.txt", "old");
    put("a.txt", "new");
    Pruner pruner = new Pruner(store, vault, backup, new CountRetention(1));
    pruner.apply(pruner.plan(T0.plusSeconds(100)));
    assertThat(vault.contains(old)).isFalse();
    assertThat(vault.root().resolve("trash").resolve(old)).exists();

    pruner.apply(pruner.plan(T0.plusSeconds(200)));

    assertThat(vault.root().resolve("trash").resolve(old)).doesNotExist();
    assertThat(store.version("a.txt", 1)).isPresent();
  }
}
