package io.revkeep.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** Bodies of {@code GET /api/files} (a folder, now or as it was) and {@code /api/change-times}. */
public final class FolderBodies {
  private FolderBodies() {}

  /**
   * One folder's listing.
   *
   * @param dir the folder, normalised ("" for the shared root)
   * @param at the moment asked for, or null for now
   * @param lastSeq the store's newest event when listed (the page follows live events after it)
   * @param entries folders first, then files, each by name
   */
  public record Listing(String dir, Instant at, long lastSeq, List<Entry> entries) {}

  /** A folder or a file of a listing; {@code type} tells which. */
  public sealed interface Entry permits DirEntry, FileEntry {
    String name();

    boolean deleted();

    /** Bytes (a folder: of the files beneath it); the key of {@code ?sort=size}. */
    long size();

    /** The newest change, or null; the key of {@code ?sort=time}. */
    Instant lastModified();
  }

  /**
   * A sub-folder, summed over every file beneath it.
   *
   * @param type always "dir"
   * @param size bytes of the files beneath it that are not deleted
   * @param files how many files beneath it are not deleted
   * @param lastModified the newest change beneath it (null when it has none)
   * @param deleted true when every file beneath it is deleted
   */
  public record DirEntry(String name, String path, String type, long size, int files,
      Instant lastModified, String lastModifiedUser, boolean deleted) implements Entry {
    public DirEntry(String name, String path, long size, int files, Instant lastModified,
        String lastModifiedUser, boolean deleted) {
      this(name, path, "dir", size, files, lastModified, lastModifiedUser, deleted);
    }
  }

  /**
   * A file.
   *
   * @param type always "file"
   * @param versions its version number (then, for a listing of a past moment)
   * @param deletedSince only in a listing of a past moment (absent otherwise): true when the
   *     file has been deleted since (wherever it was last)
   * @param movedTo only in a listing of a past moment, for a file renamed or moved since: where
   *     it is now
   */
  public record FileEntry(String name, String path, String type, long size, int versions,
      String hash, Instant lastModified, String lastModifiedUser, boolean deleted,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean deletedSince,
      @JsonInclude(JsonInclude.Include.NON_NULL) String movedTo) implements Entry {
    public FileEntry(String name, String path, long size, int versions, String hash,
        Instant lastModified, String lastModifiedUser, boolean deleted, Boolean deletedSince,
        String movedTo) {
      this(name, path, "file", size, versions, hash, lastModified, lastModifiedUser, deleted,
          deletedSince, movedTo);
    }
  }

  /**
   * One page of a folder's listing ({@code GET /api/files} with {@code offset}, {@code limit},
   * {@code q} or {@code sort}).
   *
   * @param sort name, size or time
   * @param q the name filter ("" for none)
   * @param offset the position of the first entry among those that match
   * @param total how many entries match (the whole folder without a filter)
   * @param entries at most {@code limit} of them: folders first, then by the sort, then by name
   *     as people read it (f2 before f10), the same order on every page
   */
  public record Page(String dir, Instant at, long lastSeq, String sort, String q, int offset,
      int total, List<Entry> entries) {}

  /**
   * When something under {@code dir} changed, newest first.
   *
   * @param total only when the request chose a range or a spread: how many change times the
   *     range holds (more than {@code times} when the spread left some out)
   */
  public record ChangeTimes(String dir, List<Instant> times,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer total) {
    public ChangeTimes(String dir, List<Instant> times) {
      this(dir, times, null);
    }
  }
}
