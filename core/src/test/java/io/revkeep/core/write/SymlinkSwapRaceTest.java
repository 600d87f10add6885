package io.revkeep.core.write;

import static io.revkeep.core.write.WriterFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.write.WriteRefusedException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack of an editor who can also write the shared folder: while uploads and restores
 * run, a parent folder is swapped again and again for a symbolic link to a folder outside the
 * shared root. Not one byte (not even an empty folder) may appear outside; every write either
 * lands inside the root or is refused as a bad path.
 */
class SymlinkSwapRaceTest {
  private static final int UPLOADS = 1_000;
  private static final int RESTORES = 200;
  private static final int THREADS = 4;

  @TempDir Path dir;

  @Test
  void a_parent_swapped_for_a_link_mid_write_never_sends_bytes_outside_the_root()
      throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    try (WriterFixture f = new WriterFixture(dir.resolve("site"))) {
      String version = f.edit("seed.txt", "a restored version's bytes");
      Path target = Files.createDirectories(f.abs("projects"));
      Path away = f.abs("projects.away");
      LinkFlipper flipper = new LinkFlipper(target, away, outside, 0);

      AtomicInteger landed = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < UPLOADS + RESTORES; i++) {
        int n = i;
        work.add(pool.submit(() -> {
          String path = "projects/" + (n % 3 == 0 ? "sub" + (n % 7) + "/" : "") + "f" + n;
          Staged staged = n < UPLOADS ? f.writer.stage(bytes("upload " + n)) : null;
          try {
            f.writer.apply(f.request(staged != null ? WriteOp.put(path, staged)
                : WriteOp.putVersion(path, version, "version 1 of seed.txt")));
            landed.incrementAndGet();
          } catch (WriteRefusedException e) {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.BAD_PATH);
            refused.incrementAndGet();
          } finally {
            if (staged != null) {
              f.writer.discard(staged);
            }
          }
          return null;
        }));
      }
      for (Future<?> w : work) {
        w.get();
      }
      flipper.close();
      pool.shutdown();

      assertThat(outside).as("nothing at all outside the shared root").isEmptyDirectory();
      assertThat(landed.get() + refused.get()).isEqualTo(UPLOADS + RESTORES);
      assertThat(flipper.flips()).as("the folder was swapped during the writes").isPositive();
      assertThat(landed.get()).as("writes went on between the swaps").isPositive();
      long inside;
      try (Stream<Path> files = Files.walk(f.root.path())) {
        inside = files.filter(Files::isRegularFile)
            .filter(p -> p.getFileName().toString().startsWith("f")).count();
      }
      assertThat(inside).as("every write that landed is inside").isEqualTo(landed.get());
      assertThat(f.leftovers()).isEmpty();
    }
  }
}
