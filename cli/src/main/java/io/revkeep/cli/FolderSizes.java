package io.revkeep.cli;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

/**
 * A gauge of the bytes under a folder (the vault, the backup copies). Walking a large tree costs
 * time, so the figure is recomputed at most once per {@link #REFRESH}, on the scraping thread.
 * The gauge holds its FolderSizes strongly: nothing else does (Micrometer's default is a weak
 * reference, which read NaN once collected).
 */
final class FolderSizes {
  /** How old a folder's size may be before a scrape walks the folder again. */
  static final Duration REFRESH = Duration.ofSeconds(5);

  private final Path folder;
  /** Guarded by this: the last size and when it was taken (System.nanoTime). */
  private long bytes;
  private long takenAt;
  private boolean taken;

  private FolderSizes(Path folder) {
    this.folder = folder;
  }

  static void bind(MeterRegistry registry, String name, String description, Path folder) {
    Gauge.builder(name, new FolderSizes(folder), FolderSizes::bytes).description(description)
        .baseUnit("bytes").strongReference(true).register(registry);
  }

  synchronized double bytes() {
    long now = System.nanoTime();
    if (!taken || now - takenAt > REFRESH.toNanos()) {
      try {
        bytes = walk();
        takenAt = now;
        taken = true;
      } catch (IOException | UncheckedIOException e) {
        return Double.NaN;
      }
    }
    return bytes;
  }

  private long walk() throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    long[] total = {0};
    Files.walkFileTree(folder, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
          total[0] += attrs.size();
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE; // a file removed during the walk
      }
    });
    return total[0];
  }
}
