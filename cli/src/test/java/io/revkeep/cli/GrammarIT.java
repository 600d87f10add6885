package io.revkeep.cli;

import static io.revkeep.cli.RunningRevkeep.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code PATH@REV} grammar on every command that takes a version, short change-set ids, and
 * usage errors of one line; the real executable against one {@code up} for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrammarIT {
  @TempDir static Path dir;
  private RunningRevkeep revkeep;
  /** The instant of a.txt's version 1, exactly as recorded. */
  private String firstTime;

  @BeforeAll
  void start() throws Exception {
    revkeep = RunningRevkeep.start(dir);
    revkeep.edit("a.txt", "one\n", 1);
    revkeep.edit("a.txt", "two\n", 2);
    revkeep.edit("a.txt", "three\n", 3);
    revkeep.edit("sub/b.txt", "b1\n", 1);
    revkeep.edit("sub/b.txt", "b2\n", 2);
    firstTime = revkeep.history("a.txt").get(0).get("time").asText();
  }

  @AfterAll
  void stop() {
    revkeep.close();
  }

  @Test
  void restore_show_pin_and_ls_take_at_n_at_minus_n_and_at_time() throws Exception {
    assertThat(revkeep.ok("restore", "a.txt@1", "--to", "r1.txt")).contains("restored version 1");
    assertThat(revkeep.read("r1.txt")).isEqualTo("one\n");
    revkeep.ok("restore", "a.txt@-1", "--to", "r2.txt");
    assertThat(revkeep.read("r2.txt")).isEqualTo("two\n");
    revkeep.ok("restore", "a.txt@" + firstTime, "--to", "r3.txt");
    assertThat(revkeep.read("r3.txt")).isEqualTo("one\n");

    assertThat(revkeep.ok("pin", "a.txt@2", "--label", "kept")).contains("pinned a.txt version 2");
    assertThat(revkeep.ok("unpin", "a.txt@-1")).contains("unpinned a.txt version 2");
    assertThat(revkeep.ok("ls", "@" + firstTime)).contains("a.txt").contains("v1")
        .doesNotContain("sub");
    assertOneLineError(revkeep.run("restore", "a.txt@9", "--to", "r9.txt"),
        "no version 9 of a.txt: it has 3 versions");
    assertOneLineError(revkeep.run("restore", "a.txt@-5", "--to", "r9.txt"),
        "cannot go back 5 from version 3 of a.txt");
  }

  @Test
  void diff_takes_two_revisions_or_one_and_the_newest() throws Exception {
    assertThat(revkeep.ok("diff", "a.txt@1", "@2")).contains("-one").contains("+two");
    assertThat(revkeep.ok("diff", "a.txt@-1")).contains("-two").contains("+three");
    assertThat(revkeep.ok("diff", "a.txt@1", "a.txt@3")).contains("-one").contains("+three");
    assertThat(revkeep.ok("diff", "a.txt", "1", "2")).contains("+two");
  }

  @Test
  void revert_takes_a_revision_and_the_old_flags() throws Exception {
    revkeep.edit("c.txt", "c1\n", 1);
    revkeep.edit("c.txt", "c2\n", 2);
    assertThat(revkeep.ok("revert", "c.txt@1")).contains("reverted c.txt to version 1");
    assertThat(revkeep.read("c.txt")).isEqualTo("c1\n");
    assertThat(revkeep.ok("revert", "-f", "c.txt", "-r", "1")).contains("to version 2");
    assertThat(revkeep.read("c.txt")).isEqualTo("c2\n");

    Revkeep.Result bare = revkeep.run("revert", "c.txt");
    assertThat(bare.exit()).isEqualTo(2);
    assertThat(bare.err().strip()).contains("c.txt@-1").endsWith("(see 'revkeep revert --help')")
        .doesNotContain("\n").doesNotContain("Usage:");
  }

  @Test
  void a_folder_restore_is_undone_by_a_short_change_set_id() throws Exception {
    String t = revkeep.history("sub/b.txt").get(0).get("time").asText();
    JsonNode done = RunningRevkeep.JSON.readTree(revkeep.ok("restore", "sub@" + t, "--json"));
    String id = done.get("result").get("change_set").asText();
    assertThat(revkeep.read("sub/b.txt")).isEqualTo("b1\n");
    assertThat(revkeep.ok("history", "sub/b.txt")).contains("[" + id.substring(0, 8) + "]")
        .doesNotContain(id);
    assertOneLineError(revkeep.run("revert", "--change-set", id.substring(0, 2)),
        "give at least 4 characters");
    assertThat(revkeep.ok("revert", "--change-set", id.substring(0, 8)))
        .contains("undo of change set " + id);
    assertThat(revkeep.read("sub/b.txt")).isEqualTo("b2\n");
  }

  @Test
  void usage_errors_are_one_line_with_a_suggestion() throws Exception {
    Revkeep.Result typo = revkeep.run("histroy", "a.txt");
    assertThat(typo.exit()).isEqualTo(2);
    assertThat(typo.err().strip()).contains("'histroy' is not a revkeep command")
        .contains("did you mean 'history'?").doesNotContain("\n");
    Revkeep.Result option = revkeep.run("ls", "--delted");
    assertThat(option.exit()).isEqualTo(2);
    assertThat(option.err().strip()).contains("unknown option '--delted'")
        .contains("see 'revkeep ls --help'").doesNotContain("\n");
  }
}
