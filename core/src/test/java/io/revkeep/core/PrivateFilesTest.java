package io.revkeep.core;

import static io.revkeep.core.OwnerOnlyTest.mode;
import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: under the usual umask (022) revkeep.db, with its password hashes, and the vault were
 * created readable by every user of the host. Whatever the umask, they are now owner-only.
 */
class PrivateFilesTest {
  @TempDir Path work;

  @Test
  void a_new_database_and_its_wal_and_shm_are_owner_only() throws IOException {
    Path data = work.resolve("data");
    Path db = data.resolve("revkeep.db");
    try (SqliteStore store = SqliteStore.open(db)) {
      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(mode(db)).isEqualTo("rw-------");
      assertThat(mode(data.resolve("revkeep.db-wal"))).isEqualTo("rw-------");
      assertThat(mode(data.resolve("revkeep.db-shm"))).isEqualTo("rw-------");
    }
  }

  @Test
  void a_world_readable_database_is_tightened_when_opened() throws IOException {
    Path db = work.resolve("revkeep.db");
    SqliteStore.open(db).close();
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));

    SqliteStore.open(db).close();

    assertThat(mode(db)).isEqualTo("rw-------");
  }

  @Test
  void a_data_folder_made_by_the_feed_token_is_owner_only() throws IOException {
    Path data = work.resolve("fresh-data");
    FeedToken.resolve("", data);

    assertThat(mode(data)).isEqualTo("rwx------");
    assertThat(mode(data.resolve(FeedToken.FILE))).isEqualTo("rw-------");
  }

  @Test
  void the_vault_status_files_and_the_generated_feed_token_are_owner_only() throws IOException {
    Path data = work.resolve("data");
    Vault vault = new Vault(data.resolve("vault"));
    String hash = vault.put(new ByteArrayInputStream("secret plans".getBytes(StandardCharsets.UTF_8)));
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    new StatusBoard(data).write(new ServiceStatus("listener", 1, "host", t, t, true, Map.of()));
    FeedToken.resolve("", data);

    assertThat(mode(data.resolve("vault"))).isEqualTo("rwx------");
    assertThat(mode(data.resolve("status"))).isEqualTo("rwx------");
    try (var files = Files.list(data.resolve("status"))) {
      files.forEach(f -> assertThat(modeOf(f)).as(f.toString()).isEqualTo("rw-------"));
    }
    assertThat(mode(data.resolve(FeedToken.FILE))).isEqualTo("rw-------");
    assertThat(mode(vault.pathOf(hash))).isEqualTo("rw-------");
  }

  private static String modeOf(Path p) {
    try {
      return mode(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
