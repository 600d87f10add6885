package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import io.revkeep.core.write.LinkFlipper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack of an editor who can also write the shared folder, over HTTP against a real web
 * server and listener: while 1,000 uploads and 200 restores run, the folder they write into is
 * swapped again and again for a symbolic link to a folder outside the shared root. Before the
 * one writer, an upload checked the path and then created and moved by path, and landed outside.
 */
class SymlinkSwapUploadIT {
  private static final int UPLOADS = 1_000;
  private static final int RESTORES = 200;

  @TempDir Path tmp;

  @Test
  void uploads_and_restores_through_a_folder_swapped_for_a_link_write_nothing_outside()
      throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    try (WebHarness h = new WebHarness(tmp.resolve("rk"), 1 << 20, false)) {
      Http editor = h.loggedInAs("editor");
      assertThat(editor.upload("seed.txt", "a version to restore").statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(20)).until(() -> h.store.file("seed.txt").isPresent());
      Path target = Files.createDirectories(h.shared.resolve("projects"));
      Path away = h.shared.resolve("projects.away");
      // an attacker's pace: thousands of swaps a second
      LinkFlipper flipper = new LinkFlipper(target, away, outside, 200_000);
      AtomicInteger landed = new AtomicInteger();
      ExecutorService clients = Executors.newFixedThreadPool(4);
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < UPLOADS + RESTORES; i++) {
        int n = i;
        sent.add(clients.submit(() -> {
          HttpResponse<String> r = n < UPLOADS
              ? editor.upload(n % 3 == 0 ? "projects/sub" + (n % 7) : "projects",
                  Map.of("f" + n, ("upload " + n).getBytes(StandardCharsets.UTF_8)))
              : editor.post("/api/restore", Map.of("path", "seed.txt", "version", 1,
                  "to", "projects/r" + n));
          // written, or refused as a bad path / not yet recorded: never anything else
          assertThat(Set.of(200, 400, 409)).as(r.body()).contains(r.statusCode());
          if (r.statusCode() == 200) {
            landed.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> f : sent) {
        f.get();
      }
      flipper.close();
      clients.shutdown();

      assertThat(outside).as("nothing at all outside the shared root").isEmptyDirectory();
      assertThat(flipper.flips()).as("the folder was swapped during the writes").isPositive();
      assertThat(landed.get()).as("writes went on between the swaps").isPositive();
      try (Stream<Path> files = Files.walk(h.shared)) {
        assertThat(files.filter(Files::isRegularFile)
            .filter(p -> p.getFileName().toString().matches("[fr]\\d+")).count())
            .as("every write that was answered 200 is inside").isEqualTo(landed.get());
      }
    }
  }
}
