package io.revkeep.core.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedRootTest {
  @TempDir Path dir;

  @Test
  void normalize_accepts_ordinary_relative_paths() throws BadPathException {
    assertThat(SharedRoot.normalize("a/b.txt")).isEqualTo("a/b.txt");
    assertThat(SharedRoot.normalize("./a//b.txt/")).isEqualTo("a/b.txt");
    assertThat(SharedRoot.normalize("a\\b.txt")).isEqualTo("a/b.txt");
    assertThat(SharedRoot.normalize("100% _done.txt")).isEqualTo("100% _done.txt");
  }

  @Test
  void normalize_refuses_paths_that_could_escape_and_says_why() {
    assertThatThrownBy(() -> SharedRoot.normalize("../x")).hasMessageContaining("'..'");
    assertThatThrownBy(() -> SharedRoot.normalize("a/../../x")).hasMessageContaining("'..'");
    assertThatThrownBy(() -> SharedRoot.normalize("/etc/passwd")).hasMessageContaining("absolute");
    assertThatThrownBy(() -> SharedRoot.normalize("C:\\x")).hasMessageContaining("absolute");
    assertThatThrownBy(() -> SharedRoot.normalize("a\u0000b")).hasMessageContaining("control");
    assertThatThrownBy(() -> SharedRoot.normalize("a\nb")).hasMessageContaining("control");
    assertThatThrownBy(() -> SharedRoot.normalize(" ")).hasMessageContaining("empty");
    assertThatThrownBy(() -> SharedRoot.normalize("./")).hasMessageContaining("shared folder itself");
  }

  @Test
  void a_path_that_normalizes_to_blank_is_refused_like_a_blank_one() {
    // PathNormalizeFuzzTest: " /" was stored as " ", which normalize itself then refused
    assertThatThrownBy(() -> SharedRoot.normalize(" /")).hasMessage("the path is empty");
    assertThatThrownBy(() -> SharedRoot.normalize("./ ")).hasMessage("the path is empty");
    assertThatThrownBy(() -> SharedRoot.normalize(" ")).hasMessage("the path is empty");
  }

  @Test
  void folder_arguments_may_name_the_root() throws BadPathException {
    assertThat(SharedRoot.normalizeDir("")).isEmpty();
    assertThat(SharedRoot.normalizeDir(".")).isEmpty();
    assertThat(SharedRoot.normalizeDir("/")).isEmpty();
    assertThat(SharedRoot.normalizeDir("docs/")).isEqualTo("docs");
  }

  @Test
  void relativize_gives_the_stored_form() throws IOException {
    SharedRoot root = new SharedRoot(dir);
    Path f = root.path().resolve("x").resolve("y.txt");
    assertThat(root.relativize(f)).isEqualTo("x/y.txt");
    assertThat(root.relativize(root.path())).isEmpty();
    assertThat(root.contains(f)).isTrue();
    assertThat(root.contains(dir.getParent())).isFalse();
  }
}
