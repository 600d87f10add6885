package io.revkeep.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revkeep.core.Sha256;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.Origin;
import io.revkeep.core.write.WriteRefusedException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WriteOp.Move}: one rename in the file system, announced so the RENAME is the user's. */
class WriterMoveTest {
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
  void a_move_renames_into_a_new_folder_and_its_intent_names_the_user_and_change_set()
      throws Exception {
    String hash = f.edit("a/report.txt", "the report\n");
    long inode = (Long) Files.getAttribute(f.abs("a/report.txt"), "unix:ino");
    WriteRequest move = f.request(new WriteOp.Move("a/report.txt", "b/c/report.txt"));
    WriteResult done = f.writer.apply(move);

    assertThat(f.abs("a/report.txt")).doesNotExist();
    assertThat(f.abs("b/c/report.txt")).hasContent("the report");
    assertThat(Files.getAttribute(f.abs("b/c/report.txt"), "unix:ino"))
        .as("moved, not copied").isEqualTo(inode);
    assertThat(done.done()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("b/c/report.txt");
      assertThat(d.hash()).isEqualTo(hash);
    });
    // the listener's part: the new path with the content of a record whose file is gone
    Event renamed = f.store.record(Change.rename("a/report.txt", "b/c/report.txt", hash, 11, 0,
        Clock.systemUTC().instant(), "os", "test")).orElseThrow();
    assertThat(renamed.action()).isEqualTo(Action.RENAME);
    assertThat(renamed.user()).isEqualTo("alice");
    assertThat(renamed.origin()).isEqualTo(Origin.WEB);
    assertThat(renamed.changeSet()).isEqualTo(move.changeSet());
    assertThat(f.store.history("b/c/report.txt")).extracting(v -> v.path())
        .containsExactly("a/report.txt", "b/c/report.txt");
    assertThat(f.leftovers()).isEmpty();
  }

  @Test
  void a_move_may_land_on_a_deleted_files_path_which_the_rename_detaches() throws Exception {
    String hash = f.edit("x.txt", "x\n");
    f.edit("gone.txt", "soon deleted\n");
    Files.delete(f.abs("gone.txt"));
    f.recordAsListener("gone.txt");

    f.writer.apply(f.request(new WriteOp.Move("x.txt", "gone.txt")));

    assertThat(f.abs("gone.txt")).hasContent("x");
    assertThat(f.abs("x.txt")).doesNotExist();
    f.store.record(Change.rename("x.txt", "gone.txt", hash, 2, 0, Clock.systemUTC().instant(),
        "os", "test")).orElseThrow();
    assertThat(f.store.history("gone.txt")).extracting(v -> v.path())
        .containsExactly("x.txt", "gone.txt");
  }

  @Test
  void a_move_never_replaces_a_file() throws Exception {
    f.edit("x.txt", "x\n");
    f.edit("y.txt", "y\n");

    assertThatThrownBy(() -> f.writer.apply(f.request(new WriteOp.Move("x.txt", "y.txt"))))
        .isInstanceOf(WriteRefusedException.class)
        .hasMessageContaining("another file is recorded there")
        .extracting(e -> ((WriteRefusedException) e).reason()).isEqualTo(Reason.BAD_PATH);
    assertThatThrownBy(() -> f.writer.apply(f.request(new WriteOp.Move("nothing.txt", "z.txt"))))
        .hasMessageContaining("no file is recorded at 'nothing.txt'");
    assertThatThrownBy(() -> f.writer.apply(f.request(new WriteOp.Move("x.txt", "z.txt"),
        new WriteOp.Remove("x.txt")))).hasMessageContaining("names 'x.txt' twice");
    assertThatThrownBy(() -> f.writer.apply(f.request(new WriteOp.Move("x.txt", "../out.txt"))))
        .extracting(e -> ((WriteRefusedException) e).reason()).isEqualTo(Reason.BAD_PATH);

    // an unrecorded file at the target: the guard refuses, nothing moves
    Files.writeString(f.abs("z.txt"), "made behind revkeep's back\n");
    assertThatThrownBy(() -> f.writer.apply(f.request(new WriteOp.Move("x.txt", "z.txt"))))
        .extracting(e -> ((WriteRefusedException) e).reason()).isEqualTo(Reason.UNRECORDED);
    assertThat(f.abs("x.txt")).hasContent("x");
    assertThat(f.abs("y.txt")).hasContent("y");
    assertThat(f.abs("z.txt")).hasContent("made behind revkeep's back");
    assertThat(Sha256.ofFile(f.abs("x.txt"))).isPresent();
  }
}
