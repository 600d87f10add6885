package io.revkeep.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StorePathsTest {

  @Test
  void trailing_slashes_are_trimmed_and_nothing_else() {
    assertThat(StorePaths.trimDir("docs")).isEqualTo("docs");
    assertThat(StorePaths.trimDir("docs/")).isEqualTo("docs");
    assertThat(StorePaths.trimDir("docs/a//")).isEqualTo("docs/a");
    assertThat(StorePaths.trimDir("/docs")).isEqualTo("/docs");
  }

  @Test
  void the_root_is_the_empty_path_however_it_is_written() {
    assertThat(StorePaths.trimDir("")).isEmpty();
    assertThat(StorePaths.trimDir("/")).isEmpty();
    assertThat(StorePaths.trimDir("///")).isEmpty();
  }

  @Test
  void null_is_refused() {
    assertThatThrownBy(() -> StorePaths.trimDir(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("dir");
  }
}
