package io.revkeep.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revkeep.core.write.WriteRefusedException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WriteOp.MakeFolder}: a new empty folder where nothing stands, never through a link. */
class WriterMakeFolderTest {
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
  void a_new_folder_and_its_missing_parents_are_made_and_nothing_is_recorded() throws Exception {
    WriteRequest mkdir = f.request(new WriteOp.MakeFolder("projects/2026/drafts"));
    WriteResult done = f.writer.apply(mkdir);

    assertThat(f.abs("projects/2026/drafts")).isEmptyDirectory();
    assertThat(done.changeSet()).isEqualTo(mkdir.changeSet());
    assertThat(done.done()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("projects/2026/drafts");
      assertThat(d.hash()).isNull();
    });
    assertThat(f.store.files("", true, true)).isEmpty();
    assertThat(f.leftovers()).isEmpty();
  }

  @Test
  void a_folder_file_or_link_standing_there_is_refused_and_nothing_changes() throws Exception {
    Files.createDirectories(f.abs("docs"));
    f.edit("notes.txt", "a note\n");
    Files.createSymbolicLink(f.abs("link"), dir);

    for (String there : new String[] {"docs", "notes.txt", "link"}) {
      assertThatThrownBy(() -> f.writer.apply(f.request(new WriteOp.MakeFolder(there))))
          .isInstanceOf(WriteRefusedException.class)
          .hasMessageContaining("'" + there + "' exists already")
          .extracting(e -> ((WriteRefusedException) e).reason()).isEqualTo(Reason.EXISTS);
    }
    assertThat(f.abs("notes.txt")).hasContent("a note");
    assertThat(f.abs("docs")).isEmptyDirectory();
    assertThat(f.leftovers()).isEmpty();
  }

  @Test
  void hostile_names_and_folders_through_a_link_are_refused() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(f.abs("away"), outside);

    for (String bad : new String[] {"../escape", "/etc/evil", "a\u0001b", "a\\b",
        ".revkeep-tmp-x", "away/inside"}) {
      assertThatThrownBy(() -> f.writer.apply(f.request(new WriteOp.MakeFolder(bad))))
          .isInstanceOf(WriteRefusedException.class)
          .extracting(e -> ((WriteRefusedException) e).reason()).isEqualTo(Reason.BAD_PATH);
    }
    assertThat(outside).isEmptyDirectory();
    assertThat(dir.resolve("escape")).doesNotExist();
    assertThat(f.leftovers()).isEmpty();
  }
}
