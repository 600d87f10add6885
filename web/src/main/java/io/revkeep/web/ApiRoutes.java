package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import io.revkeep.web.api.HealthBodies.HealthReport;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The JSON API under {@code /api} and {@code /metrics}: creates the route groups, one concern
 * each, and registers them. The bodies they read and write are the records of
 * {@link io.revkeep.web.api}; who may call what is {@link Auth}'s gate in front of them.
 *
 * <ul>
 *   <li>{@link SessionRoutes}: login, logout, me;
 *   <li>{@link OwnPasswordRoutes}: a user's own password;
 *   <li>{@link UserRoutes}: the user admin API;
 *   <li>{@link HealthRoutes}: health (public);
 *   <li>{@link FolderRoutes}: a folder now or as it was, its change times;
 *   <li>{@link FileRoutes}: one file's history, content, diff;
 *   <li>{@link CompareRoutes}: two versions side by side, words marked;
 *   <li>{@link ThumbnailRoutes}: thumbnails of image versions (cached in the data folder);
 *   <li>{@link WhereaboutsRoutes}: what became of a path (moved to, deleted);
 *   <li>{@link WriteRoutes}: upload, restore, folder restore;
 *   <li>{@link FileOpRoutes}: new folder, move, delete;
 *   <li>{@link UndoRoutes}: a change set undone;
 *   <li>{@link SearchRoutes}: names of the whole share, now or as it was;
 *   <li>{@link DeletedRoutes}: the deleted files of the whole share;
 *   <li>{@link MetricsRoutes}: the Prometheus scrape.
 * </ul>
 *
 * <p>Jetty's request threads call the groups concurrently; they keep no state of their own but
 * the restore count of WriteRoutes and UndoRoutes (atomic) and what Sessions, LoginLimiter
 * (shared by the login and the own password change), LoginAdmission (logins at once) and
 * PerUserLimit (diffs per user) guard themselves.
 */
final class ApiRoutes {
  private final SessionRoutes sessionRoutes;
  private final UserRoutes users;
  private final HealthRoutes health;
  private final FolderRoutes folders;
  private final FileRoutes files;
  private final CompareRoutes compare;
  private final ThumbnailRoutes thumbnails;
  private final WhereaboutsRoutes whereabouts;
  private final WriteRoutes writeRoutes;
  private final OwnPasswordRoutes ownPassword;
  private final FileOpRoutes fileOps;
  private final UndoRoutes undo;
  private final SearchRoutes search;
  private final DeletedRoutes deleted;
  private final FolderOnDiskRoutes folderOnDisk;
  private final MetricsRoutes metrics;

  /**
   * @param data the data folder (status board of the listener and the backup)
   * @param feedConnected whether the web's feed subscription is connected
   * @param eventStreams how many {@code /api/events} streams are open
   * @param changes which folders the feed says changed (kept listings)
   */
  ApiRoutes(Store store, Vault vault, Writes writes, Uploads uploads, Sessions sessions,
      Path data, BooleanSupplier feedConnected, IntSupplier eventStreams, Clock clock,
      PrometheusMeterRegistry registry, FolderChanges changes) {
    StoredVersions versions = new StoredVersions(store, vault);
    LoginLimiter limiter = new LoginLimiter(clock);
    sessionRoutes = new SessionRoutes(store, sessions, limiter, new LoginAdmission(),
        PasswordCheck.BCRYPT);
    ownPassword = new OwnPasswordRoutes(store, sessions, limiter, PasswordCheck.BCRYPT);
    users = new UserRoutes(store, sessions);
    health = new HealthRoutes(store, writes.sharedRoot(), data, feedConnected, clock,
        ctx -> loggedIn(sessions, ctx));
    folders = new FolderRoutes(store, clock, changes);
    files = new FileRoutes(store, vault, versions);
    compare = new CompareRoutes(versions);
    thumbnails = new ThumbnailRoutes(versions, new ThumbnailCache(data.resolve("thumbnails")));
    whereabouts = new WhereaboutsRoutes(store);
    AtomicLong restores = new AtomicLong();
    writeRoutes = new WriteRoutes(store, vault, writes, uploads, versions, clock, restores);
    fileOps = new FileOpRoutes(store, writes);
    undo = new UndoRoutes(store, vault, writes, restores);
    search = new SearchRoutes(store, writes.sharedRoot(), clock);
    deleted = new DeletedRoutes(store);
    folderOnDisk = new FolderOnDiskRoutes(writes.sharedRoot());
    metrics = new MetricsRoutes(registry, eventStreams, sessions::size, feedConnected);
    metrics.bind(uploads, writeRoutes.restores(), store);
  }

  void register(RoutesConfig routes) {
    sessionRoutes.register(routes);
    users.register(routes);
    health.register(routes);
    folders.register(routes);
    files.register(routes);
    compare.register(routes);
    thumbnails.register(routes);
    whereabouts.register(routes);
    writeRoutes.register(routes);
    ownPassword.register(routes);
    fileOps.register(routes);
    undo.register(routes);
    search.register(routes);
    deleted.register(routes);
    folderOnDisk.register(routes);
    metrics.register(routes);
  }

  /**
   * Whether a health request carries a live session (then it gets the details). A store that
   * does not answer cannot say: no details, and health still answers (it says the store is
   * down).
   */
  private static boolean loggedIn(Sessions sessions, io.javalin.http.Context ctx) {
    try {
      return sessions.find(ctx.cookie(Sessions.COOKIE)).isPresent();
    } catch (io.revkeep.core.store.StoreException e) {
      return false;
    }
  }

  /** What {@code /api/health} answers now. */
  HealthReport health() {
    return health.report();
  }
}
