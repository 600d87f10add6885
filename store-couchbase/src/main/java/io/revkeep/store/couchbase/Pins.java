package io.revkeep.store.couchbase;

import com.couchbase.client.java.json.JsonObject;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.store.Pin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Pinned versions (which retention never prunes): one document pn:ID per file, so pins follow
 * the file through renames.
 */
final class Pins {
  /*
   * Threads: any caller thread; no local state. Every change to a file's pins is one CAS
   *          (Kv.update) of its document, so concurrent pins and unpins of one file from any
   *          process all apply.
   */

  private final StoreContext ctx;
  private final FileDocs fileDocs;

  Pins(StoreContext ctx, FileDocs fileDocs) {
    this.ctx = ctx;
    this.fileDocs = fileDocs;
  }

  boolean pin(String path, int version, String label, Instant time) {
    Optional<FileRecord> rec = fileDocs.fileAt(path);
    if (rec.isEmpty() || version < 1 || version > rec.get().version()) {
      return false;
    }
    JsonObject pin = JsonObject.create().put("label", label).put("time", time.toEpochMilli());
    return change(rec.get().id(), pins -> {
      pins.put(String.valueOf(version), pin);
      return true;
    });
  }

  boolean unpin(String path, int version) {
    Optional<FileRecord> rec = fileDocs.fileAt(path);
    if (rec.isEmpty()) {
      return false;
    }
    String key = String.valueOf(version);
    return change(rec.get().id(), pins -> {
      if (!pins.containsKey(key)) {
        return false;
      }
      pins.removeKey(key);
      return true;
    });
  }

  List<Pin> pins(String path) {
    Optional<FileRecord> rec = fileDocs.fileAt(path);
    return rec.isEmpty() ? List.of() : pinsOf(rec.get().id());
  }

  /** The pins of the file with this id (a detached one's too), ordered by version. */
  List<Pin> pinsOf(long id) {
    Kv.Doc d = ctx.kv.get(ctx.keys.pins(id));
    if (d == null) {
      return List.of();
    }
    JsonObject pins = d.obj().getObject("pins");
    List<Pin> out = new ArrayList<>();
    for (String v : pins.getNames()) {
      JsonObject p = pins.getObject(v);
      out.add(new Pin(Integer.parseInt(v), p.getString("label"),
          Instant.ofEpochMilli(p.getLong("time"))));
    }
    out.sort(Comparator.comparingInt(Pin::version));
    return out;
  }

  /** Applies a change to the file's pins under CAS; the change returns false to write nothing. */
  private boolean change(long id, Predicate<JsonObject> change) {
    return ctx.kv.update(ctx.keys.pins(id), doc -> {
      JsonObject pins = doc == null ? JsonObject.create() : doc.getObject("pins");
      return change.test(pins) ? JsonObject.create().put("pins", pins) : null;
    });
  }
}
