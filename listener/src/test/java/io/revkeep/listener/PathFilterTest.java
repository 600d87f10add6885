package io.revkeep.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PathFilter's screen (names whose first and last characters no glob needs skip the globs)
 * answers as trying every glob does: the platform's matcher, one glob at a time and all at once.
 */
class PathFilterTest {
  private static final Path FOLDER = Path.of("/shared/folder");

  @Test
  void the_screened_filter_ignores_exactly_what_the_platform_matcher_does() {
    for (String glob : NameGlobTest.GLOBS) {
      PathFilter one = new PathFilter(List.of(glob), List.of());
      PathMatcher platform = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      for (String name : NameGlobTest.NAMES) {
        if (name.isEmpty()) {
          continue;
        }
        Path p = FOLDER.resolve(name);
        assertThat(one.ignored(p)).as("%s on %s", glob, name).isEqualTo(platform.matches(
            Path.of(name)));
        assertThat(one.ignored(p, name)).as("%s on %s", glob, name).isEqualTo(one.ignored(p));
      }
    }
    PathFilter all = new PathFilter(NameGlobTest.GLOBS, List.of());
    List<PathMatcher> each = NameGlobTest.GLOBS.stream()
        .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    for (String name : NameGlobTest.NAMES) {
      if (!name.isEmpty()) {
        assertThat(all.ignored(FOLDER.resolve(name), name)).as(name)
            .isEqualTo(each.stream().anyMatch(m -> m.matches(Path.of(name))));
      }
    }
  }

  @Test
  void names_of_revkeeps_temporary_files_and_paths_in_excluded_trees_are_ignored() {
    PathFilter filter = new PathFilter(List.of("*.swp"), List.of(Path.of("/shared/data")));
    assertThat(filter.ignored(FOLDER.resolve(".revkeep-tmp-1"), ".revkeep-tmp-1")).isTrue();
    assertThat(filter.ignored(Path.of("/shared/data/x.txt"), "x.txt")).isTrue();
    assertThat(filter.ignored(Path.of("/shared/data"), "data")).isTrue();
    assertThat(filter.ignored(FOLDER.resolve("report.txt"), "report.txt")).isFalse();
    assertThat(filter.ignored(FOLDER.resolve("report.txt.swp"), "report.txt.swp")).isTrue();
  }
}
