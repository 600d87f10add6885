package io.revkeep.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NameGlob answers exactly as the platform's glob matcher, on its fast path and off it. */
class NameGlobTest {
  static final List<String> GLOBS = List.of("*.swp", "*~", ".#*", "[#]*#", "~$*", "~*.tmp",
      ".~lock.*#", "lu*.tmp", "*___jb_tmp___", "exact.txt", "*", "a*b*c", "?.txt", "[ab]*",
      "*.{tmp,bak}", "[!x]*", "x[-]y", "**", "[a-c]*", "*[*]");
  static final List<String> NAMES = List.of("report.swp", ".r.swp", "swp", ".swp", "a~", "~",
      ".#x", ".#", "#a#", "#", "##", "~$doc", "~$", "~x.tmp", "~.tmp", ".tmp", ".~lock.a#",
      ".~lock.#", "lu.tmp", "lutmp", "lunch.tmp", "x___jb_tmp___", "exact.txt", "exact.txtx",
      "abc", "ac", "aXbYc", "b.txt", "ab.txt", "bz", "y.bak", "y.tmp", "xy", "x-y", "c1", "a*",
      "", "é.swp", "日本~");

  @Test
  void every_glob_matches_every_name_as_the_platform_matcher_does() {
    for (String glob : GLOBS) {
      NameGlob ours = NameGlob.of(glob);
      PathMatcher platform = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      for (String name : NAMES) {
        if (name.isEmpty()) {
          continue; // no file has an empty name
        }
        Path p = Path.of(name);
        assertThat(ours.matches(name, p)).as("%s on %s", glob, name)
            .isEqualTo(platform.matches(p));
      }
    }
  }
}
