package io.revkeep.bench.jmh;

import io.revkeep.core.Sha256;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The listener's read path, step by step: SHA-256 of the bytes alone; {@link Vault#capture} (one
 * read into SHA-256 and a temporary copy, no fsync); capture + {@code commit()} (fsync of the copy,
 * rename, fsync of its folder) of content the vault has not seen. The vault lives under
 * {@code $REVKEEP_JMH_DIR} (default /var/tmp: a real disk, as the listener's data folder).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VaultBench {
  @Param({"4096", "1048576"})
  public int size;

  private Path dir;
  private Path file;
  private Vault vault;
  private byte[] bytes;
  private long counter;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    String parent = System.getenv().getOrDefault("REVKEEP_JMH_DIR", "/var/tmp");
    dir = Files.createTempDirectory(Path.of(parent), "revkeep-jmh-vault-");
    vault = new Vault(dir.resolve("vault"));
    bytes = new byte[size];
    new SplittableRandom(size).nextBytes(bytes);
    file = dir.resolve("source.bin");
    Files.write(file, bytes);
  }

  /** Distinct content for every commit: the first 8 bytes become a counter (not timed). */
  @Setup(Level.Invocation)
  public void distinct() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8).putLong(0, ++counter);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(b, 0);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** SHA-256 of the bytes in memory (the CPU part of the read). */
  @Benchmark
  public String sha256() {
    return Sha256.of(bytes);
  }

  /** Stat, one read into SHA-256 and a temporary vault copy, stat again; the copy dropped. */
  @Benchmark
  public String capture() throws IOException {
    try (Vault.Capture c = vault.capture(file)) {
      return c.hash();
    }
  }

  /** capture() and commit(): the object made durable under its hash (new content each time). */
  @Benchmark
  public String captureAndCommit() throws IOException {
    try (Vault.Capture c = vault.capture(file)) {
      c.commit();
      return c.hash();
    }
  }
}
