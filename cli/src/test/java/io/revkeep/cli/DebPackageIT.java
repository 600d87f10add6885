package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package {@code mvn package} builds (cli/target/revkeep_*_all.deb): its contents and
 * maintainer scripts ({@code dpkg-deb -c}, {@code -I}), {@code systemd-analyze verify} on every
 * unit as packaged, the start-up archive its postinst makes, and lintian when it is installed.
 * Nothing is installed on this machine.
 */
class DebPackageIT {
  private static final List<String> UNITS = List.of("revkeep-listener.service",
      "revkeep-backup.service", "revkeep-web.service", "revkeep.target");

  private static Path deb;

  @BeforeAll
  static void findDeb() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      deb = files.filter(p -> p.getFileName().toString().matches("revkeep_.*_all\\.deb"))
          .findFirst().orElseThrow(() -> new AssertionError(
              "no cli/target/revkeep_*_all.deb: run mvn package first"));
    }
  }

  record Run(int exit, String out) {}

  static Run run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
    return new Run(p.exitValue(), out);
  }

  static boolean onPath(String command) {
    return Stream.of(System.getenv("PATH").split(":"))
        .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
  }

  @Test
  void the_package_holds_the_jar_the_launcher_the_units_and_the_config() throws Exception {
    assumeTrue(onPath("dpkg-deb"), "dpkg-deb is not installed: skipping the package check");
    Run contents = run("dpkg-deb", "-c", deb.toString());
    assertThat(contents.exit()).as(contents.out()).isZero();
    assertThat(contents.out())
        .containsPattern("-rw-r--r-- root/root +\\d+ .* \\./usr/share/revkeep/revkeep\\.jar")
        .containsPattern("-rwxr-xr-x root/root +\\d+ .* \\./usr/bin/revkeep\n")
        .containsPattern("-rw-r----- root/root +\\d+ .* \\./etc/revkeep/revkeep\\.ini")
        .contains("./usr/share/doc/revkeep/copyright")
        .containsPattern("-rwxr-xr-x root/root +\\d+ .* \\./usr/share/revkeep/cds-archive\n")
        .containsPattern("-rw-r--r-- root/root +\\d+ .* \\./usr/share/revkeep/service\\.options");
    for (String unit : UNITS) {
      assertThat(contents.out()).contains("./lib/systemd/system/" + unit);
    }
  }

  @Test
  void the_control_data_makes_the_config_a_conffile_and_the_scripts_keep_the_data()
      throws Exception {
    assumeTrue(onPath("dpkg-deb"), "dpkg-deb is not installed: skipping the package check");
    Run info = run("dpkg-deb", "-I", deb.toString());
    assertThat(info.exit()).as(info.out()).isZero();
    assertThat(info.out()).contains("Package: revkeep", "Architecture: all",
        "Depends: default-jre-headless", "adduser", "conffiles", "postinst", "prerm", "postrm");
    assertThat(run("dpkg-deb", "-I", deb.toString(), "conffiles").out().strip())
        .isEqualTo("/etc/revkeep/revkeep.ini");

    String postinst = run("dpkg-deb", "-I", deb.toString(), "postinst").out();
    assertThat(postinst).startsWith("#!/bin/sh").contains("set -e")
        .contains("adduser --system --group").contains("revkeep")
        .contains("/srv/revkeep/shared", "/srv/revkeep/backup", "/var/lib/revkeep",
            "/var/log/revkeep");
    String postrm = run("dpkg-deb", "-I", deb.toString(), "postrm").out();
    assertThat(postinst).contains("/usr/share/revkeep/cds-archive /usr/share/revkeep/revkeep.jar"
        + " /var/cache/revkeep/revkeep.jsa");
    assertThat(postrm).startsWith("#!/bin/sh").contains("data kept")
        .doesNotContain("deluser").doesNotContain("userdel");
    // the only thing removal deletes is the start-up archive the postinst made
    assertThat(postrm.lines().filter(line -> line.contains("rm ")))
        .containsExactly("    rm -rf /var/cache/revkeep # the start-up archive, remade at installation");
    String prerm = run("dpkg-deb", "-I", deb.toString(), "prerm").out();
    assertThat(prerm).contains("systemctl stop revkeep.target");
    for (String script : List.of(postinst, postrm, prerm)) {
      Path f = Files.createTempFile("revkeep-script", ".sh");
      try {
        Files.writeString(f, script);
        Run syntax = run("sh", "-n", f.toString());
        assertThat(syntax.exit()).as("sh -n: %s", syntax.out()).isZero();
      } finally {
        Files.delete(f);
      }
    }
  }

  @Test
  void systemd_analyze_verify_passes_on_every_packaged_unit(@TempDir Path root) throws Exception {
    assumeTrue(onPath("systemd-analyze") && onPath("dpkg-deb"),
        "systemd-analyze is not installed (apt-get install systemd): skipping unit verification");
    // the package unpacked into a root of its own (real /usr/bin/revkeep, units as packaged),
    // next to a copy of this machine's system units (sysinit.target, network.target…)
    Run x = run("dpkg-deb", "-x", deb.toString(), root.toString());
    assertThat(x.exit()).as(x.out()).isZero();
    Path systemUnits = Stream.of(Path.of("/usr/lib/systemd/system"), Path.of("/lib/systemd/system"))
        .filter(p -> Files.isRegularFile(p.resolve("sysinit.target"))).findFirst()
        .orElseThrow(() -> new AssertionError("no sysinit.target on this machine"));
    Path target = Files.createDirectories(root.resolve("usr/lib/systemd/system"));
    try (Stream<Path> units = Files.list(systemUnits)) {
      for (Path u : (Iterable<Path>) units::iterator) {
        if (Files.isRegularFile(u)) {
          Files.copy(u, target.resolve(u.getFileName()));
        }
      }
    }
    List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify",
        "--root=" + root));
    for (String unit : UNITS) {
      command.add(root.resolve("lib/systemd/system").resolve(unit).toString());
    }
    Run verify = run(command.toArray(String[]::new));
    assertThat(verify.exit()).as("systemd-analyze verify:\n%s", verify.out()).isZero();
    assertThat(verify.out()).as("systemd-analyze verify printed warnings").isBlank();

    String listener = Files.readString(root.resolve("lib/systemd/system/revkeep-listener.service"));
    assertThat(listener).contains("User=revkeep", "Restart=on-failure", "NoNewPrivileges=yes",
        "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "ReadWritePaths=",
        "TimeoutStopSec=", "SuccessExitStatus=143");
    for (String service : List.of("revkeep-backup.service", "revkeep-web.service")) {
      assertThat(Files.readString(root.resolve("lib/systemd/system").resolve(service)))
          .containsPattern("(?m)^After=.*revkeep-listener\\.service");
    }
    assertThat(Files.readString(root.resolve("lib/systemd/system/revkeep.target")))
        .contains("Wants=revkeep-listener.service revkeep-backup.service revkeep-web.service");
  }

  @Test
  void the_packaged_archive_script_makes_an_archive_the_jvm_maps(@TempDir Path root)
      throws Exception {
    assumeTrue(onPath("dpkg-deb"), "dpkg-deb is not installed: skipping the package check");
    // what the postinst does, in a root of its own: the jar as packaged, its archive beside
    Run x = run("dpkg-deb", "-x", deb.toString(), root.toString());
    assertThat(x.exit()).as(x.out()).isZero();
    Path jar = root.resolve("usr/share/revkeep/revkeep.jar");
    Path archive = root.resolve("var/cache/revkeep/revkeep.jsa");
    Files.createDirectories(archive.getParent());
    Run made = run(root.resolve("usr/share/revkeep/cds-archive").toString(), jar.toString(),
        archive.toString());
    assertThat(made.exit()).as(made.out()).isZero();
    assertThat(archive).isNotEmptyFile();
    // -Xshare:on: the JVM refuses to start rather than ignore an archive it cannot map
    Run version = run("java", "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-jar",
        jar.toString(), "--version");
    assertThat(version.exit()).as(version.out()).isZero();
    assertThat(version.out()).contains("revkeep 0.1.0");
  }

  @Test
  void lintian_finds_no_error() throws Exception {
    assumeTrue(onPath("lintian"), "lintian is not installed: skipping (CI installs it)");
    Run lintian = run("lintian", "--no-tag-display-limit", deb.toString());
    assertThat(lintian.out()).as("lintian:\n%s", lintian.out()).doesNotContainPattern("(?m)^E: ");
  }
}
