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

/**
 * {@link WriteOp.RemoveFolder}: a folder removed only when empty by then — after the request's
 * moves took its files — never through a link, and a folder still holding something kept.
 */
class WriterRemoveFolderTest {
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
  void a_folder_emptied_by_the_requests_moves_is_removed_deepest_first() throws Exception {
    f.edit("old/a.txt", "a\n");
    f.edit("old/deep/b.txt", "b\n");
    WriteResult done = f.writer.apply(f.request(new WriteOp.Move("old/a.txt", "new/a.txt"),
        new WriteOp.Move("old/deep/b.txt", "new/deep/b.txt"),
        new WriteOp.RemoveFolder("old/deep"), new WriteOp.RemoveFolder("old")));

    assertThat(f.abs("old")).doesNotExist();
    assertThat(f.abs("new/a.txt")).hasContent("a");
    assertThat(f.abs("new/deep/b.txt")).hasContent("b");
    assertThat(done.done()).extracting(WriteResult.Done::removed)
        .containsExactly(false, false, true, true);
    assertThat(f.leftovers()).isEmpty();
  }

  @Test
  void a_folder_that_still_holds_something_or_is_not_there_stays_and_is_no_refusal()
      throws Exception {
    Files.createDirectories(f.abs("kept"));
    Files.writeString(f.abs("kept/unrecorded.swp"), "editor's\n");
    Files.writeString(f.abs("file.txt"), "a file\n");

    WriteResult done = f.writer.apply(f.request(new WriteOp.RemoveFolder("kept"),
        new WriteOp.RemoveFolder("missing")));

    assertThat(done.done()).extracting(WriteResult.Done::removed)
        .containsExactly(false, false);
    assertThat(f.abs("kept/unrecorded.swp")).hasContent("editor's");
    assertThat(f.abs("file.txt")).exists();
  }

  @Test
  void a_link_is_never_followed_nor_removed_as_a_folder() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createDirectories(outside.resolve("empty"));
    Files.createSymbolicLink(f.abs("link"), outside);

    assertThat(f.writer.apply(f.request(new WriteOp.RemoveFolder("link"))).done().get(0)
        .removed()).isFalse();
    assertThatThrownBy(() -> f.writer.apply(f.request(new WriteOp.RemoveFolder("link/empty"))))
        .isInstanceOf(WriteRefusedException.class)
        .extracting(e -> ((WriteRefusedException) e).reason()).isEqualTo(Reason.BAD_PATH);
    assertThat(f.abs("link")).isSymbolicLink();
    assertThat(outside.resolve("empty")).isEmptyDirectory();
  }
}
