package io.revkeep.core.recover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.ImportedVersion;
import io.revkeep.core.store.HistoryScenario;
import io.revkeep.core.store.ImportException;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store and its vault rebuilt from a history and a folder of copies (real SQLite files, a real
 * vault, copies as files named by seq), with a damaged, a missing, an unreadable copy, and a
 * damaged one whose content another copy holds.
 */
class HistoryRebuildTest {
  @TempDir static Path recorded;
  @TempDir Path dir;

  private static Store original;
  private static HistoryScenario.Played played;
  private static List<ImportedVersion> history;
  private static Path allCopies;

  private Store rebuilt;
  private Path copies;
  private final Set<Long> unreadable = new LinkedHashSet<>();

  @BeforeAll
  static void recordAHistoryAndItsCopies() throws IOException {
    original = SqliteStore.open(recorded.resolve("original.db"));
    played = HistoryScenario.play(original, 40, 5);
    history = HistoryScenario.exported(original);
    allCopies = Files.createDirectories(recorded.resolve("backup"));
    for (ImportedVersion v : history) {
      if (v.hash() != null) {
        Files.writeString(allCopies.resolve(Long.toString(v.seq())),
            played.contents().get(v.hash()), StandardCharsets.UTF_8);
      }
    }
  }

  @AfterAll
  static void closeOriginal() {
    original.close();
  }

  @BeforeEach
  void aBackupFolderAndAnEmptyDataFolder() throws IOException {
    copies = Files.createDirectories(dir.resolve("backup"));
    try (Stream<Path> all = Files.list(allCopies)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Files.copy(p, copies.resolve(p.getFileName()));
      }
    }
    rebuilt = SqliteStore.open(dir.resolve("data").resolve("revkeep.db"));
  }

  @AfterEach
  void close() {
    rebuilt.close();
  }

  @Test
  void every_version_and_every_content_with_a_good_copy_comes_back() throws IOException {
    Vault vault = new Vault(dir.resolve("data").resolve("vault"));

    HistoryRebuild.Report r = new HistoryRebuild(rebuilt, vault, this::open)
        .run(history.iterator(), original.lastSeq());

    assertThat(r.complete()).isTrue();
    assertThat(r.versions()).isEqualTo(history.size());
    Set<String> hashes = hashes(history);
    assertThat(r.objects()).isEqualTo(hashes.size());
    assertThat(r.bytes()).isEqualTo(hashes.stream()
        .mapToLong(h -> played.contents().get(h).length()).sum());
    for (String h : hashes) {
      assertThat(vault.verify(h)).as(h).isTrue();
    }
    assertSameStore();
  }

  @Test
  void damaged_missing_and_unreadable_copies_are_reported_and_their_versions_kept()
      throws IOException {
    Map<String, Integer> uses = new HashMap<>();
    history.stream().filter(v -> v.hash() != null).forEach(v -> uses.merge(v.hash(), 1, Integer::sum));
    List<ImportedVersion> lonely = history.stream()
        .filter(v -> v.hash() != null && uses.get(v.hash()) == 1).toList();
    ImportedVersion shared = history.stream()
        .filter(v -> v.hash() != null && uses.get(v.hash()) > 1).findFirst().orElseThrow();
    ImportedVersion missing = lonely.get(0);
    ImportedVersion rotten = lonely.get(1);
    ImportedVersion locked = lonely.get(2);
    Files.delete(copy(missing));
    flipAByte(copy(rotten));
    flipAByte(copy(shared));
    unreadable.add(locked.seq());
    Vault vault = new Vault(dir.resolve("data").resolve("vault"));

    HistoryRebuild.Report r = new HistoryRebuild(rebuilt, vault, this::open)
        .run(history.iterator(), original.lastSeq());

    assertThat(r.complete()).isFalse();
    assertThat(r.versions()).isEqualTo(history.size());
    assertThat(r.damaged()).containsExactlyElementsOf(bySeq(shared, rotten, locked));
    assertThat(r.unrecovered()).containsExactlyElementsOf(bySeq(missing, rotten, locked));
    assertThat(vault.contains(shared.hash())).isTrue();
    Set<String> lost = Set.of(missing.hash(), rotten.hash(), locked.hash());
    Set<String> back = hashes(history);
    back.removeAll(lost);
    assertThat(r.objects()).isEqualTo(back.size());
    for (String h : back) {
      assertThat(vault.verify(h)).as(h).isTrue();
    }
    for (String h : lost) {
      assertThat(vault.contains(h)).as(h).isFalse();
    }
    try (Stream<Path> objects = Files.walk(vault.root())) {
      assertThat(objects.filter(Files::isRegularFile)).hasSize(back.size()); // no stray bytes
    }
    assertSameStore(); // the history is whole; only some bytes are gone
  }

  @Test
  void a_store_that_is_not_empty_is_refused_and_nothing_is_written() throws IOException {
    rebuilt.record(Change.content("a.txt", HistoryScenario.hash("a"), 1, 1, Instant.now(),
        "alice", "host:/srv"));
    Vault vault = new Vault(dir.resolve("data").resolve("vault"));

    assertThatThrownBy(() -> new HistoryRebuild(rebuilt, vault, this::open)
        .run(history.iterator(), original.lastSeq()))
        .isInstanceOf(ImportException.class)
        .hasMessage("the store already holds files or events; a history is rebuilt only into"
            + " an empty store");
    assertThat(rebuilt.lastSeq()).isEqualTo(1);
    try (Stream<Path> objects = Files.walk(vault.root())) {
      assertThat(objects.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void the_rebuilt_store_carries_on_after_the_last_seq_known() throws IOException {
    Vault vault = new Vault(dir.resolve("data").resolve("vault"));

    new HistoryRebuild(rebuilt, vault, this::open).run(history.iterator(),
        original.lastSeq() + 3);

    assertThat(rebuilt.lastSeq()).isEqualTo(original.lastSeq() + 3);
    assertThat(rebuilt.isHole(original.lastSeq() + 1)).isTrue();
  }

  // ---- helpers --------------------------------------------------------------------------------

  private Optional<InputStream> open(ImportedVersion v) throws IOException {
    if (unreadable.contains(v.seq())) {
      throw new IOException("Input/output error");
    }
    try {
      return Optional.of(Files.newInputStream(copy(v)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private Path copy(ImportedVersion v) {
    return copies.resolve(Long.toString(v.seq()));
  }

  private static void flipAByte(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 1;
    Files.write(file, b);
  }

  private static Set<String> hashes(List<ImportedVersion> versions) {
    Set<String> out = new LinkedHashSet<>();
    versions.stream().filter(v -> v.hash() != null).forEach(v -> out.add(v.hash()));
    return out;
  }

  private static List<ImportedVersion> bySeq(ImportedVersion... vs) {
    List<ImportedVersion> out = new ArrayList<>(List.of(vs));
    out.sort(java.util.Comparator.comparingLong(ImportedVersion::seq));
    return out;
  }

  private void assertSameStore() {
    assertThat(rebuilt.lastSeq()).isEqualTo(original.lastSeq());
    assertThat(rebuilt.eventsAfter(0, Integer.MAX_VALUE))
        .isEqualTo(original.eventsAfter(0, Integer.MAX_VALUE));
    for (FileRecord f : original.files("", true, true)) {
      assertThat(rebuilt.history(f.path())).as(f.path()).isEqualTo(original.history(f.path()));
    }
  }
}
