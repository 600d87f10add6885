package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code revkeep up} that cannot start says why in one line naming the configuration key, with no
 * stack trace: a port in use, a folder that cannot be created.
 */
class CalmStartIT {
  @TempDir Path dir;

  @Test
  void a_web_port_in_use_is_one_line_naming_the_key() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path config = Revkeep.config(dir, 50);
      Files.writeString(config, Files.readString(config).replace("[web]\nport = 0",
          "[web]\nport = " + taken.getLocalPort()));
      Revkeep.Result r = Revkeep.run(dir, "up", "--config", config.toString());
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err().strip()).isEqualTo("revkeep: cannot start the web on 127.0.0.1:"
          + taken.getLocalPort() + ": the port is already in use (another revkeep, or another"
          + " program); set [web] port to a free port (0 picks any)");
      assertThat(r.out()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void a_folder_that_cannot_be_created_is_one_line_naming_the_key() throws Exception {
    Path config = Revkeep.config(dir, 50);
    Path blocker = Files.writeString(dir.resolve("a-file"), "not a folder");
    Files.writeString(config, Files.readString(config).replace("data = " + dir.resolve("data"),
        "data = " + blocker.resolve("data")));
    Revkeep.Result r = Revkeep.run(dir, "up", "--config", config.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).contains("[paths] data").contains("cannot create")
        .doesNotContain("\n").doesNotContain("Exception");
  }
}
