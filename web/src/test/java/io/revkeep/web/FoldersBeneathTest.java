package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersBeneathTest {
  @TempDir Path tmp;

  private static List<String> walk(Path shared, String dir) throws IOException {
    List<String> out = new ArrayList<>();
    FoldersBeneath.walk(shared, dir, out::add);
    return out;
  }

  @Test
  void every_folder_beneath_is_found_empty_ones_too_parents_first_and_links_not_followed()
      throws Exception {
    Path shared = Files.createDirectories(tmp.resolve("shared"));
    Files.createDirectories(shared.resolve("docs/2027 plans/empty"));
    Files.createDirectories(shared.resolve("docs/.revkeep-tmp-web-staging/inside"));
    Files.createDirectories(shared.resolve("misc"));
    Files.writeString(shared.resolve("docs/a.txt"), "a");
    Files.writeString(shared.resolve("docs/2027 plans/b.txt"), "b");
    Path outside = Files.createDirectories(tmp.resolve("outside/secret-folder/deeper"));
    Files.createSymbolicLink(shared.resolve("docs/link"), outside.getParent());

    List<String> all = walk(shared, "");
    assertThat(all).containsExactlyInAnyOrder("docs", "docs/2027 plans",
        "docs/2027 plans/empty", "misc");
    assertThat(all.indexOf("docs")).isLessThan(all.indexOf("docs/2027 plans"));
    assertThat(walk(shared, "docs")).containsExactly("docs/2027 plans", "docs/2027 plans/empty");
    assertThat(walk(shared, "docs/2027 plans/empty")).isEmpty();
    assertThat(walk(shared, "does/not/exist")).isEmpty();
    assertThat(walk(shared, "docs/a.txt")).as("a file").isEmpty();
    assertThat(walk(shared, "docs/link")).as("a link is never opened").isEmpty();
  }

  @Test
  void the_link_count_shortcut_finds_what_a_full_walk_finds_in_a_random_tree() throws Exception {
    Path shared = Files.createDirectories(tmp.resolve("shared"));
    Random random = new Random(7);
    List<Path> folders = new ArrayList<>(List.of(shared));
    for (int i = 0; i < 300; i++) {
      Path parent = folders.get(random.nextInt(folders.size()));
      if (random.nextInt(3) == 0) {
        Files.writeString(parent.resolve("f" + i + ".txt"), "x");
      } else {
        folders.add(Files.createDirectory(parent.resolve("d" + i)));
      }
    }
    TreeSet<String> expected = new TreeSet<>();
    try (Stream<Path> s = Files.walk(shared)) {
      s.filter(p -> !p.equals(shared) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .forEach(p -> expected.add(shared.relativize(p).toString()));
    }
    assertThat(new TreeSet<>(walk(shared, ""))).isEqualTo(expected).hasSizeGreaterThan(150);
  }
}
