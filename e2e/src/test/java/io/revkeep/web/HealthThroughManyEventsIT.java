package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.testing.Tmpfs;
import io.revkeep.feed.SubscriberInfo;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 17, must-show 4: the web's health stays 200 while 50,000 changes go by with the web
 * connected to the listener's feed (its lag grew with every event once, and after 10,000 the
 * health said "degraded" for good). A real listener records 50,000 new files in 50 folders; a
 * logged-in admin asks {@code /api/health} over and over meanwhile; every answer must be 200,
 * and at the end the web's subscription has acknowledged every event. Shared and data folders
 * lie on a tmpfs, where an fsync costs nothing: the test is about the web's health under many
 * events, not the disk's speed (it is skipped where a tmpfs cannot be mounted: not root).
 */
class HealthThroughManyEventsIT {
  private static final int FOLDERS = 50;
  private static final int FILES_PER_FOLDER = 1_000;
  private static final int EVENTS = FOLDERS * FILES_PER_FOLDER;

  @RegisterExtension final Tmpfs tmpfs = new Tmpfs("512m");

  @Test
  void health_stays_200_through_50000_events() throws Exception {
    try (WebHarness h = new WebHarness(tmpfs.path(), 1 << 20, false)) {
      Http admin = h.loggedInAs("admin");
      // "starting" (503) until the listener's start-up reconcile has run: then 200 throughout
      await("health ok once started").atMost(Duration.ofSeconds(30))
          .until(() -> admin.get("/api/health").statusCode() == 200);
      long before = h.store.lastSeq();

      List<String> notOk = new CopyOnWriteArrayList<>();
      AtomicInteger asked = new AtomicInteger();
      AtomicBoolean done = new AtomicBoolean();
      Thread poller = new Thread(() -> {
        while (!done.get()) {
          try {
            HttpResponse<String> r = admin.get("/api/health");
            asked.incrementAndGet();
            if (r.statusCode() != 200) {
              notOk.add(r.statusCode() + " " + r.body());
            }
          } catch (Exception e) {
            notOk.add(e.toString());
          }
        }
      }, "health-poller");
      poller.start();
      try {
        for (int d = 0; d < FOLDERS; d++) {
          Path folder = Files.createDirectories(h.shared.resolve("d" + d));
          for (int f = 0; f < FILES_PER_FOLDER; f++) {
            Files.writeString(folder.resolve("f" + f + ".txt"), d + "/" + f + "\n");
          }
        }
        await("every file recorded").atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> h.store.lastSeq() - before >= EVENTS);
        long last = h.store.lastSeq();
        await("the web acknowledged every event").atMost(Duration.ofSeconds(30))
            .until(() -> acknowledgedAll(h, last));
      } finally {
        done.set(true);
        poller.join(10_000);
      }
      assertThat(asked.get()).as("health answers seen while the events went by").isGreaterThan(10);
      assertThat(notOk).as("health answers other than 200").isEmpty();
      HttpResponse<String> last = admin.get("/api/health");
      assertThat(last.statusCode()).as(last.body()).isEqualTo(200);
    }
  }

  /** The listener's feed has subscribers (the web's), each acknowledged up to {@code seq}. */
  private static boolean acknowledgedAll(WebHarness h, long seq) {
    List<SubscriberInfo> subs = h.listener.status().subscribers();
    return !subs.isEmpty() && subs.stream().allMatch(s -> s.lastAcked() >= seq && s.lag() == 0);
  }
}
