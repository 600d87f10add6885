package io.revkeep.store.couchbase;

import com.couchbase.client.java.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The folder tree of a store without queries: each folder's member log (every name that was ever
 * in it, with its file id, and its subfolders), written by the commit protocol and read by the
 * listings and the point-in-time queries. Also the path arithmetic they share.
 */
final class Folders {
  /*
   * Threads: any caller thread. State: knownDirs, the folders this process has already seen
   *          registered in their parent's member log (a concurrent set; losing it costs a read
   *          per folder, never correctness). The d=DIR mark is written after the member
   *          entry, so two writers (or processes) racing on a new folder may both append its
   *          entry; readers de-duplicate.
   */

  private final StoreContext ctx;
  private final Set<String> knownDirs = ConcurrentHashMap.newKeySet();

  Folders(StoreContext ctx) {
    this.ctx = ctx;
  }

  /** Registers dir (and its ancestors) in the parent's member log, once. */
  void ensureDir(String dir) {
    if (dir.isEmpty() || knownDirs.contains(dir)) {
      return;
    }
    if (ctx.kv.get(ctx.keys.dirMark(dir)) == null) {
      String parent = parent(dir);
      ensureDir(parent);
      ctx.logs.append(ctx.keys.members(parent),
          JsonObject.create().put("n", name(dir)).put("d", true));
      ctx.kv.upsert(ctx.keys.dirMark(dir), JsonObject.create().put("dir", dir));
    }
    knownDirs.add(dir);
  }

  /** The member logs of a folder, and with recursive of every folder below it: dir → entries. */
  Map<String, List<JsonObject>> members(String folder, boolean recursive) {
    Map<String, List<JsonObject>> all = new LinkedHashMap<>();
    List<String> level = List.of(folder);
    while (!level.isEmpty()) {
      List<String> bases = level.stream().map(ctx.keys::members).toList();
      Map<String, List<JsonObject>> read = ctx.logs.readAll(bases);
      List<String> nextLevel = new ArrayList<>();
      for (int i = 0; i < level.size(); i++) {
        String d = level.get(i);
        List<JsonObject> entries = read.get(bases.get(i));
        all.put(d, entries);
        if (recursive) {
          for (JsonObject e : entries) {
            if (e.containsKey("d")) {
              String child = d.isEmpty() ? e.getString("n") : d + "/" + e.getString("n");
              if (!all.containsKey(child) && !nextLevel.contains(child)) {
                nextLevel.add(child);
              }
            }
          }
        }
      }
      level = nextLevel;
    }
    return all;
  }

  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Whether path is a child of folder ("" is the root), or with recursive anywhere below it. */
  static boolean under(String path, String folder, boolean recursive) {
    String rest;
    if (folder.isEmpty()) {
      rest = path;
    } else if (path.startsWith(folder + "/")) {
      rest = path.substring(folder.length() + 1);
    } else {
      return false;
    }
    return recursive || rest.indexOf('/') < 0;
  }
}
