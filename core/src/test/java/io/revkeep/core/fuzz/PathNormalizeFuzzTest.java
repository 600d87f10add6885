package io.revkeep.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.revkeep.core.paths.BadPathException;
import io.revkeep.core.paths.SharedRoot;

/**
 * Fuzzes the checks of user-given paths, {@link SharedRoot#normalize} (a recorded name: every
 * name a file system allows) and {@link SharedRoot#normalizeNew} (a name typed anew), each also
 * for folders: a path is refused with {@link BadPathException} (one line), or its stored form
 * stays inside the shared folder — relative, no {@code ..} or {@code .} or empty segment, no NUL
 * — and normalizing it again changes nothing; a new name also holds no control character,
 * backslash, drive prefix or blank name. Seeds: PathNormalizeFuzzTestInputs/ in the test
 * resources (the path, then one flag byte — FuzzedDataProvider takes numbers from the end —
 * whose lowest bit picks the folder form and whose next bit picks the new-name check).
 */
class PathNormalizeFuzzTest {

  @FuzzTest(maxDuration = "5s")
  void a_normalized_path_never_leaves_the_shared_folder(FuzzedDataProvider data) {
    byte flags = data.consumeByte();
    boolean dir = (flags & 1) != 0;
    boolean fresh = (flags & 2) != 0;
    String userPath = data.consumeRemainingAsString();
    String stored;
    try {
      stored = fresh ? (dir ? SharedRoot.normalizeNewDir(userPath) : SharedRoot.normalizeNew(userPath))
          : (dir ? SharedRoot.normalizeDir(userPath) : SharedRoot.normalize(userPath));
    } catch (BadPathException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\u001b");
      return;
    }
    if (dir && stored.isEmpty()) {
      return; // the root itself
    }
    assertStoredForm(stored);
    if (fresh) {
      assertNewName(stored);
    }
  }

  /** What every stored path satisfies, whoever gave it. */
  static void assertStoredForm(String stored) {
    assertThat(stored).isNotEmpty().doesNotStartWith("/").doesNotEndWith("/")
        .doesNotContain("\u0000");
    for (String segment : stored.split("/", -1)) {
      assertThat(segment).as("a segment of '%s'", stored)
          .isNotEmpty().isNotEqualTo(".").isNotEqualTo("..");
    }
    for (int i = 0; i < stored.length(); i++) {
      char c = stored.charAt(i);
      if (Character.isHighSurrogate(c)) {
        assertThat(i + 1 < stored.length() && Character.isLowSurrogate(stored.charAt(i + 1)))
            .as("a paired surrogate in '%s'", stored).isTrue();
        i++;
      } else {
        assertThat(Character.isLowSurrogate(c)).as("a lone surrogate in '%s'", stored).isFalse();
      }
    }
    try {
      assertThat(SharedRoot.normalize(stored)).isEqualTo(stored);
    } catch (BadPathException e) {
      throw new AssertionError("the stored form '" + stored + "' is refused: " + e.getMessage());
    }
  }

  /** What a stored path made from a name typed anew also satisfies. */
  static void assertNewName(String stored) {
    stored.chars().forEach(c -> assertThat(c < 0x20 || c == 0x7f)
        .as("control character %d in '%s'", c, stored).isFalse());
    assertThat(stored).doesNotContain("\\").doesNotMatch("^[A-Za-z]:(/.*)?");
    for (String segment : stored.split("/")) {
      assertThat(segment).as("a segment of '%s'", stored).isNotBlank();
    }
    try {
      assertThat(SharedRoot.normalizeNew(stored)).isEqualTo(stored);
    } catch (BadPathException e) {
      throw new AssertionError("the new name '" + stored + "' is refused: " + e.getMessage());
    }
  }
}
