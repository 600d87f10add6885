package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderOnDiskTest {
  @TempDir Path tmp;

  @Test
  void a_folder_is_told_apart_from_a_missing_one_and_lists_its_empty_sub_folders()
      throws Exception {
    Path shared = Files.createDirectories(tmp.resolve("shared"));
    Files.createDirectories(shared.resolve("docs/new empty"));
    Files.createDirectories(shared.resolve("docs/Äpfel <&>"));
    Files.createDirectories(shared.resolve("docs/.revkeep-tmp-web-staging"));
    Files.writeString(shared.resolve("docs/a.txt"), "a");

    assertThat(FolderOnDisk.look(shared, "docs"))
        .isEqualTo(new FolderOnDisk.Look(true, java.util.List.of("new empty", "Äpfel <&>")));
    assertThat(FolderOnDisk.look(shared, "").folders()).containsExactly("docs");
    assertThat(FolderOnDisk.look(shared, "does/not/exist").exists()).isFalse();
    assertThat(FolderOnDisk.look(shared, "docs/a.txt").exists()).isFalse(); // a file
  }

  @Test
  void a_link_in_the_shared_folder_never_shows_what_lies_outside_it() throws Exception {
    Path shared = Files.createDirectories(tmp.resolve("shared"));
    Path outside = Files.createDirectories(tmp.resolve("outside/secret-folder"));
    Files.createSymbolicLink(shared.resolve("link"), outside.getParent());

    assertThat(FolderOnDisk.look(shared, "link").exists()).isFalse();
    assertThat(FolderOnDisk.look(shared, "link/secret-folder").exists()).isFalse();
    assertThat(FolderOnDisk.look(shared, "").folders()).isEmpty(); // the link is not a folder
  }

  @Test
  void the_icons_come_from_the_webjar_pinned_in_the_root_pom() {
    IconRoutes icons = new IconRoutes();
    assertThat(icons.icon("folder-fill.svg")).hasValueSatisfying(
        svg -> assertThat(new String(svg, java.nio.charset.StandardCharsets.UTF_8))
            .startsWith("<svg"));
    assertThat(icons.icon("no-such-icon.svg")).isEmpty();
  }
}
