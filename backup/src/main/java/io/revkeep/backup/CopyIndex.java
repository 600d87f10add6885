package io.revkeep.backup;

import io.revkeep.backup.RetentionPolicy.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the record entries — and so the copies — of the store's versions. A store version has
 * no seq, so it is found by what the version and its event share: path, version number, hash and
 * time (the store records the version and its event in one step, with the same values). Two
 * entries share all four only if a path was reused after a rename within the same millisecond
 * with the same content; then both are returned, and callers treat them as one (they hold the
 * same bytes). Immutable.
 */
final class CopyIndex {
  /** What a store version and its record entry share. */
  record Key(String path, int version, String hash, Instant time) {
    static Key of(Version v) {
      return new Key(v.path(), v.version(), v.hash(), v.time());
    }

    static Key of(RecordedVersion v) {
      return new Key(v.path(), v.version(), v.hash(), v.time());
    }
  }

  private final BackupRecord record;
  private final Map<Key, List<RecordedVersion>> byKey = new HashMap<>();

  /** The entries of {@code record} that have one of the keys {@code wanted}. */
  CopyIndex(BackupRecord record, Set<Key> wanted) {
    this.record = record;
    for (RecordedVersion v : record.versions()) {
      if (v.hash() != null) {
        Key k = Key.of(v);
        if (wanted.contains(k)) {
          byKey.computeIfAbsent(k, x -> new ArrayList<>(1)).add(v);
        }
      }
    }
  }

  /** The record's entries of this version: usually one, none if not recorded. */
  List<RecordedVersion> entries(Version v) {
    return byKey.getOrDefault(Key.of(v), List.of());
  }

  BackupRecord record() {
    return record;
  }
}
