package io.revkeep.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.VersionRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes sharing one SQLite file: two child JVMs and this one record into the same file
 * at once (SQLite's locking between processes is not the in-process path the unit tests take).
 */
class SqliteStoreIT {

  private static final int PER_PROCESS = 150;

  @TempDir Path dir;

  @Test
  void three_processes_recording_into_one_file_keep_seqs_and_versions_gap_free()
      throws Exception {
    Path db = dir.resolve("shared.db");
    List<Process> children = new ArrayList<>();
    try (SqliteStore store = SqliteStore.open(db)) {
      for (String name : List.of("child-a", "child-b")) {
        children.add(startRecorder(db, name, dir.resolve(children.size() + ".err")));
      }
      for (Process child : children) { // each has opened the store
        BufferedReader out = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("ready");
      }
      for (Process child : children) {
        try (Writer in = child.outputWriter(StandardCharsets.UTF_8)) {
          in.write("go\n");
        }
      }

      Recorder.record(store, "parent", PER_PROCESS);

      for (Process child : children) {
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("child finished").isTrue();
        String err = Files.readString(dir.resolve(children.indexOf(child) + ".err"));
        assertThat(child.exitValue()).as("child exit code; stderr:\n" + err).isZero();
      }

      int processes = children.size() + 1;
      long events = 2L * processes * PER_PROCESS;
      assertThat(store.lastSeq()).isEqualTo(events);
      assertThat(store.eventsAfter(0, Integer.MAX_VALUE)).extracting(e -> e.seq())
          .isEqualTo(LongStream.rangeClosed(1, events).boxed().toList());
      assertThat(store.history("shared.txt")).extracting(VersionRecord::version)
          .isEqualTo(IntStream.rangeClosed(1, processes * PER_PROCESS).boxed().toList());
      for (String name : List.of("parent", "child-a", "child-b")) {
        assertThat(store.file(name + ".txt").orElseThrow().version()).isEqualTo(PER_PROCESS);
      }
    } finally {
      for (Process child : children) {
        child.destroyForcibly();
      }
    }
  }

  private static Process startRecorder(Path db, String name, Path stderr) throws IOException {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-cp", classpath, Recorder.class.getName(),
        db.toString(), name, Integer.toString(PER_PROCESS))
        .redirectError(stderr.toFile())
        .start();
  }

  /** A child process: opens the store, says "ready", waits for "go", records, exits 0. */
  public static final class Recorder {
    private Recorder() {}

    public static void main(String[] args) throws IOException {
      Path db = Path.of(args[0]);
      if (!Files.exists(db)) {
        throw new IllegalStateException("no database at " + db);
      }
      try (SqliteStore store = SqliteStore.open(db)) {
        System.out.println("ready");
        System.out.flush();
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"go".equals(in.readLine())) {
          throw new IllegalStateException("expected go");
        }
        record(store, args[1], Integer.parseInt(args[2]));
      }
    }

    /** Versions of a file shared by every process and of this process's own file. */
    static void record(Store store, String name, int count) {
      for (int i = 1; i <= count; i++) {
        Instant now = Instant.ofEpochMilli(1_700_000_000_000L + i);
        store.record(Change.content("shared.txt", StoreContract.hash(name + i), i, i, now, name,
            name)).orElseThrow();
        store.record(Change.content(name + ".txt", StoreContract.hash(name + i), i, i, now, name,
            name)).orElseThrow();
      }
    }
  }
}
