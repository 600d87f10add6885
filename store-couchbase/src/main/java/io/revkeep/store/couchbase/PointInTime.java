package io.revkeep.store.couchbase;

import com.couchbase.client.java.json.JsonObject;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.FileThen;
import io.revkeep.core.model.VersionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A folder as it was at a moment, and the moments at which a folder changed. */
final class PointInTime {
  /*
   * Timelines: every version with its details, plus a moved_out marker in the folder a RENAME
   *            left, appended per folder. They are read as they are by filesAt and changeTimes
   *            — "as of" costs one read per 256 versions, none per file — so they are written
   *            after the commit point (step 5, FileDocs.finish). A writer that dies between
   *            steps 4 and 5 leaves its version out of filesAt and changeTimes until its op is
   *            settled: by the next writer of that file, or by any reader of its file doc
   *            (file, files, history…) once it is staleAfter old.
   * Time:      filesAt assumes a file's versions carry non-decreasing times, as the listener
   *            records them.
   * Threads:   any caller thread; no local state.
   */

  private final StoreContext ctx;
  private final Folders folders;
  private final FileDocs fileDocs;

  PointInTime(StoreContext ctx, Folders folders, FileDocs fileDocs) {
    this.ctx = ctx;
    this.folders = folders;
    this.fileDocs = fileDocs;
  }

  /** @param folder trimmed ({@link Folders#trimDir}) */
  List<VersionRecord> filesAt(String folder, Instant at) {
    List<VersionRecord> out = new ArrayList<>(stoodThen(timelines(folder), at).values());
    out.sort(Comparator.comparing(VersionRecord::path)
        .thenComparingInt(VersionRecord::version));
    return out;
  }

  /**
   * The files of {@link #filesAt} with their records today: each timeline entry carries the
   * file's id, and the file document f:ID is the file wherever it went (read through FileDocs,
   * which settles an op whose writer looks dead).
   *
   * @param folder trimmed ({@link Folders#trimDir})
   */
  List<FileThen> filesAtAndNow(String folder, Instant at) {
    return withRecordsNow(stoodThen(timelines(folder), at));
  }

  /**
   * The files of {@link #filesAtAndNow} directly in the folder: its own timeline only, where a
   * RENAME that took a file out of it left a moved_out marker (FileDocs.finish).
   *
   * @param folder trimmed ({@link Folders#trimDir})
   */
  List<FileThen> directFilesAtAndNow(String folder, Instant at) {
    return withRecordsNow(stoodThen(ctx.logs.read(ctx.keys.timeline(folder)), at));
  }

  private List<FileThen> withRecordsNow(Map<Long, VersionRecord> then) {
    Map<Long, FileRecord> now = fileDocs.records(Set.copyOf(then.keySet()));
    List<FileThen> out = new ArrayList<>();
    then.forEach((id, v) -> {
      FileRecord rec = now.get(id);
      if (rec != null) { // every file seen in a timeline has committed a record
        out.add(new FileThen(v, rec));
      }
    });
    out.sort(Comparator.comparing((FileThen f) -> f.then().path())
        .thenComparingInt(f -> f.then().version()));
    return out;
  }

  /** File id → the version it had at {@code at}, for the files the timelines hold then. */
  private Map<Long, VersionRecord> stoodThen(List<JsonObject> timelines, Instant at) {
    long limit = at.toEpochMilli();
    // Of each file seen under the folder by then, the newest entry by then (a content entry
    // wins over a moved_out marker of the same version: a rename within the subtree).
    Map<Long, JsonObject> newest = new HashMap<>();
    for (JsonObject e : timelines) {
      if (e.getLong("time") > limit) {
        continue;
      }
      long f = e.getLong("f");
      JsonObject best = newest.get(f);
      int v = e.getInt("version");
      if (best == null || v > best.getInt("version")
          || (v == best.getInt("version") && Docs.isMovedOut(best) && !Docs.isMovedOut(e))) {
        newest.put(f, e);
      }
    }
    Map<Long, VersionRecord> out = new HashMap<>();
    newest.forEach((f, e) -> {
      if (!Docs.isMovedOut(e) && !Action.DELETE.name().equals(e.getString("action"))) {
        out.put(f, Docs.version(e));
      }
    });
    return out;
  }

  /** @param folder trimmed ({@link Folders#trimDir}) */
  List<Instant> changeTimes(String folder, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    TreeSet<Long> times = new TreeSet<>(Comparator.reverseOrder());
    for (JsonObject e : timelines(folder)) {
      if (!Docs.isMovedOut(e)) {
        times.add(e.getLong("time"));
      }
    }
    return times.stream().limit(limit).map(Instant::ofEpochMilli).toList();
  }

  /** Every timeline entry of the folder and the folders below it. */
  private List<JsonObject> timelines(String folder) {
    List<String> bases = folders.members(folder, true).keySet().stream()
        .map(ctx.keys::timeline).toList();
    List<JsonObject> out = new ArrayList<>();
    ctx.logs.readAll(bases).values().forEach(out::addAll);
    return out;
  }
}
