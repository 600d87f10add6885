package io.revkeep.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.logging.log4j.message.Message;
import org.junit.jupiter.api.Test;

class PrintableMessageFactoryTest {
  private final PrintableMessageFactory factory = new PrintableMessageFactory();

  @Test
  void a_name_with_a_newline_cannot_forge_a_log_line() {
    Message m = factory.newMessage("recorded {} version {}", "a\n2026-01-01 INFO forged", 3);

    assertThat(m.getFormattedMessage()).isEqualTo("recorded a\\n2026-01-01 INFO forged version 3");
  }

  @Test
  void every_overload_escapes_escape_sequences() {
    String evil = "x\u001b[31mred";
    assertThat(factory.newMessage(evil).getFormattedMessage()).isEqualTo("x\\x1b[31mred");
    assertThat(factory.newMessage((CharSequence) new StringBuilder(evil)).getFormattedMessage())
        .isEqualTo("x\\x1b[31mred");
    assertThat(factory.newMessage((Object) evil).getFormattedMessage()).isEqualTo("x\\x1b[31mred");
    assertThat(factory.newMessage("{} {} {}", 1, 2, evil).getFormattedMessage())
        .isEqualTo("1 2 x\\x1b[31mred");
    assertThat(factory.newMessage("{}{}{}{}{}{}{}{}{}{}", 0, 1, 2, 3, 4, 5, 6, 7, 8, evil)
        .getFormattedMessage()).isEqualTo("012345678x\\x1b[31mred");
  }

  @Test
  void a_trailing_exception_stays_the_exception_and_ordinary_text_is_unchanged() {
    IOException e = new IOException("boom");
    Message m = factory.newMessage("could not copy {}", "plain name.txt", e);

    assertThat(m.getFormattedMessage()).isEqualTo("could not copy plain name.txt");
    assertThat(m.getThrowable()).isSameAs(e);
    assertThat(m.getFormat()).isEqualTo("could not copy {}");
  }
}
