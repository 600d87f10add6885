package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which unpacked SQLite library a machine may load in place. */
class BundledSqliteTest {
  @Test
  void glibc_linux_on_the_two_common_architectures_has_its_folder() {
    assertThat(BundledSqlite.folderFor("Linux", "amd64")).isEqualTo("Linux/x86_64");
    assertThat(BundledSqlite.folderFor("Linux", "aarch64")).isEqualTo("Linux/aarch64");
  }

  @Test
  void other_systems_and_architectures_leave_it_to_sqlite_jdbc() {
    assertThat(BundledSqlite.folderFor("Linux", "riscv64")).isNull();
    assertThat(BundledSqlite.folderFor("Mac OS X", "aarch64")).isNull();
    assertThat(BundledSqlite.folderFor("Windows 11", "amd64")).isNull();
  }
}
