package io.revkeep.core.write;

import static io.revkeep.core.write.WriterFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.Lock;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.testing.Fifos;
import io.revkeep.core.write.WriteRefusedException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedFolderWriterTest {
  @TempDir Path dir;
  private WriterFixture f;

  @BeforeEach
  void open() throws IOException {
    f = new WriterFixture(dir);
  }

  @AfterEach
  void close() throws IOException {
    f.close();
  }

  @Test
  void an_upload_lands_in_new_folders_and_its_intent_names_the_user() throws Exception {
    Staged s = f.writer.stage(bytes("hello"));
    WriteResult r = f.writer.apply(f.request(WriteOp.put("a/b/report.txt", s)));
    assertThat(Files.readString(f.abs("a/b/report.txt"))).isEqualTo("hello");
    assertThat(r.done()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("a/b/report.txt");
      assertThat(d.hash()).isEqualTo(s.hash());
      assertThat(d.size()).isEqualTo(5);
    });
    f.recordAsListener("a/b/report.txt");
    VersionRecord v = f.store.version("a/b/report.txt", 1).orElseThrow();
    assertThat(v.user()).isEqualTo("alice");
    assertThat(v.changeSet()).isEqualTo(r.changeSet());
    assertThat(f.leftovers()).isEmpty();
  }

  @Test
  void a_restore_replaces_a_recorded_file_and_keeps_its_permissions() throws Exception {
    String old = f.edit("report.txt", "first");
    f.edit("report.txt", "second");
    Files.setPosixFilePermissions(f.abs("report.txt"),
        PosixFilePermissions.fromString("rw-r-----"));
    f.recordAsListener("report.txt"); // a chmod alone records nothing new
    f.writer.apply(f.request(WriteOp.putVersion("report.txt", old, "version 1 of report.txt")));
    assertThat(Files.readString(f.abs("report.txt"))).isEqualTo("first");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.abs("report.txt"))))
        .isEqualTo("rw-r-----");
    assertThat(f.leftovers()).isEmpty();
  }

  @Test
  void a_recorded_name_with_control_characters_is_written_back_but_not_made_by_an_upload()
      throws Exception {
    for (String name : List.of("new\nline.txt", "esc\u001b[2J\u001b]0;x\u0007.txt",
        "tab\there.txt", "del\u007f.txt", "dir\u001b[1m/inner\r.txt", "back\\slash.txt")) {
      String old = f.edit(name, "first of " + name);
      f.edit(name, "second");
      f.writer.apply(f.request(WriteOp.putVersion(name, old, "version 1 of " + name)));
      assertThat(Files.readString(f.abs(name))).isEqualTo("first of " + name);
      f.recordAsListener(name);
      assertThat(f.store.history(name)).hasSize(3);

      Staged s = f.writer.stage(bytes("new"));
      assertThatThrownBy(() -> f.writer.apply(f.request(WriteOp.put("copy of " + name, s))))
          .isInstanceOfSatisfying(WriteRefusedException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.BAD_PATH))
          .hasMessageContaining(name.contains("\\") ? "backslash" : "control character")
          .hasMessageNotContaining("\n").hasMessageNotContaining("\u001b");
      f.writer.discard(s);
      assertThat(f.abs("copy of " + name)).doesNotExist();
    }
    assertThat(f.leftovers()).isEmpty();
  }

  @Test
  void refuses_paths_that_escape_or_would_never_be_versioned_and_writes_nothing()
      throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(f.abs("link"), outside);
    Files.createDirectories(f.abs("docs"));
    Files.writeString(f.abs("plain"), "x");
    for (String bad : List.of("../x.txt", "/etc/x.txt", "link/x.txt", "a/../../x.txt",
        "docs", "plain/x.txt", "link", "a/.revkeep-tmp-x/y.txt", "notes.swp", "own/x.txt",
        "tab\tname", "n".repeat(256), "d/".repeat(2001) + "x")) {
      Staged s = f.writer.stage(bytes("x"));
      assertThatThrownBy(() -> f.writer.apply(f.request(WriteOp.put(bad, s))))
          .as(bad).isInstanceOfSatisfying(WriteRefusedException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.BAD_PATH);
            assertThat(e.partial()).isFalse();
            assertThat(e.getMessage()).doesNotContain(dir.toString());
          });
      f.writer.discard(s);
    }
    assertThat(outside).isEmptyDirectory();
    assertThat(f.abs("a")).doesNotExist();
    assertThat(f.leftovers()).isEmpty();
  }

  @Test
  void the_guards_refuse_in_order_and_change_nothing() throws Exception {
    try (WriterFixture down = new WriterFixture(dir.resolve("down"), what -> {
      throw new WriteRefusedException(Reason.LISTENER_DOWN, "the listener is not running");
    }, false)) {
      Staged s = down.writer.stage(bytes("x"));
      assertThatThrownBy(() -> down.writer.apply(down.request(WriteOp.put("../bad", s))))
          .hasFieldOrPropertyWithValue("reason", Reason.LISTENER_DOWN);
      assertThat(down.abs("x")).doesNotExist();
    }
    try (WriterFixture locking = new WriterFixture(dir.resolve("lock"), what -> {}, true)) {
      locking.edit("a.txt", "mine");
      locking.store.tryLock(new Lock("a.txt", "bob", Instant.now().plusSeconds(600)),
          Instant.now());
      Staged s = locking.writer.stage(bytes("x"));
      assertThatThrownBy(() -> locking.writer.apply(locking.request(WriteOp.put("a.txt", s))))
          .isInstanceOfSatisfying(WriteRefusedException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.LOCKED);
            assertThat(e.getMessage()).startsWith("a.txt is locked by bob until");
          });
      assertThat(Files.readString(locking.abs("a.txt"))).isEqualTo("mine");
    }
  }

  @Test
  void an_edit_the_listener_has_not_recorded_is_never_overwritten() throws Exception {
    String v1 = f.edit("a.txt", "one");
    Files.writeString(f.abs("a.txt"), "unrecorded edit");
    assertThatThrownBy(() -> f.writer.apply(f.request(WriteOp.putVersion("a.txt", v1,
        "version 1 of a.txt")))).hasFieldOrPropertyWithValue("reason", Reason.UNRECORDED);
    assertThat(Files.readString(f.abs("a.txt"))).isEqualTo("unrecorded edit");
  }

  @Test
  void a_fifo_at_the_path_is_refused_at_once_and_left_alone() throws Exception {
    // reading it to compare with the store would wait for a writer that never comes
    String v1 = f.edit("a.txt", "one");
    Files.delete(f.abs("a.txt"));
    Fifos.make(f.abs("a.txt"));
    Staged s = f.writer.stage(bytes("two"));
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      assertThatThrownBy(() -> f.writer.apply(f.request(WriteOp.put("a.txt", s))))
          .hasFieldOrPropertyWithValue("reason", Reason.BAD_PATH)
          .hasMessageContaining("'a.txt' is a special file");
      assertThatThrownBy(() -> f.writer.apply(f.request(WriteOp.putVersion("a.txt", v1,
          "version 1 of a.txt")))).hasFieldOrPropertyWithValue("reason", Reason.BAD_PATH);
    });
    assertThat(Files.isRegularFile(f.abs("a.txt"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(f.leftovers()).isEmpty();
  }

  @Test
  void missing_or_damaged_vault_bytes_are_refused_before_anything_is_written()
      throws Exception {
    f.edit("a.txt", "one");
    assertThatThrownBy(() -> f.writer.apply(f.request(WriteOp.putVersion("a.txt", "ab".repeat(32),
        "version 9 of a.txt")))).isInstanceOfSatisfying(WriteRefusedException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CONTENT_MISSING);
          assertThat(e.getMessage()).startsWith("the bytes of version 9 of a.txt are not in the"
              + " vault");
        });
    String two = f.edit("b.txt", "two");
    Files.writeString(f.vault.pathOf(two), "rotten"); // bit rot in the vault
    assertThatThrownBy(() -> f.writer.apply(f.request(WriteOp.putVersion("a.txt", two,
        "version 1 of b.txt")))).hasFieldOrPropertyWithValue("reason", Reason.DAMAGED);
    assertThat(Files.readString(f.abs("a.txt"))).isEqualTo("one");
    assertThat(f.leftovers()).isEmpty();
  }

  @Test
  void a_request_that_stops_midway_says_how_far_it_got() throws Exception {
    String one = f.edit("a.txt", "one");
    String two = f.edit("b.txt", "two");
    Files.writeString(f.vault.pathOf(two), "rotten");
    assertThatThrownBy(() -> f.writer.apply(f.request(
        WriteOp.putVersion("new.txt", one, "version 1 of a.txt"),
        WriteOp.putVersion("newer.txt", two, "version 1 of b.txt"))))
        .isInstanceOfSatisfying(WriteRefusedException.class, e -> {
          assertThat(e.partial()).isTrue();
          assertThat(e.getMessage()).contains("is damaged").contains("1 of 2 files");
        });
    assertThat(Files.readString(f.abs("new.txt"))).isEqualTo("one");
    assertThat(f.abs("newer.txt")).doesNotExist();
    assertThat(f.leftovers()).isEmpty();
  }

  @Test
  void a_removal_is_announced_and_waits_for_its_tombstone() throws Exception {
    f.edit("gone.txt", "bye");
    var request = new WriteRequest("the restore", "alice", UUID.randomUUID().toString(),
        List.of(WriteOp.remove("gone.txt")), Duration.ZERO, Duration.ofSeconds(20), null);
    CompletableFuture<WriteResult> running = CompletableFuture.supplyAsync(() -> {
      try {
        return f.writer.apply(request);
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS)
        .until(() -> !Files.exists(f.abs("gone.txt")));
    f.recordAsListener("gone.txt");
    WriteResult r = running.get(10, TimeUnit.SECONDS);
    assertThat(r.removed()).isEqualTo(1);
    assertThat(r.done().get(0).version()).isEqualTo(2);
    FileRecord rec = f.store.file("gone.txt").orElseThrow();
    assertThat(rec.deleted()).isTrue();
    assertThat(f.store.version("gone.txt", 2).orElseThrow().user()).isEqualTo("alice");
  }

  @Test
  void a_failing_source_leaves_the_staging_folder_empty() throws Exception {
    InputStream failing = new InputStream() {
      private int n;

      @Override
      public int read() throws IOException {
        if (n++ > 10) {
          throw new IOException("disk on fire");
        }
        return 'x';
      }
    };
    assertThatThrownBy(() -> f.writer.stage(failing)).hasMessageContaining("disk on fire");
    assertThat(f.abs(".revkeep-tmp-test-staging")).isEmptyDirectory();
  }

  @Test
  void a_staging_folder_swapped_for_a_link_is_refused_at_open() throws Exception {
    f.close();
    Path staging = f.abs(".revkeep-tmp-test-staging");
    Files.delete(staging);
    Files.createSymbolicLink(staging, Files.createDirectories(dir.resolve("elsewhere")));
    assertThatThrownBy(() -> new WriterFixture(dir)).isInstanceOf(IOException.class)
        .hasMessageContaining("cannot be used");
    Files.delete(staging);
    f = new WriterFixture(dir);
  }
}
