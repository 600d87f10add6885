package io.revkeep.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.revkeep.core.paths.BadPathException;
import io.revkeep.core.paths.SharedRoot;

/**
 * Fuzzes the one check of user-given paths, {@link SharedRoot#normalize} and
 * {@link SharedRoot#normalizeDir}: a path is refused with {@link BadPathException} (one line),
 * or its stored form stays inside the shared folder — relative, no {@code ..} or {@code .} or
 * empty segment, no backslash, no control character — and normalizing it again changes
 * nothing. Seeds: PathNormalizeFuzzTestInputs/ in the test resources (the path, then one byte
 * whose lowest bit picks normalizeDir: FuzzedDataProvider takes numbers from the end).
 */
class PathNormalizeFuzzTest {

  @FuzzTest(maxDuration = "5s")
  void a_normalized_path_never_leaves_the_shared_folder(FuzzedDataProvider data) {
    boolean dir = data.consumeBoolean();
    String userPath = data.consumeRemainingAsString();
    String stored;
    try {
      stored = dir ? SharedRoot.normalizeDir(userPath) : SharedRoot.normalize(userPath);
    } catch (BadPathException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
      return;
    }
    if (dir && stored.isEmpty()) {
      return; // the root itself
    }
    assertStoredForm(stored);
  }

  /** What every stored path satisfies, whoever gave it. */
  static void assertStoredForm(String stored) {
    assertThat(stored).isNotEmpty().doesNotStartWith("/").doesNotEndWith("/")
        .doesNotContain("\\");
    for (String segment : stored.split("/", -1)) {
      assertThat(segment).as("a segment of '%s'", stored)
          .isNotEmpty().isNotEqualTo(".").isNotEqualTo("..");
    }
    stored.chars().forEach(c -> assertThat(c < 0x20 || c == 0x7f)
        .as("control character %d in '%s'", c, stored).isFalse());
    if (!stored.matches("^[A-Za-z]:/.*")) { // "./C:/x" is the folder "C:"; "C:/x" looks absolute
      try {
        assertThat(SharedRoot.normalize(stored)).isEqualTo(stored);
      } catch (BadPathException e) {
        throw new AssertionError("the stored form '" + stored + "' is refused: " + e.getMessage());
      }
    }
  }
}
