package io.revkeep.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerNamesTest {
  @TempDir Path dir;
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void a_file_is_recorded_under_its_owners_name_and_a_missing_one_under_unknown()
      throws IOException {
    OwnerNames names = new OwnerNames(clock);
    Path file = Files.writeString(dir.resolve("a.txt"), "a");
    String owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
    assertThat(names.of(file)).isEqualTo(owner);
    assertThat(names.of(file)).isEqualTo(owner); // from what was kept
    assertThat(names.of(dir.resolve("gone.txt"))).isEqualTo(OwnerNames.UNKNOWN);
  }

  @Test
  void a_file_given_to_another_user_is_recorded_under_that_users_name_at_once()
      throws IOException {
    assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root");
    OwnerNames names = new OwnerNames(clock);
    Path mine = Files.writeString(dir.resolve("mine.txt"), "a");
    Path theirs = Files.writeString(dir.resolve("theirs.txt"), "b");
    assertThat(names.of(mine)).isEqualTo("root");
    Files.setAttribute(theirs, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
    String nobody = Files.getOwner(theirs, LinkOption.NOFOLLOW_LINKS).getName();
    assertThat(nobody).isNotEqualTo("root");
    assertThat(names.of(theirs)).isEqualTo(nobody);
    assertThat(names.of(mine)).isEqualTo("root");
  }

  @Test
  void a_symbolic_links_own_owner_is_read_not_its_targets() throws IOException {
    assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root");
    OwnerNames names = new OwnerNames(clock);
    Path target = Files.writeString(dir.resolve("target.txt"), "a");
    Files.setAttribute(target, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    assertThat(names.of(link)).isEqualTo("root");
  }
}
