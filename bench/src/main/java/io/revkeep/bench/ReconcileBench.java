package io.revkeep.bench;

import io.revkeep.core.Sha256;
import io.revkeep.core.model.Change;
import io.revkeep.core.store.SqliteStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tree of many small unchanged files that the store already knows: the start-up reconcile of a
 * listener in its own JVM ({@link ListenerProcess}) beside {@code find -printf '%s %T@\n'} over
 * the same tree, and that listener's resident set beside {@code inotifywait -m -r}'s on the same
 * tree.
 */
final class ReconcileBench {
  /** The JVM options of the listener and backup services (./revkeep, /usr/bin/revkeep). */
  static final Path SERVICE_OPTIONS = Path.of("packaging", "jvm", "service.options");

  /** Files per folder of the tree. */
  static final int PER_FOLDER = 1_000;
  /** Records per store transaction while seeding. */
  private static final int SEED_BATCH = 10_000;

  /** One start of the listener process. Milliseconds, KiB, bytes. */
  record Ours(double totalMs, double reconcileMs, long rssKib, long hwmKib, long heapUsed,
      long rssAfterGcKib, long heapAfterGc, long newVersions, int watchedFolders,
      double jvmStartMs) {}

  private final Path dir;
  private final Path shared;
  private final Path data;
  private final int files;
  /** Seconds the setup took to write the tree and seed the store (not a figure). */
  final double setupRecordSeconds;

  /**
   * Writes {@code files} small distinct files under {@code dir/shared}, then seeds the store with
   * each file's record (its real hash, size and modification time), as a listener that recorded
   * them would have left it: {@link io.revkeep.core.store.FileVersions#recordAll} in batches,
   * which takes seconds where recording through a listener took minutes (1,000,000 files: ~20
   * min). The vault is left empty: a reconcile of unchanged files never reads it.
   */
  ReconcileBench(Path dir, int files) throws IOException, InterruptedException {
    this.dir = dir;
    this.files = files;
    this.shared = Files.createDirectories(dir.resolve("shared"));
    this.data = Files.createDirectories(dir.resolve("data"));
    long t0 = System.nanoTime();
    try (SqliteStore store = SqliteStore.open(data.resolve("revkeep.db"))) {
      List<Change> batch = new ArrayList<>(SEED_BATCH);
      for (int i = 0; i < files; i++) {
        String folder = String.format("d%03d", i / PER_FOLDER);
        if (i % PER_FOLDER == 0) {
          Files.createDirectories(shared.resolve(folder));
        }
        String path = folder + "/" + String.format("f%06d.txt", i);
        byte[] content = ("unchanged file " + i + "\n").getBytes(StandardCharsets.US_ASCII);
        Path file = Files.write(shared.resolve(path), content);
        long mtime = Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS);
        batch.add(Change.content(path, Sha256.of(content), content.length, mtime, Instant.now(),
            "bench", "bench"));
        if (batch.size() == SEED_BATCH || i == files - 1) {
          store.recordAll(batch);
          batch.clear();
        }
      }
      if (store.lastSeq() != files) {
        throw new IOException("seeded " + store.lastSeq() + " of " + files + " records");
      }
    }
    setupRecordSeconds = (System.nanoTime() - t0) / 1e9;
    Shell.sync();
  }

  int files() {
    return files;
  }

  int folders() {
    return (files + PER_FOLDER - 1) / PER_FOLDER;
  }

  /** {@code find SHARED -printf '%s %T@\n'}, its output discarded; milliseconds. */
  double find() throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder("find", shared.toString(), "-printf", "%s %T@\\n")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    int status = p.waitFor();
    long t1 = System.nanoTime();
    if (status != 0) {
      throw new IOException("find exited with " + status);
    }
    return (t1 - t0) / 1e6;
  }

  /** Starts {@link ListenerProcess} on the tree, reads its report, stops it. */
  Ours ours() throws IOException, InterruptedException {
    // the listener service's JVM options, as the launchers give them (run from the repository),
    // and BENCH_LISTENER_JAVA_OPTS' (bench/profile-reconcile attaches its profiler so)
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "@" + SERVICE_OPTIONS.toAbsolutePath()));
    String extra = System.getenv().getOrDefault("BENCH_LISTENER_JAVA_OPTS", "").trim();
    if (!extra.isEmpty()) {
      cmd.addAll(List.of(extra.split("\\s+")));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        ListenerProcess.class.getName(), shared.toString(), data.toString(),
        String.valueOf(BenchMain.DEFAULT_SETTLE.toMillis())));
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("listener-process.err").toFile())
        .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      double total = Double.NaN;
      double reconcile = Double.NaN;
      long rss = 0;
      long hwm = 0;
      long heap = 0;
      long rssGc = 0;
      long heapGc = 0;
      long newVersions = -1;
      int watched = 0;
      double jvmStart = Double.NaN;
      String line;
      while ((line = out.readLine()) != null) {
        String[] f = line.trim().split("\\s+");
        switch (f[0]) {
          case "RECONCILED" -> {
            total = Double.parseDouble(f[1]);
            reconcile = Double.parseDouble(f[2]);
            jvmStart = (System.nanoTime() - t0) / 1e6 - total;
          }
          case "RSS" -> {
            rss = Long.parseLong(f[1]);
            hwm = Long.parseLong(f[2]);
            heap = Long.parseLong(f[3]);
          }
          case "GC" -> {
            rssGc = Long.parseLong(f[1]);
            heapGc = Long.parseLong(f[2]);
          }
          case "SEQ" -> {
            newVersions = Long.parseLong(f[2]) - Long.parseLong(f[1]);
            watched = Integer.parseInt(f[3]);
          }
          default -> System.out.println("    listener process: " + line);
        }
        if (f[0].equals("SEQ")) {
          break;
        }
      }
      if (newVersions < 0) {
        throw new IOException("the listener process ended without its report (see "
            + dir.resolve("listener-process.err") + ")");
      }
      return new Ours(total, reconcile, rss, hwm, heap, rssGc, heapGc, newVersions, watched,
          jvmStart);
    } finally {
      p.getOutputStream().close(); // its stdin: the signal to stop
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** {@code inotifywait -m -r} on the same tree: its VmRSS (KiB) once every watch is set. */
  long inotifywaitRss() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("inotifywait", "-m", "-r", "-q", "-e",
        "close_write,moved_to,moved_from,create,delete", "--format", "%w%f", shared.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(),
        StandardCharsets.UTF_8))) {
      // -q hides "Setting up watches"; wait until its watch count covers every folder
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      Path fdinfo = Path.of("/proc", String.valueOf(p.pid()), "fdinfo");
      while (watches(fdinfo) < folders() + 1 && System.nanoTime() < deadline && p.isAlive()) {
        Thread.sleep(20);
      }
      Thread.sleep(200);
      if (!p.isAlive()) {
        throw new IOException("inotifywait exited: " + err.readLine());
      }
      return ListenerProcess.rssOf(Path.of("/proc", String.valueOf(p.pid()), "status"))[0];
    } finally {
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** inotify watches held by a process: "inotify wd:" lines of its fdinfo. */
  private static int watches(Path fdinfo) {
    int n = 0;
    try (var list = Files.list(fdinfo)) {
      List<Path> fds = new ArrayList<>(list.toList());
      for (Path fd : fds) {
        try {
          for (String l : Files.readAllLines(fd)) {
            if (l.startsWith("inotify wd:")) {
              n++;
            }
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return n;
  }
}
