package io.revkeep.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordsTest {
  @Test
  void a_hash_is_bcrypt_at_the_cost_and_matches_only_its_password() {
    String hash = Passwords.hash("correct horse".toCharArray());
    assertThat(hash).startsWith("$2a$12$").hasSize(60);
    assertThat(Passwords.matches("correct horse".toCharArray(), hash)).isTrue();
    assertThat(Passwords.matches("correct hors".toCharArray(), hash)).isFalse();
  }

  @Test
  void the_same_password_gets_a_different_salt_each_time() {
    assertThat(Passwords.hash("same password".toCharArray()))
        .isNotEqualTo(Passwords.hash("same password".toCharArray()));
  }

  @Test
  void too_short_and_too_long_passwords_are_refused_with_the_reason() {
    assertThat(Passwords.problem("short".toCharArray())).contains("at least 8");
    assertThat(Passwords.problem("é".repeat(37).toCharArray())).contains("72 bytes");
    assertThat(Passwords.problem("é".repeat(36).toCharArray())).isNull();
    assertThatThrownBy(() -> Passwords.hash("short".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too short");
  }

  @Test
  void a_malformed_hash_matches_nothing() {
    assertThat(Passwords.matches("anything at all".toCharArray(), "not-a-hash")).isFalse();
    assertThat(Passwords.matches("anything at all".toCharArray(), null)).isFalse();
  }
}
