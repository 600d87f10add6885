package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentDispositionTest {
  /** Names a file system allows that would break a header or a terminal if sent raw. */
  static final String[] HOSTILE = {"new\nline.txt", "cr\r\nSet-Cookie: x=1", "esc\u001b[2J.txt",
      "tab\there", "del\u007f", "quote\" and \\ back.txt", "100%25 \u00e9t\u00e9 \uD83D\uDE00.txt",
      "star*'.txt", "semi;colon,comma.txt", "\u0085next\u2028line"};

  @Test
  void every_name_gives_a_header_of_visible_ascii_that_decodes_back_to_it() {
    for (String name : HOSTILE) {
      String header = ContentDisposition.of(false, name);
      assertThat(header.chars()).as(header).allMatch(c -> c >= 0x20 && c < 0x7f);
      assertThat(header).startsWith("attachment; filename=\"");
      String ext = header.substring(header.indexOf("filename*=UTF-8''") + 17);
      assertThat(ext).matches("[A-Za-z0-9!#$&+\\-.^_`|~%]+");
      assertThat(URLDecoder.decode(ext.replace("+", "%2B"), StandardCharsets.UTF_8))
          .isEqualTo(name);
    }
  }

  @Test
  void the_plain_filename_is_a_quoted_string_without_quotes_backslashes_or_percents() {
    assertThat(ContentDisposition.fallback("quote\" and \\ 100%.txt"))
        .isEqualTo("quote_ and _ 100_.txt");
    assertThat(ContentDisposition.fallback("new\nline.txt")).isEqualTo("new_line.txt");
    assertThat(ContentDisposition.fallback("\u00e9t\u00e9 \uD83D\uDE00.txt")).isEqualTo("_t_ _.txt");
    assertThat(ContentDisposition.fallback("")).isEqualTo("download");
    assertThat(ContentDisposition.of(true, "report.pdf"))
        .isEqualTo("inline; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
  }
}
