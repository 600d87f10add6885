package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.store.ConflictException;
import io.revkeep.core.store.StoreException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How a command's failure reaches the user: one line on stderr, whatever the store said. */
class MainTest {

  private static String handled(Exception e) {
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setErr(new PrintWriter(err, true));
    assertThat(Main.handle(e, cmd, null)).isEqualTo(Main.EXIT_FAILURE);
    return err.toString();
  }

  @Test
  void an_unavailable_store_is_one_line() {
    assertThat(handled(new StoreException("sqlite /x.db is closed")))
        .isEqualTo("revkeep: sqlite /x.db is closed" + System.lineSeparator());
  }

  @Test
  void a_conflict_is_one_line_too_although_it_is_no_store_failure() {
    assertThat(handled(new ConflictException("user 'ann' already exists")))
        .isEqualTo("revkeep: user 'ann' already exists" + System.lineSeparator());
  }
}
