package io.revkeep.core.store;

/**
 * Everything revkeep remembers about files, versions, events, users, locks and pinned versions
 * (pins, which retention never prunes; schema step 2): the sum of the interfaces by concern,
 * {@link FileVersions}, {@link FolderContents} (a folder's direct
 * entries and its sub-folders' sums: listings), {@link EventLog}, {@link PointInTime}, {@link Accounts}, {@link WebSessions}
 * (the web's logins; schema step 6), {@link Locks},
 * {@link Pins}, {@link StoreHealth} and {@link HistoryImport} (the rebuild from a backup). A
 * class that needs only one of them takes only that one.
 *
 * <p>Implementations ({@code SqliteStore}, {@code CouchbaseStore}) pass the same contract
 * tests. All methods are thread-safe, and several processes may share one store. Paths are
 * relative to the shared root, '/'-separated, with no leading slash and no {@code .}/{@code ..}
 * segments (see {@code io.revkeep.core.paths.SharedRoot}).
 */
public interface Store extends FileVersions, FolderContents, EventLog, PointInTime, Accounts,
    WebSessions, Locks, Pins, StoreHealth, HistoryImport, AutoCloseable {

  @Override
  void close();
}
