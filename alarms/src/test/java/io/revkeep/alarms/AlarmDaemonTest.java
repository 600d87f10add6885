package io.revkeep.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.revkeep.config.Config;
import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Alarms mailed to a real SMTP server (GreenMail on a free port), with a fake clock. */
class AlarmDaemonTest {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final Duration INTERVAL = Duration.ofMinutes(10);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
  private final AtomicReference<RuntimeException> storeDown = new AtomicReference<>();
  private final Map<Path, AlarmDaemon.Space> disks = new ConcurrentHashMap<>();
  private AlarmDaemon daemon;
  private StatusBoard board;

  @BeforeEach
  void setUp() {
    Config.Alarms alarms = new Config.Alarms(List.of("ops@example.com", "boss@example.com"),
        Optional.of(new Config.HostPort("127.0.0.1", SMTP.getSmtp().getPort())),
        "revkeep@example.com", INTERVAL, 100, Duration.ofMinutes(5), 10);
    Path data = dir.resolve("data");
    Path shared = dir.resolve("shared");
    board = new StatusBoard(data);
    AlarmDaemon.Settings settings = new AlarmDaemon.Settings(alarms, data,
        dir.resolve("backup/.revkeep-backup"), Map.of("shared", shared, "data", data));
    SmtpMailer mailer = new SmtpMailer("127.0.0.1", SMTP.getSmtp().getPort(),
        "revkeep@example.com", alarms.emails());
    daemon = new AlarmDaemon(settings, () -> {
      RuntimeException e = storeDown.get();
      if (e != null) {
        throw e;
      }
    }, mailer, clock, folder -> disks.getOrDefault(folder, new AlarmDaemon.Space(50, 100)));
    listener(true);
  }

  private void listener(boolean healthy) {
    write("listener", healthy, Map.of("watcher_alive", healthy));
  }

  private void write(String service, boolean healthy, Map<String, Object> details) {
    try {
      board.write(new ServiceStatus(service, 1, "h", clock.instant(), clock.instant(), healthy,
          details));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The mails received so far, one per Message-ID (GreenMail keeps a copy per recipient). */
  private static List<MimeMessage> mails() throws Exception {
    Map<String, MimeMessage> byId = new java.util.LinkedHashMap<>();
    for (MimeMessage m : SMTP.getReceivedMessages()) {
      byId.putIfAbsent(m.getMessageID(), m);
    }
    return List.copyOf(byId.values());
  }

  private static List<String> subjects() throws Exception {
    List<String> out = new java.util.ArrayList<>();
    for (MimeMessage m : mails()) {
      out.add(m.getSubject());
    }
    return out;
  }

  private static String lastBody() throws Exception {
    List<MimeMessage> all = mails();
    return all.get(all.size() - 1).getContent().toString();
  }

  @Test
  void a_failed_watcher_is_mailed_once_per_interval_then_its_recovery() throws Exception {
    daemon.evaluate();
    assertThat(SMTP.getReceivedMessages()).isEmpty();

    listener(false);
    daemon.evaluate();
    assertThat(subjects()).singleElement().asString().contains("ALARM").endsWith(": watcher");
    MimeMessage first = SMTP.getReceivedMessages()[0];
    assertThat(first.getFrom()[0].toString()).isEqualTo("revkeep@example.com");
    assertThat(SMTP.getReceivedMessages()).hasSize(2); // both recipients
    assertThat(lastBody()).contains("watcher has failed");

    for (int i = 0; i < 5; i++) { // still failing within the interval: no more mail
      clock.advance(Duration.ofMinutes(1));
      listener(false);
      daemon.evaluate();
    }
    assertThat(subjects()).hasSize(1);

    clock.advance(INTERVAL);
    listener(false);
    daemon.evaluate();
    assertThat(subjects()).hasSize(2).last().asString().contains("ALARM").endsWith(": watcher");
    assertThat(lastBody()).contains("Still going on");

    clock.advance(Duration.ofMinutes(1));
    listener(true);
    daemon.evaluate();
    daemon.evaluate();
    assertThat(subjects()).hasSize(3).last().asString().contains("RECOVERED").endsWith(": watcher");
  }

  @Test
  void a_listener_that_stopped_publishing_counts_as_a_failed_watcher() throws Exception {
    clock.advance(StatusBoard.STALE_AFTER.plusSeconds(1));
    daemon.evaluate();
    assertThat(subjects()).singleElement().asString().endsWith(": watcher");
    assertThat(lastBody()).contains("not running");
  }

  @Test
  void the_backup_is_mailed_only_after_staying_behind_for_the_configured_time() throws Exception {
    write("backup", true, Map.of("behind", 500));
    daemon.evaluate();
    clock.advance(Duration.ofMinutes(4));
    listener(true);
    write("backup", true, Map.of("behind", 800));
    daemon.evaluate();
    assertThat(SMTP.getReceivedMessages()).isEmpty();

    clock.advance(Duration.ofMinutes(1));
    listener(true);
    write("backup", true, Map.of("behind", 900));
    daemon.evaluate();
    assertThat(subjects()).singleElement().asString().endsWith(": backup");
    assertThat(lastBody()).contains("900 events behind");

    clock.advance(Duration.ofMinutes(1));
    listener(true);
    write("backup", true, Map.of("behind", 3));
    daemon.evaluate();
    assertThat(subjects()).hasSize(2).last().asString().contains("RECOVERED").endsWith(": backup");
  }

  @Test
  void a_nearly_full_disk_and_an_unreachable_store_each_get_their_own_mail() throws Exception {
    disks.put(dir.resolve("shared"), new AlarmDaemon.Space(5, 100));
    storeDown.set(new IllegalStateException("database is locked"));
    daemon.evaluate();
    assertThat(subjects()).hasSize(2).anySatisfy(s -> assertThat(s).endsWith(": store"))
        .anySatisfy(s -> assertThat(s).endsWith(": disk:shared"));

    clock.advance(Duration.ofMinutes(1));
    listener(true);
    daemon.evaluate();
    assertThat(subjects()).hasSize(2);

    disks.clear();
    storeDown.set(null);
    clock.advance(Duration.ofMinutes(1));
    listener(true);
    daemon.evaluate();
    assertThat(subjects()).hasSize(4).filteredOn(s -> s.contains("RECOVERED")).hasSize(2);
  }

  @Test
  void a_mail_that_cannot_be_sent_is_sent_at_the_next_evaluation() throws Exception {
    AlarmDaemon.Settings settings = new AlarmDaemon.Settings(
        new Config.Alarms(List.of("ops@example.com"), Optional.empty(), "r@example.com", INTERVAL),
        dir.resolve("data"), dir.resolve("none"), Map.of());
    List<String> sent = new java.util.ArrayList<>();
    boolean[] smtpUp = {false};
    AlarmDaemon d = new AlarmDaemon(settings, () -> { }, (subject, body) -> {
      if (!smtpUp[0]) {
        throw new java.io.IOException("connection refused");
      }
      sent.add(subject);
    }, clock, folder -> new AlarmDaemon.Space(1, 1));
    listener(false);
    d.evaluate();
    assertThat(sent).isEmpty();
    smtpUp[0] = true;
    d.evaluate();
    assertThat(sent).singleElement().asString().endsWith(": watcher");
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
