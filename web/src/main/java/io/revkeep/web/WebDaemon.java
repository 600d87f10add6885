package io.revkeep.web;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.revkeep.config.Config;
import io.revkeep.config.TlsConfig;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import io.revkeep.core.store.Store;
import io.revkeep.core.store.StoreException;
import io.revkeep.core.vault.Vault;
import io.revkeep.core.model.Event;
import io.revkeep.feed.FeedClient;
import io.revkeep.web.api.HealthBodies.HealthReport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The web server: pages, the JSON API under {@code /api}, live updates by server-sent events.
 * It reads the store and the vault, follows the listener's feed, and writes into the shared
 * folder only as an edit would (see {@link Writes}), so the listener records every upload and
 * restore as a new version by the web user.
 *
 * <pre>{@code
 * WebDaemon web = WebDaemon.start(WebDaemon.Settings.of(config, "127.0.0.1", feedPort, token),
 *     store, vault, System.out);
 * }</pre>
 */
public final class WebDaemon implements AutoCloseable {
  /*
   * Threads:    Jetty's pool serves requests (uploads and downloads stream on the request
   *             thread; nothing is buffered whole); the FeedClient's own threads deliver events
   *             to onFeedEvent, which marks the folders it changed (FolderChanges: kept
   *             folder listings), hands it to the open streams (Events.publish) without waiting
   *             for them, then acknowledges it, so the listener sees the web keeping up; Events
   *             owns its sender pool and pinger; a write may wait on its request thread for a
   *             starting listener (ListenerWait, bounded);
   *             revkeep-status-web renews <data>/status/web.json.
   * State:      when sessions were last swept and counted (the sessions are in the store),
   *             the login limiter and admission, the diffs per user, the kept folder
   *             listings and change times (SeqCache) and which folders changed (in memory, their
   *             own locks); everything else is in the store, the vault and the file system.
   *             Jetty's limits on slow or large requests are HttpLimits'; HeaderDeadline's
   *             sweeper thread closes connections that send no request in time.
   * Invariants: no main-code dependency on the listener: the web sees it only through the feed
   *             and the status board. A request writes into the shared folder only by a staged
   *             file renamed into place after a WriteIntent (Writes).
   *             revkeep-web-first-admin retries the first-start admin while the store does not
   *             answer at start (a Couchbase cluster still down); the feed's "since" is asked
   *             of the store lazily for the same reason.
   * Shutdown:   close() stops the status publication, the first-admin retries, the HTTP server
   *             (open requests end), the feed client, then the event streams. The store and
   *             vault are the caller's.
   * Testing:    ApiIT (every route over real HTTP on port 0), ApiShapeIT (every JSON body's
   *             shape), ApiBodiesTest (the records' wire names), UploadEscapeIT, BigUploadIT (a
   *             child JVM with -Xmx256m), BrowserIT (headless Chromium), DegradedHealthIT,
   *             LoginRateLimitIT, WebClockIT (time from the Clock given), LoginLimiterTest,
   *             MultipartReaderTest; the attacks of issue 15: SlowLoginFloodIT (HttpLimits,
   *             LoginAdmission), SlowHeaderFloodIT (HeaderDeadline, the connection cap), ErrorLeakIT and InternalErrorIT (InternalErrors), LoginWorkIT,
   *             SafeRedirectTest and BrowserIT (next=), PerUserLimitTest (diffs); issue 17:
   *             FolderPagingIT, SortedFolderTest, NaturalOrderTest, SeqCacheTest,
   *             FolderChangesTest, ChangeTimelineTest, ListenerStartupWaitIT, and in e2e
   *             BigFolderBrowserIT (100,000 entries in Chromium).
   */
  private static final Logger LOG = LogManager.getLogger();

  /**
   * What the web needs to know, independent of how it was configured.
   *
   * @param bind address to listen on
   * @param port 0 picks a free port (see {@link #port()})
   * @param maxUpload the largest upload request body, in bytes ({@code [web] max_upload})
   * @param lockFiles {@code [revisions] lockfiles}: refuse writes to paths others have locked
   * @param shared the shared folder
   * @param data the data folder (status board, initial admin password)
   * @param ignore the listener's ignore globs (such names are refused: never versioned)
   * @param feedHost the listener's feed
   * @param feedPort its port
   * @param feedToken the feed secret
   * @param tls {@code [tls]}: HTTPS with a certificate, and how the feed client speaks (WebTls)
   * @param connections {@code [web] max_connections} and {@code header_timeout} (HttpLimits)
   */
  public record Settings(String bind, int port, long maxUpload, boolean lockFiles, Path shared,
      Path data, List<String> ignore, String feedHost, int feedPort, String feedToken,
      TlsConfig tls, ConnectionLimits connections) {
    public Settings {
      Objects.requireNonNull(bind, "bind");
      Objects.requireNonNull(shared, "shared");
      Objects.requireNonNull(data, "data");
      ignore = List.copyOf(ignore);
      Objects.requireNonNull(feedHost, "feedHost");
      Objects.requireNonNull(feedToken, "feedToken");
      Objects.requireNonNull(tls, "tls");
      Objects.requireNonNull(connections, "connections");
    }

    /** The settings with the default connection limits. */
    public Settings(String bind, int port, long maxUpload, boolean lockFiles, Path shared,
        Path data, List<String> ignore, String feedHost, int feedPort, String feedToken,
        TlsConfig tls) {
      this(bind, port, maxUpload, lockFiles, shared, data, ignore, feedHost, feedPort, feedToken,
          tls, ConnectionLimits.DEFAULT);
    }

    /** The settings without {@code [tls]}: plain HTTP and a plain feed client. */
    public Settings(String bind, int port, long maxUpload, boolean lockFiles, Path shared,
        Path data, List<String> ignore, String feedHost, int feedPort, String feedToken) {
      this(bind, port, maxUpload, lockFiles, shared, data, ignore, feedHost, feedPort, feedToken,
          TlsConfig.NONE);
    }

    /** The same settings with other connection limits. */
    public Settings withConnections(ConnectionLimits limits) {
      return new Settings(bind, port, maxUpload, lockFiles, shared, data, ignore, feedHost,
          feedPort, feedToken, tls, limits);
    }

    /** The settings a configuration gives, for a feed at feedHost:feedPort. */
    public static Settings of(Config config, String feedHost, int feedPort, String feedToken) {
      return new Settings(config.web().bind(), config.web().port(), config.web().maxUpload(),
          config.revisions().lockFiles(), config.paths().shared(), config.paths().data(),
          config.listener().ignore(), feedHost, feedPort, feedToken, config.tls(),
          new ConnectionLimits(config.web().maxConnections(), config.web().headerTimeout()));
    }
  }

  private final Settings settings;
  private final Instant started;
  /** What the status reports' times come from. */
  private final Clock clock;
  private final Events events;
  private final FeedClient feed;
  private final Javalin app;
  private final ApiRoutes api;
  /** The web's way into the shared folder; its folder handles are closed with the daemon. */
  private final Writes writes;
  private final Sessions sessions;
  /** Closes connections that send no request in time; its meters are bound to the registry. */
  private final HeaderDeadline headerDeadline;
  private final StatusBoard.Publication statusPublication;
  /** Retries the first-start admin while the store does not answer (then stops). */
  private final ScheduledExecutorService firstAdmin;
  /** The store's last seq when the feed first connected; -1 until the store answered. */
  private final AtomicLong feedBaseline = new AtomicLong(-1);
  /** Which folders changed, from the feed: kept listings stay valid for the others. */
  private final FolderChanges folderChanges = new FolderChanges(this::heardUpTo);

  private WebDaemon(Settings s, Store store, Vault vault, PrintStream out, Clock clock,
      PrometheusMeterRegistry registry, ListenerWait.Tuning listenerWait) throws IOException {
    this.settings = s;
    this.clock = clock;
    this.started = clock.instant();
    firstAdmin = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "revkeep-web-first-admin");
      t.setDaemon(true);
      return t;
    });
    ensureAdminOrRetry(store, s.data(), out);
    SharedRoot root = new SharedRoot(s.shared());
    writes = new Writes(root, store, vault, s.lockFiles(), s.ignore(),
        List.of(s.data(), vault.root()), s.data(), clock, listenerWait);
    Uploads uploads = new Uploads(writes, s.maxUpload());
    sessions = new Sessions(store, clock);
    Auth auth = new Auth(store, sessions, clock);
    events = new Events(store);
    feed = FeedClient.builder(s.feedHost(), s.feedPort(), s.feedToken())
        .since(() -> feedSince(store))
        .handler(this::onFeedEvent)
        .reconnect(true)
        .tls(WebTls.feedClient(s.tls()))
        .build();
    api = new ApiRoutes(store, vault, writes, uploads, sessions, s.data(), feed::isConnected,
        events::subscribers, clock, registry, folderChanges);
    RequestTimers http = new RequestTimers(registry);
    PageRoutes pages = new PageRoutes();
    headerDeadline = new HeaderDeadline(s.connections().headerTimeout());
    MetricsRoutes.bindConnections(registry, headerDeadline, s.connections().maxConnections());
    app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.jetty.host = s.bind();
      config.jetty.port = s.port();
      config.jetty.threadPool = WebThreads.pool();
      WebTls.configure(config, s.bind(), s.port(), s.tls());
      config.http.compressionStrategy = CompressionStrategy.NONE;
      config.http.generateEtags = false;
      config.http.asyncTimeout = 0;
      HttpLimits.apply(config, s.connections(), headerDeadline);
      config.requestLogger.http((ctx, ms) -> {
        io.javalin.router.Endpoint e = ctx.endpoints().matchedHttpEndpoint();
        http.record(ctx.method().name(), e == null ? "unmatched" : e.path, ctx.statusCode(), ms);
      });
      auth.register(config.routes);
      api.register(config.routes);
      events.register(config.routes);
      pages.register(config.routes);
      new IconRoutes().register(config.routes);
      config.routes.exception(HttpError.class, (e, ctx) -> {
        if (e.status == 401 && !Auth.isApi(ctx.path())) {
          String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
          ctx.redirect("/login?next=" + URLEncoder.encode(SafeRedirect.orStart(next),
              StandardCharsets.UTF_8));
          return;
        }
        Json.error(ctx, e.status, e.getMessage());
      });
      config.routes.exception(Exception.class, InternalErrors::answer);
      config.routes.error(404, ctx -> {
        if (ctx.result() == null) {
          Json.error(ctx, 404, "no such route: " + ctx.method() + " " + ctx.path());
        }
      });
    });
    try {
      app.start();
      feed.start();
      statusPublication = new StatusBoard(s.data()).publish("web", this::serviceStatus);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
    LOG.info("web on {}://{}:{}/ (shared {}, feed {}:{})", WebTls.scheme(s.tls()), s.bind(),
        port(), root.path(), s.feedHost(), s.feedPort());
  }

  /**
   * Starts the web server. On a store with no user, first creates {@code admin} with a random
   * password, printed once to {@code out} and written to {@code <data>/initial-admin-password}.
   * The store and vault stay the caller's to close (after this daemon).
   */
  public static WebDaemon start(Settings settings, Store store, Vault vault, PrintStream out)
      throws IOException {
    return start(settings, store, vault, out,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /**
   * Starts the web server with the process's meter registry, which {@code /metrics} serves
   * whole (the listener's and backup's meters too when they share the process).
   */
  public static WebDaemon start(Settings settings, Store store, Vault vault, PrintStream out,
      PrometheusMeterRegistry registry) throws IOException {
    return start(settings, store, vault, out, registry, Clock.systemUTC());
  }

  /**
   * Starts the web server reading time from {@code clock}: sessions and their idle timeout, the
   * login limiter, point-in-time reads ("3h"), write intents, the liveness of the listener's
   * and the backup's status files, this service's start time.
   */
  public static WebDaemon start(Settings settings, Store store, Vault vault, PrintStream out,
      PrometheusMeterRegistry registry, Clock clock) throws IOException {
    return new WebDaemon(settings, store, vault, out, clock, registry,
        ListenerWait.Tuning.DEFAULT);
  }

  /** Starts the web server with other bounds on waiting for a starting listener (tests). */
  static WebDaemon start(Settings settings, Store store, Vault vault, PrintStream out,
      ListenerWait.Tuning listenerWait) throws IOException {
    return new WebDaemon(settings, store, vault, out, Clock.systemUTC(),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), listenerWait);
  }

  /**
   * An event from the feed: handed to every open event stream, then acknowledged — the web has
   * handled it once every stream has it queued (a slow browser is Events' concern, not the
   * feed's), so its lag at the listener stays near 0 however many changes go by.
   */
  private void onFeedEvent(Event e) {
    folderChanges.heard(e); // before the event counts as delivered (FolderChanges)
    events.publish(e);
    feed.ack(e.seq());
  }

  /** The bound HTTP port (useful when configured as 0). */
  public int port() {
    return app.port();
  }

  /** Whether the feed subscription is connected (live updates flow). */
  public boolean feedConnected() {
    return feed.isConnected();
  }

  /** What {@code /api/health} reports now. */
  public HealthReport health() {
    return api.health();
  }

  private ServiceStatus serviceStatus() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("port", port());
    details.put("bind", settings.bind());
    details.put("feed_connected", feed.isConnected());
    details.put("event_streams", events.subscribers());
    details.put("sessions", sessions.size());
    return StatusBoard.now("web", started, feed.isConnected(), details, clock);
  }

  @Override
  public void close() {
    try {
      statusPublication.close();
    } catch (RuntimeException e) {
      LOG.warn("stopping the status publication: {}", e.toString());
    }
    closeQuietly();
    LOG.info("web stopped");
  }

  /**
   * Where the feed subscription starts: after the store's last seq as the store first answers
   * (asked lazily, so a web started while the store is unavailable starts anyway: the client
   * reconnects until this answers), then after the last event delivered.
   */
  /**
   * Every event up to this seq has been heard from the feed (or was recorded before the feed's
   * first connection); -1 before it connected.
   */
  private long heardUpTo() {
    long base = feedBaseline.get();
    return base < 0 ? -1 : Math.max(base, feed.lastDelivered());
  }

  private long feedSince(Store store) {
    if (feedBaseline.get() < 0) {
      feedBaseline.compareAndSet(-1, store.lastSeq()); // throws while the store is unavailable
    }
    return Math.max(feedBaseline.get(), feed.lastDelivered());
  }

  /**
   * Creates the first-start admin now, or — while the store does not answer — every few
   * seconds until it does, so a web started before its Couchbase cluster still serves health.
   */
  private void ensureAdminOrRetry(Store store, Path data, PrintStream out)
      throws IOException {
    try {
      Auth.ensureAdmin(store, data, out);
    } catch (StoreException e) {
      LOG.warn("the store does not answer ({}); the web starts anyway and checks for a first"
          + " user every {} s until it does", e.getMessage(), ADMIN_RETRY.toSeconds());
      firstAdmin.schedule(() -> {
        try {
          ensureAdminOrRetry(store, data, out);
        } catch (IOException | RuntimeException failed) {
          LOG.error("creating the first admin failed: {}", failed.toString());
        }
      }, ADMIN_RETRY.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** How often the first-start admin is retried while the store does not answer. */
  private static final java.time.Duration ADMIN_RETRY = java.time.Duration.ofSeconds(5);

  private void closeQuietly() {
    firstAdmin.shutdownNow();
    events.close();
    try {
      app.stop();
    } catch (RuntimeException e) {
      LOG.warn("stopping the HTTP server: {}", e.toString());
    }
    feed.close();
    try {
      writes.close();
    } catch (IOException e) {
      LOG.warn("closing the shared folder's handles: {}", e.toString());
    }
  }
}
