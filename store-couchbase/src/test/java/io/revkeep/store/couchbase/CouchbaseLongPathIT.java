package io.revkeep.store.couchbase;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.Lock;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.model.WriteIntent;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Paths whose keys would pass Couchbase's 250-byte limit work like any other. */
class CouchbaseLongPathIT {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static TestCluster cluster;

  @BeforeAll
  static void startMock() {
    cluster = TestCluster.mock();
  }

  @AfterAll
  static void stopMock() {
    cluster.close();
  }

  @Test
  void a_file_deep_under_long_folder_names_is_recorded_listed_renamed_and_locked() {
    String dir = ("a-rather-long-folder-name-" + "ü".repeat(20) + "/").repeat(4);
    dir = dir.substring(0, dir.length() - 1);
    String path = dir + "/" + "n".repeat(200) + ".txt";
    String moved = dir + "/" + "m".repeat(220) + ".txt";
    String h1 = "11".repeat(32);
    String h2 = "22".repeat(32);
    try (CouchbaseStore store = cluster.newStore(CouchbaseStore.Tuning.DEFAULT)) {
      store.expectWrite(new WriteIntent(path, h1, "webuser", Origin.WEB, "cs-long",
          T0.plusSeconds(60)));
      store.record(Change.content(path, h1, 1, 1, T0.plusSeconds(1), "alice", "h"));
      store.record(Change.rename(path, moved, h2, 2, 2, T0.plusSeconds(2), "bob", "h"));

      assertThat(store.file(path)).isEmpty();
      FileRecord f = store.file(moved).orElseThrow();
      assertThat(f.version()).isEqualTo(2);
      assertThat(store.history(moved)).extracting(VersionRecord::user)
          .containsExactly("webuser", "bob");
      assertThat(store.files(dir, false, false)).extracting(FileRecord::path)
          .containsExactly(moved);
      assertThat(store.files("", true, false)).extracting(FileRecord::path)
          .containsExactly(moved);
      assertThat(store.filesAt(dir, T0.plusSeconds(1))).extracting(VersionRecord::path)
          .containsExactly(path);
      assertThat(store.changeTimes("", 10)).hasSize(2);
      assertThat(store.changeSet("cs-long")).extracting(VersionRecord::path)
          .containsExactly(path);
      assertThat(store.liveFilesWithHash(h2)).extracting(FileRecord::path)
          .containsExactly(moved);
      assertThat(store.tryLock(new Lock(moved, "ann", T0.plusSeconds(9)), T0).owner())
          .isEqualTo("ann");
      assertThat(store.lock(moved, T0)).isPresent();
    }
  }
}
