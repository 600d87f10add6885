package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The login page's {@code next=}: an open redirect to another site is refused. */
class SafeRedirectTest {
  @ParameterizedTest
  @ValueSource(strings = {"/\\evil.example", "/\t/evil.example", "//evil.example",
      "/\n/evil.example", "/\r/evil.example", "https://evil.example/", "evil.example",
      "javascript:alert(1)", "/ /evil.example", "/\u00a0/evil.example", "/\u2028/evil.example",
      "\\\\evil.example", "", "/a\\b", "/\u0000"})
  void a_next_that_could_leave_the_site_is_refused(String next) {
    assertThat(SafeRedirect.isSameSitePath(next)).isFalse();
    assertThat(SafeRedirect.orStart(next)).isEqualTo("/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/file?path=notes.txt", "/admin", "/file?path=a%20b%2Fc.txt",
      "/?dir=reports%2F2026"})
  void a_path_of_this_site_is_kept(String next) {
    assertThat(SafeRedirect.isSameSitePath(next)).isTrue();
    assertThat(SafeRedirect.orStart(next)).isEqualTo(next);
  }

  @org.junit.jupiter.api.Test
  void a_null_next_goes_to_the_start_page() {
    assertThat(SafeRedirect.orStart(null)).isEqualTo("/");
  }
}
