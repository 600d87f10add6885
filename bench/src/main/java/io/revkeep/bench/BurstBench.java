package io.revkeep.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * A burst of new 4 KiB files: the listener, from the first write until its store has recorded a
 * version of every file; beside {@code cp -r} of the same files into a fresh folder plus
 * {@code sync}. Every file has distinct content (no vault deduplication, no rename matching).
 */
final class BurstBench {
  static final int FILE_BYTES = 4096;
  /** How often the store's last sequence number is polled. */
  static final long POLL_MS = 5;
  /** Give up on the listener after this long. */
  static final long TIMEOUT_MS = 15 * 60_000;

  /** One repetition of ours. */
  record Ours(double seconds, double writeSeconds, double firstVersionSeconds, long overflows,
      int rescans, long rescanMillis, long recorded) {}

  /** One repetition of the peer. */
  record Peer(double seconds, double cpSeconds) {}

  /** One repetition of the git peer: cp -r into a work tree, git add -A, git commit, sync. */
  record Git(double seconds, double cpSeconds, double addSeconds, double commitSeconds,
      double syncSeconds) {}

  private final Path source;
  private final byte[][] contents;

  /** Prepares {@code files} files under {@code source} (flushed to disk, not timed). */
  BurstBench(Path source, int files) throws IOException, InterruptedException {
    this.source = Files.createDirectories(source);
    this.contents = new byte[files][];
    SplittableRandom random = new SplittableRandom(20240601L);
    for (int i = 0; i < files; i++) {
      byte[] b = new byte[FILE_BYTES];
      random.nextBytes(b);
      byte[] tag = String.format("file %06d\n", i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      System.arraycopy(tag, 0, b, 0, tag.length);
      contents[i] = b;
      Files.write(source.resolve(name(i)), b);
    }
    Shell.sync();
  }

  /** Writes every file of the burst into {@code dir}, one Java thread, Files.write each. */
  void writeAll(Path dir) throws IOException {
    for (int i = 0; i < contents.length; i++) {
      Files.write(dir.resolve(name(i)), contents[i]);
    }
  }

  int files() {
    return contents.length;
  }

  static String name(int i) {
    return String.format("f%05d.bin", i);
  }

  Peer peer(Path target) throws IOException, InterruptedException {
    Shell.sync();
    long t0 = System.nanoTime();
    Shell.run("cp", "-r", source.toString(), target.toString());
    long t1 = System.nanoTime();
    Shell.sync();
    long t2 = System.nanoTime();
    return new Peer((t2 - t0) / 1e9, (t1 - t0) / 1e9);
  }

  /**
   * The git auto-commit loop's one turn after the burst: the same files copied ({@code cp -r})
   * into the work tree of a fresh repository (made before the clock starts), then
   * {@code git add -A && git commit -q -m burst}, then {@code sync}; clock around all four.
   */
  Git git(Path repo) throws IOException, InterruptedException {
    Files.createDirectories(repo);
    Shell.run("git", "-C", repo.toString(), "init", "-q");
    Shell.run("git", "-C", repo.toString(), "config", "user.name", "revkeep bench");
    Shell.run("git", "-C", repo.toString(), "config", "user.email", "bench@revkeep.invalid");
    Shell.run("git", "-C", repo.toString(), "config", "commit.gpgsign", "false");
    // 10,000 loose objects pass gc.auto (6,700): git would start a detached `gc --auto` after
    // the commit, competing with the next rows and writing into the folder being deleted
    Shell.run("git", "-C", repo.toString(), "config", "gc.auto", "0");
    Shell.run("git", "-C", repo.toString(), "config", "maintenance.auto", "false");
    Shell.sync();
    long t0 = System.nanoTime();
    Shell.run("cp", "-r", source.toString(), repo.resolve("burst").toString());
    long t1 = System.nanoTime();
    Shell.run("git", "-C", repo.toString(), "add", "-A");
    long t2 = System.nanoTime();
    Shell.run("git", "-C", repo.toString(), "commit", "-q", "-m", "burst");
    long t3 = System.nanoTime();
    Shell.sync();
    long t4 = System.nanoTime();
    return new Git((t4 - t0) / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9,
        (t4 - t3) / 1e9);
  }

  static String gitVersion() {
    return Shell.describe("git", "--version");
  }

  static boolean gitAvailable() {
    return Machine.has("git");
  }

  Ours ours(Path dir, Duration settle, Path log) throws IOException, InterruptedException {
    return ours(dir, settle, log, false);
  }

  /**
   * As {@link #ours(Path, Duration, Path)}, the burst written by {@code cp -r} of the prepared
   * files into the watched folder instead of by a thread of this JVM: the very writer the peer
   * times, in its own process, so the two figures differ by the recording alone (a writer in
   * the listener's JVM shares its CPUs, compilers and collector with it).
   */
  Ours oursByCp(Path dir, Duration settle, Path log) throws IOException, InterruptedException {
    return ours(dir, settle, log, true);
  }

  private Ours ours(Path dir, Duration settle, Path log, boolean byCp) throws IOException,
      InterruptedException {
    Shell.sync();
    long logStart = Files.exists(log) ? Files.size(log) : 0;
    int n = contents.length;
    try (BenchListener listener = new BenchListener(dir.resolve("shared"), dir.resolve("data"),
        settle)) {
      Path shared = listener.shared;
      long base = listener.store.lastSeq();
      long t0 = System.nanoTime();
      if (byCp) {
        Shell.run("cp", "-r", source + "/.", shared.toString());
      } else {
        for (int i = 0; i < n; i++) {
          Files.write(shared.resolve(name(i)), contents[i]);
        }
      }
      long tw = System.nanoTime();
      long first = -1;
      long seq = base;
      long deadline = t0 + Duration.ofMillis(TIMEOUT_MS).toNanos();
      while (seq - base < n && System.nanoTime() < deadline) {
        Thread.sleep(POLL_MS);
        seq = listener.store.lastSeq();
        if (first < 0 && seq > base) {
          first = System.nanoTime();
        }
      }
      long tDone = System.nanoTime();
      if (seq - base < n) {
        System.out.printf("    listener recorded only %d of %d files in %d s%n", seq - base, n,
            TIMEOUT_MS / 1000);
      }
      long overflows = listener.daemon.status().overflows();
      int[] rescans = new int[1];
      long[] rescanMs = new long[1];
      readLog(log, logStart, rescans, rescanMs);
      return new Ours((tDone - t0) / 1e9, (tw - t0) / 1e9, first < 0 ? Double.NaN : (first - t0) / 1e9,
          overflows, rescans[0], rescanMs[0], seq - base);
    }
  }

  /** Counts the listener's "rescanned … in N ms" lines written since {@code from}. */
  private static void readLog(Path log, long from, int[] rescans, long[] millis) throws IOException {
    if (!Files.exists(log)) {
      return;
    }
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      f.seek(from);
      byte[] rest = new byte[(int) Math.max(0, f.length() - from)];
      f.readFully(rest);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("rescanned .* in (\\d+) ms")
          .matcher(new String(rest, java.nio.charset.StandardCharsets.UTF_8));
      while (m.find()) {
        rescans[0]++;
        millis[0] += Long.parseLong(m.group(1));
      }
    }
  }
}
