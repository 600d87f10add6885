package io.revkeep.core.write;

import java.util.Objects;

/**
 * One change a {@link WriteRequest} makes in the shared folder: new content at a path, the
 * removal of what stands there, the move of a file to a free path, a new empty folder, or the
 * removal of a folder left empty. The path is as the user gave it; the writer checks and
 * normalises it.
 */
public sealed interface WriteOp {

  /** The user-given path this operation targets. */
  String path();

  /** Puts content at {@code path}, replacing what stands there (recorded first). */
  record Put(String path, Content content) implements WriteOp {
    public Put {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(content, "content");
    }
  }

  /** Removes the file at {@code path}, if one stands there (a folder restore's REMOVE). */
  record Remove(String path) implements WriteOp {
    public Remove {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * Moves the recorded file at {@code from} to {@code path}, where no file lives (no record, or
   * a deleted file's): one rename in the file system, which the listener records as a RENAME,
   * so the file's history follows it (a folder restore putting back a file renamed since; a
   * deleted file's record at the path is detached, FileVersions.record). A move never replaces
   * a file: one that stands at the target is removed first, by an earlier request.
   */
  record Move(String from, String path) implements WriteOp {
    public Move {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * Makes a new, empty folder at {@code path} (its missing parents too), where nothing stands:
   * the web's "new folder". Folders are not versioned, so the listener records nothing; the
   * request's change set is only its answer's.
   */
  record MakeFolder(String path) implements WriteOp {
    public MakeFolder {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * Removes the folder at {@code path} if it is empty by then: the last step of the web's move
   * or delete of a whole folder, after the request's earlier operations moved or removed every
   * file revkeep records below it (deepest folders first). A folder that still holds anything
   * — a name revkeep does not version, a file not recorded yet, something put there meanwhile
   * — stays as it is, and so does a path where no folder stands; neither is a refusal.
   * Folders are not versioned: nothing is recorded for it.
   */
  record RemoveFolder(String path) implements WriteOp {
    public RemoveFolder {
      Objects.requireNonNull(path, "path");
    }
  }

  /** Where a {@link Put}'s bytes come from. */
  sealed interface Content {}

  /** Bytes already staged by {@link SharedFolderWriter#stage} (an upload). */
  record FromStaging(Staged staged) implements Content {
    public FromStaging {
      Objects.requireNonNull(staged, "staged");
    }
  }

  /**
   * The bytes of a recorded version, read from the vault and checked against {@code hash} while
   * they are copied (a restore, a revert).
   *
   * @param label how a message names this version, e.g. "version 3 of report.txt"
   */
  record FromVault(String hash, String label) implements Content {
    public FromVault {
      Objects.requireNonNull(hash, "hash");
      Objects.requireNonNull(label, "label");
    }
  }

  static WriteOp put(String path, Staged staged) {
    return new Put(path, new FromStaging(staged));
  }

  static WriteOp putVersion(String path, String hash, String label) {
    return new Put(path, new FromVault(hash, label));
  }

  static WriteOp remove(String path) {
    return new Remove(path);
  }
}
