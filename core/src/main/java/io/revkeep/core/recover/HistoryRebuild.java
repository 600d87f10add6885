package io.revkeep.core.recover;

import io.revkeep.core.model.ImportedVersion;
import io.revkeep.core.store.HistoryImport;
import io.revkeep.core.store.ImportException;
import io.revkeep.core.vault.Vault;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rebuilds an empty store and its vault from a recorded history: every version's bytes are
 * put back into the vault from their copy, checked against the version's hash, then the versions
 * are imported into the store ({@link HistoryImport}) exactly as they were first recorded. It
 * does not know where the history comes from; {@code revkeep recover --from-backup} reads it
 * from the backup folder's record.
 *
 * <pre>{@code
 * HistoryRebuild.Report r = new HistoryRebuild(store, vault, copies)
 *     .run(versionsInSeqOrder, lastSeq);
 * // r.versions() imported, r.objects() / r.bytes() put back into the vault,
 * // r.damaged(): copies whose bytes are not the version's, r.unrecovered(): versions whose
 * // bytes no copy held (retention removed them, or they are lost)
 * }</pre>
 *
 * <p>The bytes of a version are in the vault before the version is in the store (invariant 1 of
 * docs/ARCHITECTURE.md), and a content shared by many versions is read from the first good copy
 * only. A version whose bytes cannot be had is imported all the same — its history is true, its
 * bytes are gone, as for a version retention pruned — and listed in the report. Not
 * thread-safe: one run per instance, on the caller's thread.
 */
public final class HistoryRebuild {

  /** Versions imported per {@link HistoryImport#importAll} call (one SQLite transaction). */
  static final int BATCH = 500;

  /** Where the bytes of a version come from: its copy in the backup folder. */
  @FunctionalInterface
  public interface Copies {
    /**
     * Opens the copy of this version's bytes (asked only for versions with content, and only
     * while the vault lacks that content); empty when there is no copy. The rebuild reads the
     * stream to its end and closes it. An IOException — here or while reading — counts the copy
     * as damaged.
     */
    Optional<InputStream> open(ImportedVersion version) throws IOException;
  }

  /**
   * What a rebuild did.
   *
   * @param versions versions imported into the store
   * @param objects contents put into the vault
   * @param bytes their total size
   * @param damaged versions whose copy was there but unreadable or held other bytes than the
   *     version's hash (even when another copy of the same content served instead), by seq
   * @param unrecovered versions with content whose bytes are in the vault from no copy (the
   *     copy missing or damaged, and no other version's copy of that content good), by seq
   */
  public record Report(long versions, long objects, long bytes, List<ImportedVersion> damaged,
      List<ImportedVersion> unrecovered) {
    public Report {
      damaged = List.copyOf(damaged);
      unrecovered = List.copyOf(unrecovered);
    }

    /** Whether every version's bytes came back from a good copy. */
    public boolean complete() {
      return damaged.isEmpty() && unrecovered.isEmpty();
    }
  }

  private final HistoryImport store;
  private final Vault vault;
  private final Copies copies;

  private final List<ImportedVersion> damaged = new ArrayList<>();
  /** Versions whose content no copy gave so far, by hash: a later copy may still give it. */
  private final Map<String, List<ImportedVersion>> waiting = new HashMap<>();
  private long imported;
  private long objects;
  private long bytes;

  public HistoryRebuild(HistoryImport store, Vault vault, Copies copies) {
    this.store = Objects.requireNonNull(store, "store");
    this.vault = Objects.requireNonNull(vault, "vault");
    this.copies = Objects.requireNonNull(copies, "copies");
  }

  /**
   * Rebuilds: checks that the store is empty, then for each batch of versions puts their bytes
   * into the vault and imports them, and finally {@link HistoryImport#finishImport finishes}
   * the import at the larger of {@code lastSeq} and the last version's seq.
   *
   * @param versions every version of the history, in strictly increasing seq order
   * @param lastSeq the original store's last seq as far as known (the backup's cursor), so the
   *     rebuilt store carries on after it; 0 when only the versions tell
   * @throws ImportException when the store is not empty (nothing is done), or a version does not
   *     follow the ones before it (the store then holds the batches before its own, and must be
   *     emptied before another attempt)
   * @throws IOException when the vault cannot be written
   */
  public Report run(Iterator<ImportedVersion> versions, long lastSeq) throws IOException {
    if (imported > 0 || !store.isEmpty()) {
      throw new ImportException("the store already holds files or events; a history is rebuilt"
          + " only into an empty store");
    }
    long last = 0;
    List<ImportedVersion> batch = new ArrayList<>(BATCH);
    while (versions.hasNext()) {
      ImportedVersion v = Objects.requireNonNull(versions.next(), "version");
      restoreBytes(v);
      batch.add(v);
      if (batch.size() == BATCH) {
        importBatch(batch);
      }
      last = v.seq();
    }
    importBatch(batch);
    store.finishImport(Math.max(lastSeq, last));
    List<ImportedVersion> unrecovered = new ArrayList<>();
    waiting.values().forEach(unrecovered::addAll);
    unrecovered.sort(Comparator.comparingLong(ImportedVersion::seq));
    return new Report(imported, objects, bytes, damaged, unrecovered);
  }

  private void importBatch(List<ImportedVersion> batch) {
    if (!batch.isEmpty()) {
      store.importAll(batch);
      imported += batch.size();
      batch.clear();
    }
  }

  /** Puts the version's content into the vault from its copy, unless it is there already. */
  private void restoreBytes(ImportedVersion v) throws IOException {
    String hash = v.hash();
    if (hash == null || !Vault.isHash(hash) || vault.contains(hash)) {
      return; // a tombstone; a malformed hash (the import refuses it); content already back
    }
    Optional<InputStream> opened;
    try {
      opened = copies.open(v);
    } catch (IOException e) {
      opened = null; // there, but it cannot be opened
    }
    boolean good = false;
    if (opened != null && opened.isPresent()) {
      try (InputStream in = new CopyStream(opened.get())) {
        good = vault.putIfHash(in, hash);
      } catch (CopyUnreadable e) {
        good = vault.contains(hash); // a read error of the copy; one of the vault is thrown on
      }
    }
    boolean copy = opened == null || opened.isPresent();
    if (good) {
      objects++;
      bytes += v.size();
      waiting.remove(hash);
      return;
    }
    if (copy) {
      damaged.add(v);
    }
    waiting.computeIfAbsent(hash, h -> new ArrayList<>()).add(v);
  }

  /** A failure to read a copy (not to write the vault): the copy counts as damaged. */
  private static final class CopyUnreadable extends IOException {
    CopyUnreadable(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** Tells a read error of the copy apart from a write error of the vault. */
  private static final class CopyStream extends FilterInputStream {
    CopyStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw new CopyUnreadable(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw new CopyUnreadable(e);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } catch (IOException e) {
        throw new CopyUnreadable(e);
      }
    }
  }
}
