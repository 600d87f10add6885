package io.revkeep.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupChecksTest {
  @TempDir Path tmp;

  private StartupChecks withLimit(String limit) throws IOException {
    Path proc = Files.writeString(tmp.resolve("max_user_watches"), limit + "\n");
    return new StartupChecks(proc, null, Duration.ofSeconds(60));
  }

  private Path tree() throws IOException {
    Path root = tmp.resolve("shared");
    Files.createDirectories(root.resolve("a/b"));
    Files.createDirectories(root.resolve("c"));
    Files.createDirectories(root.resolve("data/vault/ab")); // excluded: not counted
    Files.writeString(root.resolve("a/file.txt"), "x");
    return root;
  }

  @Test
  void folders_are_counted_with_the_root_and_without_excluded_subtrees() throws IOException {
    Path root = tree();
    assertThat(StartupChecks.countFolders(root, p -> p.endsWith("data"))).isEqualTo(4);
  }

  @Test
  void more_folders_than_max_user_watches_is_refused_naming_the_sysctl() throws IOException {
    Path root = tree();
    assertThatThrownBy(() -> withLimit("3").checkWatchLimit(root, p -> p.endsWith("data")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("has 4 folders")
        .hasMessageContaining("only 3")
        .hasMessageContaining("fs.inotify.max_user_watches")
        .hasMessageContaining("/etc/sysctl.d/");
    assertThat(withLimit("4").checkWatchLimit(root, p -> p.endsWith("data"))).isEqualTo(4);
  }

  @Test
  void an_unreadable_limit_is_not_a_reason_to_refuse() throws IOException {
    Path root = tree();
    StartupChecks none = new StartupChecks(tmp.resolve("absent"), null, Duration.ofSeconds(1));
    assertThat(none.watchLimit()).isEmpty();
    assertThat(none.checkWatchLimit(root, p -> false)).isEqualTo(7);
  }

  @Test
  void network_file_systems_are_recognised_and_local_ones_are_not() {
    for (String t : new String[] {"nfs", "nfs4", "cifs", "smb3", "fuse.sshfs", "9p", "ceph"}) {
      assertThat(StartupChecks.isNetworkFileSystem(t)).as(t).isTrue();
    }
    for (String t : new String[] {"ext4", "xfs", "btrfs", "tmpfs", "zfs", "overlay"}) {
      assertThat(StartupChecks.isNetworkFileSystem(t)).as(t).isFalse();
    }
  }

  @Test
  void the_real_limit_is_read_whole_from_proc() {
    Path proc = Path.of("/proc/sys/fs/inotify/max_user_watches");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(proc), "no " + proc);
    // regression: Files.readString of this size-0 file gave "1"
    assertThat(StartupChecks.DEFAULT.watchLimit()).isPresent();
    assertThat(StartupChecks.DEFAULT.watchLimit().getAsLong()).isGreaterThan(1000);
  }
}
