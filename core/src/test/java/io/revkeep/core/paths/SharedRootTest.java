package io.revkeep.core.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedRootTest {
  @TempDir Path dir;

  @Test
  void normalize_accepts_ordinary_relative_paths() throws BadPathException {
    assertThat(SharedRoot.normalize("a/b.txt")).isEqualTo("a/b.txt");
    assertThat(SharedRoot.normalize("./a//b.txt/")).isEqualTo("a/b.txt");
    assertThat(SharedRoot.normalize("100% _done.txt")).isEqualTo("100% _done.txt");
  }

  @Test
  void normalize_accepts_every_name_a_file_system_allows_exactly() throws BadPathException {
    // the listener records them all, so each must be addressable to download and restore it
    for (String name : new String[] {"new\nline.txt", "esc\u001b[2J.txt", "tab\there",
        "del\u007f", "bell\u0007", "back\\slash.txt", "C:\\x", "C:", " ", " lead and trail ",
        "\n", "d\u001b]0;t\u0007/inner.txt", "\uFFFD.txt", "emoji \uD83D\uDE00.txt"}) {
      assertThat(SharedRoot.normalize(name)).as(name).isEqualTo(name);
    }
    assertThat(SharedRoot.normalizeDir(" ")).isEqualTo(" ");
  }

  @Test
  void a_new_name_refuses_control_characters_backslashes_drives_and_blank_names() {
    assertThatThrownBy(() -> SharedRoot.normalizeNew("a\nb")).hasMessageContaining(
        "control character (code 10)").hasMessageContaining("a\\nb");
    assertThatThrownBy(() -> SharedRoot.normalizeNew("x/\u001b[31m.txt"))
        .hasMessageContaining("control character (code 27)").hasMessageNotContaining("\u001b");
    assertThatThrownBy(() -> SharedRoot.normalizeNew("a\\b.txt")).hasMessageContaining("backslash");
    assertThatThrownBy(() -> SharedRoot.normalizeNew("C:/x")).hasMessageContaining("absolute");
    assertThatThrownBy(() -> SharedRoot.normalizeNew("C:")).hasMessageContaining("absolute");
    assertThatThrownBy(() -> SharedRoot.normalizeNew("a/ /b")).hasMessageContaining("spaces");
    assertThatThrownBy(() -> SharedRoot.normalizeNewDir("d\u007f")).hasMessageContaining("code 127");
  }

  @Test
  void normalize_refuses_paths_that_could_escape_and_says_why() {
    assertThatThrownBy(() -> SharedRoot.normalize("../x")).hasMessageContaining("'..'");
    assertThatThrownBy(() -> SharedRoot.normalize("a/../../x")).hasMessageContaining("'..'");
    assertThatThrownBy(() -> SharedRoot.normalize("/etc/passwd")).hasMessageContaining("absolute");
    assertThatThrownBy(() -> SharedRoot.normalize("a\u0000b")).hasMessageContaining("NUL");
    assertThatThrownBy(() -> SharedRoot.normalize("a\uD800b")).hasMessageContaining("Unicode");
    assertThatThrownBy(() -> SharedRoot.normalize("a\uDC00")).hasMessageContaining("Unicode");
    assertThatThrownBy(() -> SharedRoot.normalize("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> SharedRoot.normalize("./")).hasMessageContaining("shared folder itself");
  }

  @Test
  void a_refusal_quoting_a_hostile_path_is_one_printable_line() {
    assertThatThrownBy(() -> SharedRoot.normalize("evil\n\u001b[2J/../x"))
        .hasMessage("the path 'evil\\n\\x1b[2J/../x' contains '..'");
  }

  @Test
  void a_blank_path_is_stored_as_it_is_and_is_idempotent() throws BadPathException {
    // PathNormalizeFuzzTest: " /" was stored as " ", which normalize itself then refused; a name
    // of spaces is a name a file system allows, so both are now " "
    assertThat(SharedRoot.normalize(" /")).isEqualTo(" ");
    assertThat(SharedRoot.normalize("./ ")).isEqualTo(" ");
    assertThat(SharedRoot.normalize(SharedRoot.normalize(" /"))).isEqualTo(" ");
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

  @Test
  void relativize_by_text_answers_as_the_path_relativization_does() {
    SharedRoot root = new SharedRoot(dir);
    Path r = root.path();
    for (String rel : List.of("a", "a/b.txt", ".hidden", "..hidden", "a/.b", "a/...",
        "a/./b", "a/../b", "./a", "../x", "a/b/..", "a/.", "é/日本.txt", "a..b/c.")) {
      Path p = r.resolve(rel);
      StringBuilder expected = new StringBuilder();
      for (Path part : r.relativize(p)) {
        expected.append(expected.length() > 0 ? "/" : "").append(part);
      }
      assertThat(root.relativize(p)).as(rel).isEqualTo(expected.toString());
    }
  }
}
