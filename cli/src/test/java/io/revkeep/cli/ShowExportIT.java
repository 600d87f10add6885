package io.revkeep.cli;

import static io.revkeep.cli.RunningRevkeep.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading without writing: {@code show} prints a version's exact bytes, {@code export} writes a
 * file or a folder as it was outside the shared folder, atomically, refusing to overwrite unless
 * --force. One {@code up} for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShowExportIT {
  @TempDir static Path dir;
  @TempDir static Path outside;
  private RunningRevkeep revkeep;
  private final byte[] binary = new byte[256];
  private String before;

  @BeforeAll
  void start() throws Exception {
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    revkeep = RunningRevkeep.start(dir);
    revkeep.edit("a.txt", "one\n", 1);
    revkeep.edit("a.txt", "two\n", 2);
    revkeep.edit("docs/b.txt", "b1\n", 1);
    revkeep.edit("docs/deep/c.txt", "c1\n", 1);
    before = revkeep.history("docs/deep/c.txt").get(0).get("time").asText();
    revkeep.edit("docs/b.txt", "b2\n", 2);
    revkeep.edit("docs/later.txt", "new\n", 1);
    Files.write(revkeep.shared.resolve("bin.dat"), binary);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .until(() -> revkeep.history("bin.dat").size() == 1);
  }

  @AfterAll
  void stop() {
    revkeep.close();
  }

  @Test
  void show_prints_a_versions_exact_bytes() throws Exception {
    assertThat(revkeep.ok("show", "a.txt")).isEqualTo("two\n");
    assertThat(revkeep.ok("show", "a.txt@1")).isEqualTo("one\n");
    assertThat(revkeep.ok("show", "a.txt@-1")).isEqualTo("one\n");
    assertThat(revkeep.okBytes("show", "bin.dat")).isEqualTo(binary);
    assertThat(revkeep.runIn(revkeep.shared.resolve("docs"), "show", "b.txt@1").out())
        .isEqualTo("b1\n");
    assertOneLineError(revkeep.run("show", "a.txt@7"), "no version 7 of a.txt");
  }

  @Test
  void export_writes_a_file_and_refuses_to_overwrite_without_force() throws Exception {
    Path x = outside.resolve("x.txt");
    assertThat(revkeep.ok("export", "a.txt@1", x.toString())).contains("exported a.txt version 1");
    assertThat(x).hasContent("one");
    assertOneLineError(revkeep.run("export", "a.txt", x.toString()), "exists; give --force");
    assertThat(x).hasContent("one");
    revkeep.ok("export", "a.txt", x.toString(), "--force");
    assertThat(x).hasContent("two");
    Path folder = Files.createDirectories(outside.resolve("into"));
    revkeep.ok("export", "a.txt", folder.toString());
    assertThat(folder.resolve("a.txt")).hasContent("two");
    assertOneLineError(revkeep.run("export", "a.txt", revkeep.shared.resolve("copy.txt")
        .toString()), "is inside revkeep's shared folder");
    assertThat(revkeep.shared.resolve("copy.txt")).doesNotExist();
  }

  @Test
  void export_writes_a_folder_as_it_was_whole_and_leaves_no_temporary() throws Exception {
    Path snap = outside.resolve("snap");
    assertThat(revkeep.ok("export", "docs@" + before, snap.toString()))
        .contains("exported 2 files of docs as of");
    assertThat(snap.resolve("b.txt")).hasContent("b1");
    assertThat(snap.resolve("deep/c.txt")).hasContent("c1");
    assertThat(snap.resolve("later.txt")).doesNotExist();
    try (Stream<Path> left = Files.list(outside)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".revkeep-tmp-"));
    }
    assertOneLineError(revkeep.run("export", "docs", snap.toString()), "give --force");
    revkeep.ok("export", "docs", snap.toString(), "--force");
    assertThat(snap.resolve("b.txt")).hasContent("b2");
    assertThat(snap.resolve("later.txt")).hasContent("new");
  }
}
