package io.revkeep.store.couchbase;

import com.couchbase.client.java.json.JsonObject;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.store.FolderContents.Contents;
import io.revkeep.core.store.FolderContents.ContentsThen;
import io.revkeep.core.store.FolderContents.FolderSums;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A folder's direct entries and its sub-folders' sums, now and at an instant, from the folder's
 * own member log, its direct files' documents (or its own timeline) and its sub-folders' sums
 * ({@link FolderSumDocs}): nothing below the sub-folders is read, however deep it goes.
 */
final class FolderContentsReads {
  /*
   * Threads: any caller thread; no local state. Each answer first brings the sums up to the
   *          event log's last seq (FolderSumDocs.catchUp), so it is never older than the log;
   *          a change committed after that may or may not be in it, as with any read.
   */

  private final Folders folders;
  private final FileReads reads;
  private final PointInTime pointInTime;
  private final FolderSumDocs sums;

  FolderContentsReads(Folders folders, FileReads reads, PointInTime pointInTime,
      FolderSumDocs sums) {
    this.folders = folders;
    this.reads = reads;
    this.pointInTime = pointInTime;
    this.sums = sums;
  }

  /** @param dir trimmed */
  Contents contents(String dir, boolean includeDeleted) {
    sums.catchUp();
    List<JsonObject> members = folders.members(dir, false).get(dir);
    List<FileRecord> files = reads.filesAmong(List.of(members), dir, false, includeDeleted);
    List<FolderSums> out = new ArrayList<>();
    sums.now(subFolders(dir, members)).forEach((path, s) -> {
      long live = s.getLong("files");
      boolean deleted = live == 0;
      if (s.getLong("recs") > 0 && (includeDeleted || !deleted)) {
        out.add(new FolderSums(path, s.getLong("size"), (int) live,
            Instant.ofEpochMilli(s.getLong("t")), s.getString("u"), deleted));
      }
    });
    return new Contents(files, out);
  }

  /** @param dir trimmed */
  ContentsThen contentsAt(String dir, Instant at) {
    sums.catchUp();
    List<JsonObject> members = folders.members(dir, false).get(dir);
    List<FolderSums> out = new ArrayList<>();
    sums.at(subFolders(dir, members), at.toEpochMilli()).forEach((path, s) -> {
      if (s.getLong("files") > 0) {
        out.add(new FolderSums(path, s.getLong("size"), s.getLong("files").intValue(),
            Instant.ofEpochMilli(s.getLong("t")), s.getString("u"), false));
      }
    });
    return new ContentsThen(pointInTime.directFilesAtAndNow(dir, at), out);
  }

  /** The sub-folders a member log names (a racing writer may have named one twice). */
  private static List<String> subFolders(String dir, List<JsonObject> members) {
    TreeSet<String> out = new TreeSet<>();
    for (JsonObject e : members) {
      if (e.containsKey("d")) {
        out.add(dir.isEmpty() ? e.getString("n") : dir + "/" + e.getString("n"));
      }
    }
    return List.copyOf(out);
  }
}
