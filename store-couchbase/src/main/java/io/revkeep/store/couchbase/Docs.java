package io.revkeep.store.couchbase;

import com.couchbase.client.java.json.JsonObject;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.VersionRecord;
import java.time.Instant;

/**
 * JSON forms of the records. File fields follow the original file document ({@code file_name},
 * {@code created_user}, …); times are epoch milliseconds.
 */
final class Docs {
  private Docs() {}

  static JsonObject file(FileRecord f) {
    return JsonObject.create()
        .put("id", f.id())
        .put("file_name", f.path())
        .put("hash", f.hash())
        .put("size", f.size())
        .put("created", f.created().toEpochMilli())
        .put("created_user", f.createdUser())
        .put("last_modified", f.lastModified().toEpochMilli())
        .put("last_modified_user", f.lastModifiedUser())
        .put("version", f.version())
        .put("deleted", f.deleted())
        .put("fs_size", f.fsSize())
        .put("fs_mtime", f.fsMtime())
        .put("rev", f.rev());
  }

  static FileRecord file(JsonObject o) {
    if (o == null) {
      return null;
    }
    return new FileRecord(
        o.getLong("id"),
        o.getString("file_name"),
        o.getString("hash"),
        o.getLong("size"),
        Instant.ofEpochMilli(o.getLong("created")),
        o.getString("created_user"),
        Instant.ofEpochMilli(o.getLong("last_modified")),
        o.getString("last_modified_user"),
        o.getInt("version"),
        o.getBoolean("deleted"),
        o.getLong("fs_size"),
        o.getLong("fs_mtime"),
        o.getLong("rev"));
  }

  static JsonObject version(VersionRecord v) {
    return JsonObject.create()
        .put("path", v.path())
        .put("version", v.version())
        .put("hash", v.hash())
        .put("size", v.size())
        .put("time", v.time().toEpochMilli())
        .put("user", v.user())
        .put("origin", v.origin().wire())
        .put("action", v.action().name())
        .put("change_set", v.changeSet());
  }

  static VersionRecord version(JsonObject o) {
    return new VersionRecord(
        o.getString("path"),
        o.getInt("version"),
        o.getString("hash"),
        o.getLong("size"),
        Instant.ofEpochMilli(o.getLong("time")),
        o.getString("user"),
        Origin.fromWire(o.getString("origin")),
        Action.valueOf(o.getString("action")),
        o.getString("change_set"));
  }

  static JsonObject event(Event e) {
    return JsonObject.create()
        .put("seq", e.seq())
        .put("action", e.action().name())
        .put("name", e.name())
        .put("from", e.from())
        .put("location", e.location())
        .put("version", e.version())
        .put("hash", e.hash())
        .put("size", e.size())
        .put("time", e.time().toEpochMilli())
        .put("user", e.user())
        .put("origin", e.origin() == null ? null : e.origin().wire())
        .put("change_set", e.changeSet());
  }

  static Event event(JsonObject o) {
    return new Event(
        o.getLong("seq"),
        Action.valueOf(o.getString("action")),
        o.getString("name"),
        o.getString("from"),
        o.getString("location"),
        o.getInt("version"),
        o.getString("hash"),
        o.getLong("size"),
        Instant.ofEpochMilli(o.getLong("time")),
        o.getString("user"),
        // absent from the event docs of a revkeep before events carried them: not known
        o.getString("origin") == null ? null : Origin.fromWire(o.getString("origin")),
        o.getString("change_set"));
  }

  /**
   * On a RENAME's event doc: whether its target path held a tombstone, which the move detached
   * (absent on the events of a revkeep before folder sums: read as false).
   */
  static final String OVER_TOMBSTONE = "over";

  /**
   * On an event doc of a file's version N > 1: {path, size, live} of version N-1 (absent on the
   * events of a revkeep before folder sums: FolderSumDocs reads v:ID:N-1 instead).
   */
  static final String PREVIOUS = "prev";

  /**
   * The event doc e:SEQ of a committed op: the event, the op id that commits it (FileDocs), the
   * file's id, and the draft's {@link #PREVIOUS} and {@link #OVER_TOMBSTONE}.
   */
  static JsonObject eventDoc(Event e, String op, long fileId, JsonObject draft) {
    JsonObject doc = event(e).put("op", op).put("f", fileId);
    if (draft.containsKey(PREVIOUS)) {
      doc.put(PREVIOUS, draft.getObject(PREVIOUS));
    }
    if (draft.containsKey(OVER_TOMBSTONE)) {
      doc.put(OVER_TOMBSTONE, draft.getBoolean(OVER_TOMBSTONE));
    }
    return doc;
  }

  /** A timeline entry: the version, recorded under its folder, with the file's id. */
  static JsonObject timeline(long fileId, VersionRecord v) {
    return version(v).put("f", fileId);
  }

  /** A timeline entry in the folder a RENAME left: the file is no longer here from version v. */
  static JsonObject movedOut(long fileId, int version, Instant time) {
    return JsonObject.create().put("f", fileId).put("version", version)
        .put("time", time.toEpochMilli()).put("moved_out", true);
  }

  static boolean isMovedOut(JsonObject timelineEntry) {
    return timelineEntry.containsKey("moved_out");
  }

  /** The doc of an event seq declared a hole: handed out, but no event will ever have it. */
  static JsonObject hole() {
    return JsonObject.create().put("hole", true);
  }

  static boolean isHole(JsonObject eventDoc) {
    return eventDoc.containsKey("hole");
  }
}
