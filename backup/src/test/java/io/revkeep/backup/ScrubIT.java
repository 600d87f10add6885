package io.revkeep.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revkeep.core.Sha256;
import io.revkeep.core.model.Event;
import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup's background scrub ({@link Scrubber}) on a real feed, store, vault and backup
 * folder: a flipped copy and a flipped vault object are found and repaired in vault mode, and
 * reported (status unhealthy, metrics) in feed mode. A short period and a high rate.
 */
class ScrubIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir Path dir;
  private FeedHarness listener;
  private Path backup;
  private final List<Event> events = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    listener = new FeedHarness(Files.createDirectories(dir.resolve("data")));
    backup = dir.resolve("backup");
    for (int i = 0; i < 5; i++) {
      events.add(listener.put("f" + i + ".txt", "the bytes of file " + i).orElseThrow());
    }
  }

  @AfterEach
  void stop() {
    listener.close();
  }

  private BackupDaemon start(BackupSettings.Source source) throws Exception {
    BackupSettings s = listener.settings(backup, source)
        .withScrub(Duration.ofMillis(100), 100L << 20);
    return source == BackupSettings.Source.VAULT
        ? BackupDaemon.start(s, listener.store, listener.vault, null)
        : BackupDaemon.start(s, null, null, null);
  }

  private static void flip(Path file) throws Exception {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    byte[] b = Files.readAllBytes(file);
    b[1] ^= 0x01;
    Files.write(file, b);
  }

  private Optional<Map<String, Object>> scrubStatus(Path statusDir) {
    return new StatusBoard(statusDir).read("backup").map(ServiceStatus::details)
        .map(d -> d.get("scrub")).filter(Map.class::isInstance).map(m -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> map = (Map<String, Object>) m;
          return map;
        });
  }

  private static long count(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.count();
    }
  }

  private static long number(Map<String, Object> m, String key) {
    return ((Number) m.get(key)).longValue();
  }

  @Test
  void in_vault_mode_a_flipped_copy_and_a_flipped_vault_object_are_repaired() throws Exception {
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    try (BackupDaemon daemon = start(BackupSettings.Source.VAULT)) {
      daemon.bindMetrics(metrics);
      await().atMost(DEADLINE).until(() -> scrubStatus(listener.data)
          .map(s -> number(s, "passes") >= 1 && number(s, "copies_scrubbed") >= 5).orElse(false));
      Path copy = daemon.folder().copyOf(events.get(0));
      Path object = listener.vault.pathOf(events.get(3).hash());
      flip(copy);
      flip(object);

      await().atMost(DEADLINE).until(() -> metrics.get("revkeep.backup.scrub.repaired")
          .functionCounter().count() == 2);
      assertThat(Sha256.ofFile(copy)).contains(events.get(0).hash());
      assertThat(listener.vault.verify(events.get(3).hash())).isTrue();
      assertThat(metrics.get("revkeep.backup.scrub.damaged").functionCounter().count())
          .isEqualTo(2);
      assertThat(count(daemon.folder().quarantineDir())).isOne();
      assertThat(count(listener.vault.root().resolve(Repair.VAULT_QUARANTINE))).isOne();
      await().atMost(DEADLINE).until(() -> scrubStatus(listener.data)
          .map(s -> number(s, "repaired") == 2 && number(s, "unrepaired") == 0).orElse(false));
      assertThat(new StatusBoard(listener.data).read("backup").orElseThrow().healthy()).isTrue();
      assertThat(metrics.get("revkeep.backup.scrub.last.pass").gauge().value()).isPositive();
    }
  }

  @Test
  void in_feed_mode_a_flipped_copy_is_reported_and_left_in_place() throws Exception {
    Path stateDir = backup.resolve(BackupFolder.STATE);
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    try (BackupDaemon daemon = start(BackupSettings.Source.FEED)) {
      daemon.bindMetrics(metrics);
      await().atMost(DEADLINE).until(() -> scrubStatus(stateDir)
          .map(s -> number(s, "copies_scrubbed") >= 5).orElse(false));
      Path copy = daemon.folder().copyOf(events.get(2));
      flip(copy);

      await().atMost(DEADLINE).until(() -> scrubStatus(stateDir)
          .map(s -> number(s, "unrepaired") == 1).orElse(false));
      Map<String, Object> s = scrubStatus(stateDir).orElseThrow();
      assertThat((String) s.get("last_problem")).isEqualTo("backup copy f2.txt.1.s3.rev of"
          + " f2.txt v1 (seq 3): its bytes do not match the version's hash");
      assertThat(new StatusBoard(stateDir).read("backup").orElseThrow().healthy()).isFalse();
      assertThat(metrics.get("revkeep.backup.scrub.unrepaired").gauge().value()).isEqualTo(1);
      assertThat(Sha256.ofFile(copy)).isNotEqualTo(Optional.of(events.get(2).hash()));
      assertThat(number(s, "vault_objects_scrubbed")).isZero();
    }
  }
}
