package io.revkeep.store.couchbase;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeysTest {
  private final Keys keys = new Keys("ns/");

  @Test
  void short_names_are_kept_as_they_are() {
    assertThat(keys.pointer("docs/a.txt")).isEqualTo("ns/p=docs/a.txt");
    assertThat(keys.members("")).isEqualTo("ns/m=");
    assertThat(keys.intent("a.txt", null)).isEqualTo("ns/i:-=a.txt");
    assertThat(keys.file(7)).isEqualTo("ns/f:7");
  }

  @Test
  void a_name_that_would_make_the_key_longer_than_250_bytes_is_keyed_by_its_digest() {
    String longPath = "deep/".repeat(40) + "file.txt"; // 208 characters
    String multiByte = "ü".repeat(130); // 260 bytes in UTF-8

    for (String key : new String[] {keys.pointer(longPath + longPath), keys.pointer(multiByte),
        keys.timeline(longPath + "/x".repeat(20)), keys.intent(longPath, "ab".repeat(32))}) {
      assertThat(Keys.utf8(key)).isLessThanOrEqualTo(Keys.MAX_KEY_BYTES);
      assertThat(key).contains("#");
    }
    assertThat(keys.timeline(longPath)).doesNotContain("#"); // 225 bytes + suffix room fits
    assertThat(Keys.utf8(keys.timeline(longPath)) + Keys.LOG_SUFFIX_BYTES)
        .isLessThanOrEqualTo(Keys.MAX_KEY_BYTES);
    assertThat(keys.pointer(multiByte)).isNotEqualTo(keys.pointer(multiByte + "x"));
  }
}
