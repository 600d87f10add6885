package io.revkeep.store.couchbase;

import com.couchbase.client.java.json.JsonObject;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.StoreException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads of files and versions as they are now: a folder's listing, the files with a content, a
 * file's history, one version, a change set.
 */
final class FileReads {
  /*
   * Indexes: all append-only logs (AppendLog) of hints. Member logs keep every (name, id) that
   *          was ever in a folder (renamed-away and deleted ones too): files() reads a folder's
   *          (or a subtree's) logs and keeps the ids whose record is there now;
   *          liveFilesWithHash and changeSet check their entries the same way, so those three
   *          are written before the commit point (Commit.preIndex) and a dead writer's op that
   *          never commits leaves entries that fail the check. Pointers are hints too: the file
   *          doc's path decides — but for a tombstone, whose path a RENAME may have taken
   *          (Recording.rename), the pointer says whether it is still the record there
   *          (attached). Every record is read through FileDocs, which settles an op whose writer
   *          looks dead.
   * Threads: any caller thread; no local state.
   */

  private final StoreContext ctx;
  private final FileDocs fileDocs;
  private final Folders folders;

  FileReads(StoreContext ctx, FileDocs fileDocs, Folders folders) {
    this.ctx = ctx;
    this.fileDocs = fileDocs;
    this.folders = folders;
  }

  Optional<FileRecord> file(String path) {
    return fileDocs.fileAt(path);
  }

  /** @param folder trimmed ({@link Folders#trimDir}) */
  List<FileRecord> files(String folder, boolean recursive, boolean includeDeleted) {
    return filesAmong(folders.members(folder, recursive).values(), folder, recursive,
        includeDeleted);
  }

  /**
   * {@link #files} from member logs already read ({@link Folders#members}): the records of
   * their entries that stand under the folder now.
   */
  List<FileRecord> filesAmong(Collection<List<JsonObject>> memberLogs, String folder,
      boolean recursive, boolean includeDeleted) {
    Set<Long> ids = new LinkedHashSet<>();
    for (List<JsonObject> entries : memberLogs) {
      for (JsonObject e : entries) {
        if (e.containsKey("f")) {
          ids.add(e.getLong("f"));
        }
      }
    }
    List<FileRecord> out = new ArrayList<>();
    List<FileRecord> deleted = new ArrayList<>();
    for (FileRecord rec : fileDocs.records(ids).values()) {
      if (Folders.under(rec.path(), folder, recursive)) {
        if (!rec.deleted()) {
          out.add(rec);
        } else if (includeDeleted) {
          deleted.add(rec);
        }
      }
    }
    out.addAll(attached(deleted));
    out.sort(Comparator.comparing(FileRecord::path));
    return out;
  }

  /**
   * The tombstones that are still the record at their path: a RENAME onto a tombstone's path
   * points p=PATH at the moved file and leaves the tombstone's doc as it was (Recording.rename),
   * so the pointer says which one file(path) answers. A live record always has its pointer.
   */
  private List<FileRecord> attached(List<FileRecord> tombstones) {
    if (tombstones.isEmpty()) {
      return tombstones;
    }
    List<Kv.Doc> ptrs = ctx.kv.getAll(tombstones.stream()
        .map(r -> ctx.keys.pointer(r.path())).toList());
    List<FileRecord> out = new ArrayList<>();
    for (int i = 0; i < tombstones.size(); i++) {
      Kv.Doc p = ptrs.get(i);
      if (p != null && p.obj().getLong("id") == tombstones.get(i).id()) {
        out.add(tombstones.get(i));
      }
    }
    return out;
  }

  List<FileRecord> liveFilesWithHash(String hash) {
    Set<Long> ids = new LinkedHashSet<>();
    for (JsonObject e : ctx.logs.read(ctx.keys.hashLog(hash))) {
      ids.add(e.getLong("f"));
    }
    List<FileRecord> out = new ArrayList<>();
    for (FileRecord rec : fileDocs.records(ids).values()) {
      if (!rec.deleted() && hash.equals(rec.hash())) {
        out.add(rec);
      }
    }
    out.sort(Comparator.comparing(FileRecord::path));
    return out;
  }

  List<VersionRecord> history(String path) {
    Optional<FileRecord> rec = fileDocs.fileAt(path);
    return rec.isEmpty() ? List.of() : historyOf(rec.get(), path);
  }

  /**
   * The records no pointer names any more: tombstones whose path a RENAME took (attached()),
   * found through every folder's member log.
   */
  List<FileRecord> detached() {
    Set<Long> ids = new LinkedHashSet<>();
    for (List<JsonObject> entries : folders.members("", true).values()) {
      for (JsonObject e : entries) {
        if (e.containsKey("f")) {
          ids.add(e.getLong("f"));
        }
      }
    }
    List<FileRecord> deleted = new ArrayList<>();
    for (FileRecord rec : fileDocs.records(ids).values()) {
      if (rec.deleted()) {
        deleted.add(rec);
      }
    }
    Set<FileRecord> attached = new HashSet<>(attached(deleted));
    List<FileRecord> out = new ArrayList<>();
    for (FileRecord rec : deleted) {
      if (!attached.contains(rec)) {
        out.add(rec);
      }
    }
    out.sort(Comparator.comparing(FileRecord::path).thenComparing(FileRecord::lastModified)
        .thenComparingLong(FileRecord::id));
    return out;
  }

  /** Every version of the file {@code rec}, oldest first. */
  List<VersionRecord> historyOf(FileRecord rec, String path) {
    long id = rec.id();
    List<String> versionKeys = new ArrayList<>();
    for (int v = 1; v <= rec.version(); v++) {
      versionKeys.add(ctx.keys.version(id, v));
    }
    List<VersionRecord> out = new ArrayList<>(versionKeys.size());
    List<Kv.Doc> docs = ctx.kv.getAll(versionKeys);
    for (int i = 0; i < docs.size(); i++) {
      if (docs.get(i) == null) {
        throw new StoreException(ctx.description + ": version " + (i + 1) + " of " + path
            + " (file " + id + ") is missing from the bucket");
      }
      out.add(Docs.version(docs.get(i).obj()));
    }
    return out;
  }

  Optional<VersionRecord> version(String path, int version) {
    Optional<FileRecord> rec = fileDocs.fileAt(path);
    if (rec.isEmpty() || version < 1 || version > rec.get().version()) {
      return Optional.empty();
    }
    Kv.Doc d = ctx.kv.get(ctx.keys.version(rec.get().id(), version));
    return d == null ? Optional.empty() : Optional.of(Docs.version(d.obj()));
  }

  List<VersionRecord> changeSet(String id) {
    Set<List<Long>> pairs = new LinkedHashSet<>();
    Set<Long> ids = new HashSet<>();
    for (JsonObject e : ctx.logs.read(ctx.keys.changeSetLog(id))) {
      pairs.add(List.of(e.getLong("f"), e.getLong("v")));
      ids.add(e.getLong("f"));
    }
    Map<Long, FileRecord> recs = fileDocs.records(ids);
    List<List<Long>> order = new ArrayList<>(pairs);
    List<Kv.Doc> docs = ctx.kv.getAll(order.stream()
        .map(p -> ctx.keys.version(p.get(0), p.get(1).intValue())).toList());
    List<VersionRecord> out = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      FileRecord rec = recs.get(order.get(i).get(0));
      Kv.Doc d = docs.get(i);
      if (rec != null && d != null && order.get(i).get(1) <= rec.version()
          && id.equals(d.obj().getString("change_set"))) {
        out.add(Docs.version(d.obj()));
      }
    }
    out.sort(Comparator.comparing(VersionRecord::path)
        .thenComparingInt(VersionRecord::version));
    return out;
  }
}
