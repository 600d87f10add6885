package io.revkeep.core.write;

import io.revkeep.core.Sha256;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.WriteIntent;
import io.revkeep.core.paths.BadPathException;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import io.revkeep.core.write.WriteRefusedException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Carries out one operation of a {@link WriteRequest} once every guard has passed: opens the
 * target's folder from the root without following links ({@link OpenedFolder}), stages the
 * bytes beside the target (or takes them from the staging folder), registers the write intent,
 * renames relative to the opened folder and fsyncs it — or, for a removal, unlinks relative to
 * it. Stateless apart from its collaborators; any number of request threads use one at once.
 */
final class Placement {
  private static final int BUFFER_BYTES = 128 * 1024;

  private final SharedRoot root;
  private final OpenedFolder rootFolder;
  private final OpenedFolder staging;
  private final Store store;
  private final Vault vault;
  private final Origin origin;

  Placement(SharedRoot root, OpenedFolder rootFolder, OpenedFolder staging, Store store,
      Vault vault, Origin origin) {
    this.root = root;
    this.rootFolder = rootFolder;
    this.staging = staging;
    this.store = store;
    this.vault = vault;
    this.origin = origin;
  }

  WriteResult.Done put(String path, WriteOp.Content content, String user, String changeSet,
      Instant expiry) throws IOException, BadPathException {
    try (OpenedFolder parent = OpenedFolder.parentOf(rootFolder, root, path, true)) {
      String name = name(path);
      Optional<BasicFileAttributes> there = parent.stat(name);
      if (there.isPresent() && there.get().isSymbolicLink()) {
        throw new BadPathException("'" + path + "' is a symbolic link");
      }
      if (there.isPresent() && there.get().isDirectory()) {
        throw new BadPathException("'" + path + "' is a folder");
      }
      OpenedFolder from;
      String fromName;
      String hash;
      long size;
      boolean ours = content instanceof WriteOp.FromVault;
      if (content instanceof WriteOp.FromStaging st) {
        from = staging;
        fromName = st.staged().name();
        hash = st.staged().hash();
        size = st.staged().size();
      } else {
        WriteOp.FromVault v = (WriteOp.FromVault) content;
        from = parent;
        fromName = SharedRoot.TEMP_PREFIX + UUID.randomUUID() + ".tmp";
        Copied c = fromVault(v, parent, fromName);
        hash = c.hash();
        size = c.size();
      }
      boolean moved = false;
      try {
        parent.copyPermissions(name, from, fromName);
        requireStillThere(parent, path);
        store.expectWrite(new WriteIntent(path, hash, user, origin, changeSet,
            expiry));
        try {
          from.moveTo(fromName, parent, name);
        } catch (NoSuchFileException gone) {
          throw new BadPathException("the folder '" + parent.path() + "' of '" + path
              + "' was removed while it was written; nothing was written there");
        }
        moved = true;
        parent.fsync();
      } finally {
        if (!moved && ours) {
          parent.delete(fromName);
        }
      }
      return new WriteResult.Done(path, hash, size, false, 0);
    }
  }

  WriteResult.Done remove(String path, String user, String changeSet, Instant expiry)
      throws IOException, BadPathException {
    if (store.file(path).filter(f -> !f.deleted()).isEmpty()) {
      return new WriteResult.Done(path, null, 0, true, 0); // nothing recorded, nothing there
    }
    try (OpenedFolder parent = OpenedFolder.parentOf(rootFolder, root, path, false)) {
      requireStillThere(parent, path);
      store.expectWrite(WriteIntent.deletion(path, user, origin, changeSet,
          expiry));
      if (parent.delete(name(path))) {
        parent.fsync();
      }
    }
    return new WriteResult.Done(path, null, 0, true, 0);
  }

  /**
   * Moves the file at {@code from} to {@code to} with one rename relative to both opened
   * folders; the intent names the target and the content the store has recorded at the source
   * (guard 5 checked that the disk holds it), so the listener's RENAME carries the user, origin
   * and change set.
   */
  WriteResult.Done move(String from, String to, String user, String changeSet, Instant expiry)
      throws IOException, BadPathException {
    FileRecord src = store.file(from).filter(f -> !f.deleted()).orElseThrow(() ->
        new WriteRefusedException(Reason.UNRECORDED, "the file at '" + from + "' was removed"
            + " while it was moved"));
    try (OpenedFolder source = OpenedFolder.parentOf(rootFolder, root, from, false);
        OpenedFolder target = OpenedFolder.parentOf(rootFolder, root, to, true)) {
      Optional<BasicFileAttributes> what = source.stat(name(from));
      if (what.isEmpty() || !what.get().isRegularFile()) {
        throw new BadPathException("'" + from + "' is " + (what.isEmpty() ? "gone"
            : "not a file") + "; nothing was moved");
      }
      if (target.stat(name(to)).isPresent()) {
        throw new WriteRefusedException(Reason.UNRECORDED, "something appeared at '" + to
            + "' that revkeep has not recorded; nothing was moved there");
      }
      requireStillThere(source, from);
      requireStillThere(target, to);
      store.expectWrite(new WriteIntent(to, src.hash(), user, origin, changeSet, expiry));
      source.moveTo(name(from), target, name(to));
      target.fsync();
      source.fsync();
    }
    return new WriteResult.Done(to, src.hash(), src.size(), false, 0);
  }

  /**
   * Makes the empty folder {@code path} (and its missing parents) where nothing stands. The
   * folder is made as a fresh temporary folder in the root and renamed into place relative to
   * its opened parent ({@link OpenedFolder#child}), like any folder the writer makes. Between
   * the look and the rename someone may make the same folder: then it stands, which is what was
   * asked; a file made there meanwhile makes the rename fail (a folder is never renamed over a
   * file), and the answer is a refusal.
   */
  WriteResult.Done makeFolder(String path) throws IOException, BadPathException {
    try (OpenedFolder parent = OpenedFolder.parentOf(rootFolder, root, path, true)) {
      String name = name(path);
      Optional<BasicFileAttributes> there = parent.stat(name);
      if (there.isPresent()) {
        throw new WriteRefusedException(Reason.EXISTS, "'" + path + "' exists already (a "
            + (there.get().isDirectory() ? "folder" : there.get().isSymbolicLink()
                ? "symbolic link" : "file") + "); nothing was made");
      }
      requireStillThere(parent, path);
      try (OpenedFolder made = parent.child(name, true, rootFolder, root, path)) {
        parent.fsync();
      }
    }
    return new WriteResult.Done(path, null, 0, false, 0);
  }

  /**
   * Removes the folder {@code path} if it is empty now ({@link WriteOp.RemoveFolder}); the
   * answer's {@code removed} says whether it was. Its parent is opened without following links
   * and never created (a missing parent, or a link on the way, is refused like any path).
   */
  WriteResult.Done removeFolder(String path) throws IOException, BadPathException {
    boolean removed;
    try (OpenedFolder parent = OpenedFolder.parentOf(rootFolder, root, path, false)) {
      requireStillThere(parent, path);
      removed = parent.deleteEmptyFolder(name(path));
      if (removed) {
        parent.fsync();
      }
    }
    return new WriteResult.Done(path, null, 0, removed, 0);
  }

  /** Copies a version's bytes from the vault to a new file, checking them against the hash. */
  private Copied fromVault(WriteOp.FromVault v, OpenedFolder dir, String name)
      throws IOException {
    Optional<InputStream> in = vault.open(v.hash());
    if (in.isEmpty()) {
      throw new WriteRefusedException(Reason.CONTENT_MISSING, "the bytes of " + v.label()
          + " vanished from the vault during the write");
    }
    boolean ok = false;
    try (InputStream bytes = in.get(); FileChannel ch = dir.createFile(name)) {
      Copied c = copy(bytes, ch);
      if (!c.hash().equals(v.hash())) {
        throw new WriteRefusedException(Reason.DAMAGED, "the vault copy of " + v.label()
            + " is damaged (its hash differs); run 'revkeep verify'");
      }
      ok = true;
      return c;
    } finally {
      if (!ok) {
        dir.delete(name);
      }
    }
  }

  private void requireStillThere(OpenedFolder parent, String path)
      throws IOException, BadPathException {
    if (!parent.stillAt(root)) {
      throw new BadPathException("the folder '" + parent.path() + "' of '" + path
          + "' was moved or replaced while it was written; nothing was written there");
    }
  }

  /** What a copy wrote: the content's SHA-256 and length. */
  record Copied(String hash, long size) {}

  /** Copies {@code in} to its end into {@code ch}, hashing it, then fsyncs the file. */
  static Copied copy(InputStream in, FileChannel ch) throws IOException {
    MessageDigest sha = Sha256.digest();
    OutputStream out = Channels.newOutputStream(ch);
    byte[] buf = new byte[BUFFER_BYTES];
    long size = 0;
    int n;
    while ((n = in.read(buf)) >= 0) {
      sha.update(buf, 0, n);
      out.write(buf, 0, n);
      size += n;
    }
    ch.force(true);
    return new Copied(Sha256.hex(sha), size);
  }

  static String name(String path) {
    return Path.of(path).getFileName().toString();
  }
}
