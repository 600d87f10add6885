package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PrintableErrTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(new PrintableErr(bytes), true, StandardCharsets.UTF_8);

  private String written() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void control_characters_but_tab_and_line_feed_become_question_marks() {
    err.print("a\u001b]0;owned\u0007b\r\u007fc\td\n");
    assertThat(written()).isEqualTo("a?]0;owned?b??c\td\n");
  }

  @Test
  void c1_controls_in_utf8_become_one_question_mark_and_other_text_stays() {
    err.print("x\u009b31my é ¢ ü 日本\n");
    assertThat(written()).isEqualTo("x?31my é ¢ ü 日本\n");
  }

  @Test
  void a_lead_byte_at_the_end_of_a_flush_is_passed_on() throws Exception {
    PrintableErr raw = new PrintableErr(bytes);
    raw.write(0xC2);
    raw.flush();
    assertThat(bytes.toByteArray()).containsExactly((byte) 0xC2);
    raw.write(0x9B); // a new write after the flush: not joined to the passed-on lead
    assertThat(bytes.toByteArray()).containsExactly((byte) 0xC2, (byte) 0x9B);
  }

  @Test
  void a_stack_trace_with_a_hostile_file_name_prints_harmlessly() {
    new java.nio.file.NoSuchFileException("report\u001b[2J.txt").printStackTrace(err);
    assertThat(written()).startsWith("java.nio.file.NoSuchFileException: report?[2J.txt\n\tat ");
  }
}
