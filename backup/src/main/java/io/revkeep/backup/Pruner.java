package io.revkeep.backup;

import io.revkeep.backup.RetentionPolicy.Removal;
import io.revkeep.backup.RetentionPolicy.Version;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.FileVersions;
import io.revkeep.core.store.Pin;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.PendingHashes;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Carries out a {@link RetentionPolicy}: gathers every version that has bytes from the store,
 * asks the policy, and removes the chosen versions' backup copies and the vault objects no
 * retained version references. Store records are never changed: a pruned version keeps its row.
 *
 * <p>A backup copy is found through the backup's record ({@link CopyIndex}), and its removal is
 * recorded there ({@link RecordedRemoval}, durable) before the copy is deleted. A folder not yet
 * migrated to the record has no copies retention can find: they are removed once the backup has
 * migrated it.
 *
 * <p>Versions the backup has not copied yet (events after its durable cursor) are held, so the
 * backup never meets an event whose bytes retention already took.
 *
 * <p>A vault object is not deleted at once but moved to {@code <vault>/trash/<hash>}; after the
 * move, events recorded since the plan are read again and an object one of them references is
 * moved back. The next prune deletes what is still unreferenced in the trash, or puts back an
 * object a version recorded meanwhile needs. This closes the race with a listener that found the
 * object present (and so kept no copy of its own) just before the prune removed it.
 */
public final class Pruner {
  private static final Logger LOG = LogManager.getLogger(Pruner.class);
  /** Page size when reading the event log. */
  private static final int PAGE = 1000;
  /** The reason a version not yet copied by the backup is kept. */
  static final String HELD = "not backed up yet";

  /**
   * What a prune would do.
   *
   * @param versions every version with bytes, as given to the policy (kept ones marked)
   * @param removals the versions whose bytes go, each with its reason
   * @param vaultObjects hashes of vault objects only removed versions reference
   * @param retainedHashes hashes some retained version references
   * @param seq the store's last event seq when the plan was made
   */
  public record Plan(Instant now, String policy, List<Version> versions, List<Removal> removals,
      List<String> vaultObjects, Set<String> retainedHashes, long seq) {
    /** Versions not removed. */
    public List<Version> retained() {
      Set<Version> gone = new HashSet<>();
      removals.forEach(r -> gone.add(r.version()));
      return versions.stream().filter(v -> !gone.contains(v)).toList();
    }
  }

  /** What a prune did. */
  public record Result(int copiesRemoved, int vaultObjectsRemoved, long bytesFreed) {}

  private final Store store;
  private final Vault vault;
  private final BackupFolder backup;
  private final RetentionPolicy policy;

  /**
   * @param vault the vault to prune, or null (only backup copies)
   * @param backup the backup folder to prune, or null (only the vault)
   */
  public Pruner(Store store, Vault vault, BackupFolder backup, RetentionPolicy policy) {
    this.store = store;
    this.vault = vault;
    this.backup = backup;
    this.policy = policy;
  }

  /** Decides, touching nothing. */
  public Plan plan(Instant now) throws IOException {
    long seq = store.lastSeq();
    Set<String> held = notBackedUp(seq);
    List<Version> versions = new ArrayList<>();
    for (FileRecord f : store.files("", true, true)) {
      addVersions(versions, f.path(), f, store.history(f.path()), store.pins(f.path()), held);
    }
    // A deleted file whose path a rename took since (FileVersions.detachedFiles) is no file at
    // a path any more, but its versions are versions like any others: its own history.
    for (FileVersions.DetachedFile d : store.detachedFiles()) {
      FileRecord f = d.record();
      addVersions(versions, f.path() + " (an earlier file there, deleted "
          + f.lastModified() + ")", f, d.history(), d.pins(), held);
    }
    List<Removal> removals = policy.toRemove(versions, now);
    Set<Version> gone = new HashSet<>();
    removals.forEach(r -> gone.add(r.version()));
    Set<String> retained = new HashSet<>();
    for (Version v : versions) {
      if (!gone.contains(v)) {
        retained.add(v.hash());
      }
    }
    // Bytes captured while the store was down are named only by the listener's pending journal
    // until its catch-up records them: never theirs to remove.
    Set<String> pending = vault == null ? Set.of()
        : PendingHashes.read(PendingHashes.folderBeside(vault));
    Set<String> objects = new LinkedHashSet<>();
    for (Removal r : removals) {
      String h = r.version().hash();
      if (!retained.contains(h) && !pending.contains(h) && vault != null && vault.contains(h)) {
        objects.add(h);
      }
    }
    return new Plan(now, policy.describe(), versions, removals, List.copyOf(objects), retained,
        seq);
  }

  /** The versions with bytes of one file's history, each kept or not by the rules above. */
  private static void addVersions(List<Version> versions, String file, FileRecord f,
      List<VersionRecord> history, List<Pin> pins, Set<String> held) {
    Map<Integer, String> pinned = new HashMap<>();
    for (Pin p : pins) {
      pinned.put(p.version(), p.label());
    }
    for (VersionRecord v : history) {
      if (v.hash() == null) {
        continue; // a DELETE tombstone has no bytes
      }
      Version c = new Version(file, v.path(), v.version(), v.hash(), v.size(), v.time(), false,
          "");
      if (pinned.containsKey(v.version())) {
        c = c.keep("pinned \"" + pinned.get(v.version()) + "\"");
      } else if (!f.deleted() && v.version() == f.version()) {
        c = c.keep("the current content");
      } else if (held.contains(key(v.path(), v.version()))) {
        c = c.keep(HELD);
      }
      versions.add(c);
    }
  }

  /** (path, version) of the events after the backup's durable cursor, up to {@code seq}. */
  private Set<String> notBackedUp(long seq) throws IOException {
    Set<String> held = new HashSet<>();
    if (backup == null || !backup.hasState()) {
      return held;
    }
    long after = backup.readCursor();
    while (after < seq) {
      List<Event> page = store.eventsAfter(after, PAGE);
      if (page.isEmpty()) {
        break;
      }
      for (Event e : page) {
        if (e.hash() != null && e.seq() <= seq) {
          held.add(key(e.name(), e.version()));
        }
      }
      after = page.get(page.size() - 1).seq();
    }
    return held;
  }

  private static String key(String path, int version) {
    return path + '\0' + version;
  }

  /** Carries out a plan; returns what it removed. */
  public Result apply(Plan plan) throws IOException {
    emptyTrash(plan.retainedHashes());
    int copies = 0;
    long freed = 0;
    if (backup != null && !plan.removals().isEmpty()) {
      List<RecordedRemoval> removals = copiesToRemove(plan);
      if (!removals.isEmpty()) {
        // recorded first: a copy is never gone without the record saying why
        List<String> lines = new ArrayList<>(removals.size());
        removals.forEach(r -> lines.add(RecordLines.encode(r)));
        RecordSegments.writeRemovals(backup.recordDir(), plan.now(), lines);
      }
      for (RecordedRemoval r : removals) {
        Path copy = backup.copyAt(r.copy());
        long size = Files.exists(copy) ? Files.size(copy) : 0;
        if (Files.deleteIfExists(copy)) {
          copies++;
          freed += size;
          LOG.info("retention removed the backup copy {}: {}", copy, r.reason());
        }
      }
      try {
        RecordCompaction.removals(backup.recordDir(), plan.now());
      } catch (IOException e) {
        LOG.warn("retention: cannot merge the record's removal segments: {}", e.getMessage());
      }
    }
    int objects = 0;
    if (vault != null && !plan.vaultObjects().isEmpty()) {
      Path trash = trash();
      Files.createDirectories(trash);
      List<String> moved = new ArrayList<>();
      for (String hash : plan.vaultObjects()) {
        Path object = vault.pathOf(hash);
        if (Files.exists(object)) {
          freed += Files.size(object);
          Files.move(object, trash.resolve(hash), StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
          moved.add(hash);
        }
      }
      // A version recorded since the plan may reference a moved object: put it back.
      Set<String> since = new HashSet<>();
      long after = plan.seq();
      List<Event> page;
      while (!(page = store.eventsAfter(after, PAGE)).isEmpty()) {
        page.forEach(e -> since.add(e.hash()));
        after = page.get(page.size() - 1).seq();
      }
      for (String hash : moved) {
        if (since.contains(hash)) {
          restore(hash);
        } else {
          objects++;
          LOG.info("retention removed the vault object {}", hash);
        }
      }
    }
    return new Result(copies, objects, freed);
  }

  /**
   * The backup copies of the plan's removals that exist, as removals to record. A store version is
   * found in the record by path, version, hash and time ({@link CopyIndex}); when two versions
   * share those and retention keeps one of them, neither copy is removed (the same bytes, and
   * which is which cannot be told).
   */
  private List<RecordedRemoval> copiesToRemove(Plan plan) throws IOException {
    Map<CopyIndex.Key, Integer> versions = new HashMap<>();
    plan.versions().forEach(v -> versions.merge(CopyIndex.Key.of(v), 1, Integer::sum));
    Map<CopyIndex.Key, Removal> removed = new LinkedHashMap<>();
    Map<CopyIndex.Key, Integer> removedCount = new HashMap<>();
    for (Removal r : plan.removals()) {
      CopyIndex.Key k = CopyIndex.Key.of(r.version());
      removed.putIfAbsent(k, r);
      removedCount.merge(k, 1, Integer::sum);
    }
    BackupRecord record = BackupRecord.read(backup.root(),
        damage -> LOG.warn("retention: {}", damage));
    CopyIndex index = new CopyIndex(record, removed.keySet());
    List<RecordedRemoval> out = new ArrayList<>();
    for (Map.Entry<CopyIndex.Key, Removal> e : removed.entrySet()) {
      if (!removedCount.get(e.getKey()).equals(versions.get(e.getKey()))) {
        LOG.warn("retention keeps the backup copy of {}: another version of the same path,"
            + " number, content and time is kept", e.getValue().version());
        continue;
      }
      for (RecordedVersion v : index.entries(e.getValue().version())) {
        if (v.copy() != null && Files.exists(backup.copyAt(v.copy()))) {
          out.add(new RecordedRemoval(v.seq(), v.path(), v.version(), v.hash(), v.copy(),
              plan.now(), plan.policy(), e.getValue().reason()));
        }
      }
    }
    return out;
  }

  private Path trash() {
    return vault.root().resolve("trash");
  }

  /** Deletes trashed objects no retained version needs; puts back those one does. */
  private void emptyTrash(Set<String> retained) throws IOException {
    if (vault == null || !Files.isDirectory(trash())) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(trash())) {
      for (Path p : entries) {
        String hash = p.getFileName().toString();
        if (Vault.isHash(hash) && retained.contains(hash)) {
          restore(hash);
        } else {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private void restore(String hash) throws IOException {
    Path object = vault.pathOf(hash);
    Files.createDirectories(object.getParent());
    if (Files.exists(object)) {
      Files.deleteIfExists(trash().resolve(hash));
    } else {
      Files.move(trash().resolve(hash), object, StandardCopyOption.ATOMIC_MOVE);
    }
    LOG.info("retention kept the vault object {}: a version recorded meanwhile uses it", hash);
  }
}
