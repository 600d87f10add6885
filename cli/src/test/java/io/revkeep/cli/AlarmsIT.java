package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code revkeep up} with {@code [alarms] smtp} set starts the alarm e-mails: with a free-space
 * threshold no disk meets, a real SMTP server (GreenMail, free port) receives one mail per
 * folder's disk, and no more within min_interval.
 */
class AlarmsIT {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path dir;

  @Test
  void up_mails_a_nearly_full_disk_once() throws Exception {
    RunningRevkeep configured = RunningRevkeep.configured(dir);
    Files.writeString(configured.config, Files.readString(configured.config)
        + "[alarms]\nemails = ops@example.com\nsmtp = 127.0.0.1:" + SMTP.getSmtp().getPort()
        + "\nfrom = revkeep@example.com\nmin_interval = 3600\ndisk_free_percent = 99\n");
    try (RunningRevkeep revkeep = configured) {
      revkeep.startUp();
      await().atMost(Duration.ofSeconds(30)).until(() -> SMTP.getReceivedMessages().length >= 3);
      assertThat(java.util.Arrays.stream(SMTP.getReceivedMessages()).map(m -> {
        try {
          return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
          throw new IllegalStateException(e);
        }
      }).sorted().toList()).allMatch(s -> s.startsWith("[revkeep] ALARM on "))
          .anyMatch(s -> s.endsWith(": disk:shared")).anyMatch(s -> s.endsWith(": disk:data"))
          .anyMatch(s -> s.endsWith(": disk:backup")).hasSize(3);
      assertThat(Files.readString(dir.resolve("logs").resolve("revkeep.log")))
          .contains("alarms: mailing");
    }
  }
}
