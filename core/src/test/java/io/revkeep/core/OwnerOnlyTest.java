package io.revkeep.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {
  @TempDir Path work;

  @Test
  void a_new_folder_is_0700_and_its_new_parents_keep_the_ordinary_mode() throws IOException {
    Path parent = work.resolve("revkeep-data");
    Path data = OwnerOnly.createFolder(parent.resolve("data"));

    assertThat(mode(data)).isEqualTo("rwx------");
    assertThat(mode(parent)).isNotEqualTo("rwx------").startsWith("rwx");
  }

  @Test
  void an_existing_folder_is_left_as_it_is_by_create() throws IOException {
    Path dir = Files.createDirectory(work.resolve("open"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

    OwnerOnly.createFolder(dir);

    assertThat(mode(dir)).isEqualTo("rwxrwxrwx");
  }

  @Test
  void a_new_file_is_0600() throws IOException {
    Path file = work.resolve("secret");
    assertThat(OwnerOnly.createFile(file)).isTrue();
    assertThat(OwnerOnly.createFile(file)).isFalse();

    assertThat(mode(file)).isEqualTo("rw-------");
  }

  @Test
  void tighten_takes_group_and_others_away_and_says_what_it_was() throws IOException {
    Path dir = Files.createDirectory(work.resolve("loose"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xrwx"));
    Path file = Files.createFile(work.resolve("loose-file"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));

    assertThat(OwnerOnly.tighten(dir)).contains("rwxr-xrwx");
    assertThat(OwnerOnly.tighten(file)).contains("rw-rw-r--");
    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(mode(file)).isEqualTo("rw-------");
    assertThat(OwnerOnly.tighten(dir)).isEmpty();
    assertThat(OwnerOnly.tighten(work.resolve("missing"))).isEmpty();
  }

  @Test
  void tighten_does_not_follow_a_link() throws IOException {
    Path target = Files.createDirectory(work.resolve("target"));
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path link = Files.createSymbolicLink(work.resolve("link"), target);

    assertThat(OwnerOnly.tighten(link)).isEmpty();
    assertThat(mode(target)).isEqualTo("rwxr-xr-x");
  }

  static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
