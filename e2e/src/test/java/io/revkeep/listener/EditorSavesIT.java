package io.revkeep.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.config.EditorFiles;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.FeedServerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: with the default ignore list ({@link EditorFiles}), each editor's and office suite's
 * save — its lock, owner, swap and temporary files, and the renames it saves with, done on the
 * real file system as the program does them — becomes exactly one new version of the document,
 * its history intact (a modification, not a delete and a create), and nothing else is recorded.
 */
class EditorSavesIT {
  private static final int SAVES = 3;

  @TempDir Path dir;
  Path shared;
  SqliteStore store;
  ListenerDaemon listener;

  @BeforeEach
  void start() throws IOException {
    shared = Files.createDirectories(dir.resolve("shared"));
    Path data = Files.createDirectories(dir.resolve("data"));
    store = SqliteStore.open(data.resolve("revkeep.db"));
    listener = ListenerDaemon.start(new ListenerDaemon.Settings(shared, data, List.of(),
        EditorFiles.IGNORE, Duration.ofMillis(100), FeedServerSettings.builder("t")
            .bindAddress("127.0.0.1").port(0).build()), store, new Vault(data.resolve("vault")));
  }

  @AfterEach
  void stop() {
    listener.close();
    store.close();
  }

  /** Word: its owner file while open; a save writes a temporary, swaps, deletes the old. */
  @Test
  void microsoft_word() throws Exception {
    edit("report.docx", doc -> write(doc.resolveSibling("~$report.docx"), "owner"),
        (doc, content) -> {
          Path fresh = write(doc.resolveSibling("~WRL0001.tmp"), content);
          Path old = doc.resolveSibling("~WRL0002.tmp");
          Files.move(doc, old);
          Files.move(fresh, doc);
          Files.delete(old);
        }, doc -> Files.delete(doc.resolveSibling("~$report.docx")));
  }

  /**
   * Excel: its owner file while open; a save writes a randomly named temporary, swaps it with
   * the document and deletes the old one within moments, so neither temporary is recorded.
   */
  @Test
  void microsoft_excel() throws Exception {
    edit("budget.xlsx", doc -> write(doc.resolveSibling("~$budget.xlsx"), "owner"),
        (doc, content) -> {
          Path fresh = write(doc.resolveSibling("8F1C2A30"), content);
          Path old = doc.resolveSibling("D41E7B02");
          Files.move(doc, old);
          Files.move(fresh, doc);
          Files.delete(old);
        }, doc -> Files.delete(doc.resolveSibling("~$budget.xlsx")));
  }

  /** LibreOffice: its lock file while open; a save renames a temporary over the document. */
  @Test
  void libreoffice() throws Exception {
    edit("budget.ods", doc -> write(doc.resolveSibling(".~lock.budget.ods#"), "lock"),
        (doc, content) -> {
          Path fresh = write(doc.resolveSibling("lu81a3kd9x.tmp"), content);
          Files.move(fresh, doc, StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
        }, doc -> Files.delete(doc.resolveSibling(".~lock.budget.ods#")));
  }

  /** vim: its swap file while open; a save moves the document to its backup, writes anew. */
  @Test
  void vim() throws Exception {
    edit("notes.txt", doc -> write(doc.resolveSibling(".notes.txt.swp"), "swap"),
        (doc, content) -> {
          Path backup = doc.resolveSibling("notes.txt~");
          Files.move(doc, backup);
          write(doc, content);
          Files.delete(backup);
        }, doc -> Files.delete(doc.resolveSibling(".notes.txt.swp")));
  }

  /** emacs: its lock link and auto-save file while open; the first backup is kept. */
  @Test
  void emacs() throws Exception {
    edit("todo.org", doc -> {
      Files.createSymbolicLink(doc.resolveSibling(".#todo.org"),
          Path.of("someone@host.1234:1700000000"));
      write(doc.resolveSibling("#todo.org#"), "auto-saved");
    }, (doc, content) -> {
      Files.move(doc, doc.resolveSibling("todo.org~"), StandardCopyOption.REPLACE_EXISTING);
      write(doc, content);
    }, doc -> {
      Files.delete(doc.resolveSibling("#todo.org#"));
      Files.delete(doc.resolveSibling(".#todo.org"));
    });
  }

  /** gedit (GIO): a hidden temporary, left a moment, renamed over the document. */
  @Test
  void gedit() throws Exception {
    edit("letter.txt", doc -> write(doc.resolveSibling(".goutputstream-OPEN00"), "x"),
        (doc, content) -> {
          Path fresh = write(doc.resolveSibling(".goutputstream-9XK2TZ"), content);
          Files.move(fresh, doc, StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
        }, doc -> Files.delete(doc.resolveSibling(".goutputstream-OPEN00")));
  }

  /** JetBrains "safe write": a temporary, the document moved to ___jb_old___, then deleted. */
  @Test
  void jetbrains() throws Exception {
    edit("Main.java", doc -> write(doc.resolveSibling("Main.java___jb_old___"), "left over"),
        (doc, content) -> {
          Path fresh = write(doc.resolveSibling("Main.java___jb_tmp___"), content);
          Path old = doc.resolveSibling("Main.java___jb_old___");
          Files.move(doc, old, StandardCopyOption.REPLACE_EXISTING);
          Files.move(fresh, doc);
        }, doc -> Files.delete(doc.resolveSibling("Main.java___jb_old___")));
  }

  /** Kate: its swap file while open; the document written in place. */
  @Test
  void kate() throws Exception {
    edit("script.sh", doc -> write(doc.resolveSibling(".script.sh.kate-swp"), "swap"),
        (doc, content) -> write(doc, content),
        doc -> Files.delete(doc.resolveSibling(".script.sh.kate-swp")));
  }

  interface Step {
    void on(Path document) throws IOException;
  }

  interface Save {
    void save(Path document, String content) throws IOException;
  }

  /**
   * Creates the document, opens it (the editor's files appear and stay while it is open: each
   * save below waits for a version, so they outlive the settle time), saves it {@value #SAVES}
   * times, closes it; then checks that only the document's versions were recorded.
   */
  private void edit(String name, Step open, Save save, Step close) throws Exception {
    Path doc = write(shared.resolve("docs").resolve(name), "first draft");
    String rel = "docs/" + name;
    awaitVersions(rel, 1);
    open.on(doc);
    for (int i = 1; i <= SAVES; i++) {
      String content = "draft " + (i + 1);
      save.save(doc, content);
      List<VersionRecord> h = awaitVersions(rel, i + 1);
      assertThat(h.get(i).hash()).isEqualTo(Vault.sha256Hex(
          content.getBytes(StandardCharsets.UTF_8)));
    }
    close.on(doc);
    // A file written after the close is recorded after anything the editor left to settle
    // (paths settle in the order they were last touched): once it is there, nothing more comes.
    write(shared.resolve("after.txt"), "written after the editor closed");
    awaitVersions("after.txt", 1);
    assertThat(store.history(rel)).extracting(VersionRecord::action)
        .containsExactly(Action.CREATE, Action.MODIFY, Action.MODIFY, Action.MODIFY);
    assertThat(store.files("", true, true)).extracting(FileRecord::path)
        .containsExactlyInAnyOrder(rel, "after.txt");
  }

  private List<VersionRecord> awaitVersions(String rel, int n) {
    await().atMost(Duration.ofSeconds(20)).until(() -> store.history(rel).size() >= n);
    return store.history(rel);
  }

  private static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }
}
