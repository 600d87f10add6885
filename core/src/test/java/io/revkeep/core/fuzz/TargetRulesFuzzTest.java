package io.revkeep.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.revkeep.core.paths.BadPathException;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.write.TargetRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzzes {@link TargetRules#check}, the path check of every write into the shared folder, for a
 * name typed anew and for a recorded one: a target is refused with {@link BadPathException} (one
 * line), or it is a stored path (see PathNormalizeFuzzTest; a new name by the stricter rules)
 * that is not temporary, not ignored and not in revkeep's own folder; never another exception.
 * Seeds: TargetRulesFuzzTestInputs/ in the test resources.
 */
class TargetRulesFuzzTest {
  private static final Path ROOT;
  private static final TargetRules RULES;

  static {
    try {
      ROOT = Files.createTempDirectory("revkeep-target-fuzz");
      ROOT.toFile().deleteOnExit();
      RULES = new TargetRules(new SharedRoot(ROOT), List.of("*.swp", "~$*"),
          List.of(ROOT.resolve("data"), ROOT.resolve("backups/revkeep")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "5s")
  void a_target_is_refused_or_a_versioned_path_inside_the_shared_folder(
      FuzzedDataProvider data) {
    String userPath = data.consumeRemainingAsString();
    for (TargetRules.Naming naming : TargetRules.Naming.values()) {
      check(userPath, naming);
    }
  }

  private static void check(String userPath, TargetRules.Naming naming) {
    String stored;
    try {
      stored = RULES.check(userPath, naming);
    } catch (BadPathException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
      return;
    }
    PathNormalizeFuzzTest.assertStoredForm(stored);
    if (naming == TargetRules.Naming.NEW) {
      PathNormalizeFuzzTest.assertNewName(stored);
    }
    assertThat(stored).doesNotEndWith(".swp").doesNotStartWith("data/").isNotEqualTo("data");
    for (String segment : stored.split("/")) {
      assertThat(segment).doesNotStartWith(SharedRoot.TEMP_PREFIX);
    }
    assertThat(ROOT.resolve(stored).normalize()).startsWithRaw(ROOT);
  }
}
