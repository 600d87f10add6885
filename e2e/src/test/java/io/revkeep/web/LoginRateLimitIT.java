package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failed logins over HTTP, and the first start's admin, on a server of their own. */
class LoginRateLimitIT {
  @TempDir Path tmp;

  @Test
  void the_sixth_failed_login_within_a_minute_is_429_with_retry_after() throws Exception {
    try (WebHarness h = new WebHarness(tmp, 1024, false)) {
      Http c = new Http(h.base());
      for (int i = 0; i < LoginLimiter.MAX_FAILURES; i++) {
        assertThat(c.login("editor", "wrong-" + i).statusCode()).isEqualTo(401);
      }
      HttpResponse<String> limited = c.login("editor", WebHarness.password("editor"));
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
          .isBetween(1L, 60L);
    }
  }

  @Test
  void five_bad_passwords_for_one_name_do_not_lock_out_another_name_from_the_same_address()
      throws Exception {
    try (WebHarness h = new WebHarness(tmp, 1024, false)) {
      Http attacker = new Http(h.base());
      for (int i = 0; i < LoginLimiter.MAX_FAILURES + 2; i++) {
        assertThat(attacker.login("admin", "guess-" + i).statusCode()).isIn(401, 429);
      }
      assertThat(attacker.login("admin", "guess-x").statusCode()).isEqualTo(429);
      // a colleague at the same address (one loopback address here; two in LoginLimiterTest)
      assertThat(new Http(h.base()).login("editor", WebHarness.password("editor"))
          .statusCode()).isEqualTo(200);
    }
  }

  @Test
  void first_start_creates_admin_with_a_password_printed_once_and_kept_in_a_0600_file()
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WebHarness h = new WebHarness(tmp, 1024, false, false,
        new PrintStream(out, true, StandardCharsets.UTF_8))) {
      Path file = h.data.resolve(Auth.INITIAL_PASSWORD_FILE);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      String password = Files.readString(file).trim();
      assertThat(password).hasSizeGreaterThanOrEqualTo(16);
      assertThat(out.toString(StandardCharsets.UTF_8)).contains(password);
      Http c = new Http(h.base());
      assertThat(c.login("admin", password).statusCode()).isEqualTo(200);
      assertThat(c.get("/api/me").body()).contains("\"admin\"");
    }
  }
}
