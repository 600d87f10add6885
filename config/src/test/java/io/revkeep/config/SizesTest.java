package io.revkeep.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void sizes_are_bytes_or_base_1024_units_in_any_case() {
    assertThat(Sizes.parse("1500")).hasValue(1500);
    assertThat(Sizes.parse("512k")).hasValue(512 * 1024);
    assertThat(Sizes.parse("100M")).hasValue(100L << 20);
    assertThat(Sizes.parse("4G")).hasValue(4L << 30);
    assertThat(Sizes.parse("2 TB")).hasValue(2L << 40);
    assertThat(Sizes.parse("1GiB")).hasValue(1L << 30);
  }

  @Test
  void anything_else_is_not_a_size() {
    assertThat(Sizes.parse("")).isEmpty();
    assertThat(Sizes.parse("4X")).isEmpty();
    assertThat(Sizes.parse("-1")).isEmpty();
    assertThat(Sizes.parse("1.5G")).isEmpty();
    assertThat(Sizes.parse("99999999999999999999")).isEmpty();
    assertThat(Sizes.parse("9000000T")).isEmpty();
  }

  @Test
  void sizes_are_written_with_the_largest_exact_unit() {
    assertThat(Sizes.format(4L << 30)).isEqualTo("4G");
    assertThat(Sizes.format(100L << 20)).isEqualTo("100M");
    assertThat(Sizes.format(1500)).isEqualTo("1500");
    assertThat(Sizes.format(1536)).isEqualTo("1536");
    assertThat(Sizes.format(5L << 40)).isEqualTo("5T");
    assertThat(Sizes.format(1L << 50)).isEqualTo("1024T");
  }
}
