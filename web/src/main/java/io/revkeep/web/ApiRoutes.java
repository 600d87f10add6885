package io.revkeep.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.core.TextDiff;
import io.revkeep.core.restore.RestoreExecutor;
import io.revkeep.core.restore.RestorePlan;
import io.revkeep.core.restore.RestorePlanner;
import io.revkeep.core.restore.RestoreRefusedException;
import io.revkeep.core.restore.RestoreStep;
import io.revkeep.core.time.TimeSpec;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.User;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.paths.BadPathException;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.status.DiskSpace;
import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** The JSON API under {@code /api} (docs/ARCHITECTURE.md, "HTTP API"), health and metrics. */
final class ApiRoutes {
  private static final Logger LOG = LogManager.getLogger();
  /** Text versions larger than this are not diffed. */
  static final int MAX_DIFF_BYTES = 5 * 1024 * 1024;
  /** Types a browser may show inline (no script can run in them). */
  private static final Set<String> INLINE_TYPES = Set.of("image/png", "image/jpeg", "image/gif",
      "image/webp", "image/bmp", "text/plain");
  private static final int BUFFER_BYTES = 128 * 1024;

  private final Store store;
  private final Vault vault;
  private final Writes writes;
  private final Uploads uploads;
  private final java.nio.file.Path dataDir;
  private final BooleanSupplier feedConnected;
  private final IntSupplier sseSubscribers;
  private final IntSupplier sessions;
  private final Clock clock;
  private final AtomicLong restores = new AtomicLong();
  private final PrometheusMeterRegistry registry;
  private final ListenerGate listenerGate;

  ApiRoutes(Store store, Vault vault, Writes writes, Uploads uploads, java.nio.file.Path data,
      BooleanSupplier feedConnected, IntSupplier sseSubscribers, IntSupplier sessions,
      Clock clock, PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.store = store;
    this.vault = vault;
    this.writes = writes;
    this.uploads = uploads;
    this.dataDir = data;
    this.feedConnected = feedConnected;
    this.sseSubscribers = sseSubscribers;
    this.sessions = sessions;
    this.clock = clock;
    this.listenerGate = new ListenerGate(data, clock);
  }

  void register(RoutesConfig routes) {
    routes.get("/api/health", this::health);
    routes.get("/api/files", this::files);
    routes.get("/api/history", this::history);
    routes.get("/api/content", this::content);
    routes.get("/api/diff", this::diff);
    routes.post("/api/upload", uploads::handle);
    routes.post("/api/restore", this::restore);
    routes.get("/api/change-times", this::changeTimes);
    routes.post("/api/restore-folder", this::restoreFolder);
    routes.get("/metrics", this::metrics);
  }

  // ---- health -----------------------------------------------------------------------------

  /** A subscriber this many events behind makes the feed part degraded. */
  static final long SUBSCRIBER_LAG_DEGRADED = 10_000;
  /** A backup this many events behind makes the backup part degraded. */
  static final long BACKUP_BEHIND_DEGRADED = 1_000;

  /**
   * Each part's verdict, a string that starts with ok, degraded, down or unknown: store, feed,
   * listener, watcher, subscribers (and their lag), backup (behind by N events), the disk of each
   * folder. The whole is "ok" (HTTP 200) when no part is degraded or down, "down" when the store
   * is, else "degraded" (both 503). Figures are under "details".
   */
  Map<String, Object> healthReport() {
    Map<String, Object> parts = new LinkedHashMap<>();
    Map<String, Object> details = new LinkedHashMap<>();
    try {
      store.ping();
      parts.put("store", "ok");
    } catch (RuntimeException e) {
      parts.put("store", "down: " + e.getMessage());
    }
    parts.put("feed", feedConnected.getAsBoolean() ? "ok" : "down: not connected to the listener");
    java.time.Instant now = clock.instant();
    StatusBoard board = new StatusBoard(dataDir);
    Optional<ServiceStatus> listener = board.read("listener").filter(s -> s.aliveAt(now));
    if (listener.isEmpty()) {
      parts.put("listener", "down: not running");
      parts.put("watcher", "down: the listener is not running");
      parts.put("subscribers", "unknown: the listener is not running");
    } else {
      Map<String, Object> d = listener.get().details();
      Object downSince = d.get("store_unavailable_since");
      Object pending = d.get("journal_pending");
      long journaled = pending instanceof Number n ? n.longValue() : 0;
      if (!listener.get().healthy()) {
        parts.put("listener", "degraded: unhealthy (see revkeep status)");
      } else if (downSince != null || journaled > 0) {
        // capturing, but the store has not taken what it captured yet (listener's journal)
        parts.put("listener", "degraded: " + (downSince != null ? "the store is unavailable"
            + " to it since " + downSince + "; " : "catching up; ") + journaled
            + " changes kept in <data>/pending" + (Boolean.TRUE.equals(d.get("journal_full"))
                ? " (full: further changes are read again later)" : ""));
      } else {
        parts.put("listener", "ok");
      }
      details.put("journal_pending", journaled);
      parts.put("watcher", Boolean.FALSE.equals(d.get("watcher_alive"))
          ? "down: the watcher thread has stopped" : "ok");
      List<?> subs = d.get("subscribers") instanceof List<?> l ? l : List.of();
      long maxLag = subs.stream().filter(Map.class::isInstance)
          .map(m -> ((Map<?, ?>) m).get("lag")).filter(Number.class::isInstance)
          .mapToLong(n -> ((Number) n).longValue()).max().orElse(0);
      parts.put("subscribers", (maxLag > SUBSCRIBER_LAG_DEGRADED ? "degraded: " : "ok: ")
          + subs.size() + " connected, largest lag " + maxLag + " events");
      details.put("subscribers", subs);
    }
    Optional<ServiceStatus> backup = board.read("backup").filter(s -> s.aliveAt(now));
    Map<String, java.nio.file.Path> folders = new LinkedHashMap<>();
    folders.put("shared", writes.sharedRoot());
    folders.put("data", dataDir);
    if (backup.isEmpty()) {
      parts.put("backup", "unknown: no backup publishes its status on this host");
    } else {
      Object behind = backup.get().details().get("behind");
      long n = behind instanceof Number num ? num.longValue() : -1;
      details.put("backup_behind", n < 0 ? null : n);
      parts.put("backup", n < 0 ? "unknown: behind by an unknown number of events"
          : (n > BACKUP_BEHIND_DEGRADED ? "degraded: " : "ok: ") + "behind by " + n + " events");
      if (backup.get().details().get("backup_folder") instanceof String folder) {
        folders.put("backup", java.nio.file.Path.of(folder));
      }
    }
    Map<String, Object> disks = new LinkedHashMap<>();
    for (Map.Entry<String, java.nio.file.Path> f : folders.entrySet()) {
      try {
        DiskSpace space = DiskSpace.of(f.getValue());
        parts.put("disk:" + f.getKey(), space.verdict());
        Map<String, Object> m = space.toMap();
        m.put("folder", f.getValue().toString());
        disks.put(f.getKey(), m);
      } catch (IOException e) {
        parts.put("disk:" + f.getKey(), "down: cannot measure " + f.getValue() + ": " + e);
      }
    }
    details.put("disk", disks);
    boolean ok = parts.values().stream().map(String::valueOf)
        .noneMatch(v -> v.startsWith("degraded") || v.startsWith("down"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ok ? "ok"
        : String.valueOf(parts.get("store")).startsWith("down") ? "down" : "degraded");
    body.put("parts", parts);
    body.put("details", details);
    return body;
  }

  private void health(Context ctx) {
    Map<String, Object> body = healthReport();
    Json.send(ctx, "ok".equals(body.get("status")) ? 200 : 503, body);
  }

  // ---- reading ----------------------------------------------------------------------------

  private void files(Context ctx) {
    String dir;
    try {
      dir = SharedRoot.normalizeDir(ctx.queryParam("dir"));
    } catch (BadPathException e) {
      throw new HttpError(400, e.getMessage());
    }
    boolean deleted = "true".equals(ctx.queryParam("deleted"));
    String atParam = ctx.queryParam("at");
    Instant at = atParam == null || atParam.isBlank() ? null : parseTime(atParam);
    String prefix = dir.isEmpty() ? "" : dir + "/";
    List<Listed> listed = new ArrayList<>();
    if (at == null) {
      for (FileRecord r : store.files(dir, true, deleted)) {
        listed.add(new Listed(r.path(), r.hash(), r.size(), r.lastModified(),
            r.lastModifiedUser(), r.version(), r.deleted(), false));
      }
    } else {
      // The folder as it was: each file's version then (store.filesAt), marked when nothing
      // lives at its path now. Deleted files are those that existed then, so ?deleted is moot.
      Set<String> liveNow = new java.util.HashSet<>();
      store.files(dir, true, false).forEach(r -> liveNow.add(r.path()));
      for (VersionRecord v : store.filesAt(dir, at)) {
        listed.add(new Listed(v.path(), v.hash(), v.size(), v.time(), v.user(), v.version(),
            false, !liveNow.contains(v.path())));
      }
    }
    Map<String, Map<String, Object>> entries = new TreeMap<>();
    for (Listed r : listed) {
      String rest = r.path().substring(prefix.length());
      int slash = rest.indexOf('/');
      if (slash >= 0) {
        String name = rest.substring(0, slash);
        Map<String, Object> d = entries.computeIfAbsent("d:" + name, k -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("name", name);
          m.put("path", prefix + name);
          m.put("type", "dir");
          m.put("size", 0L);
          m.put("files", 0);
          m.put("last_modified", null);
          m.put("last_modified_user", null);
          m.put("deleted", true);
          return m;
        });
        if (!r.deleted()) {
          d.put("size", (Long) d.get("size") + r.size());
          d.put("files", (Integer) d.get("files") + 1);
          d.put("deleted", false);
        }
        Instant last = (Instant) d.get("last_modified");
        if (last == null || r.time().isAfter(last)) {
          d.put("last_modified", r.time());
          d.put("last_modified_user", r.user());
        }
      } else {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", rest);
        f.put("path", r.path());
        f.put("type", "file");
        f.put("size", r.size());
        f.put("versions", r.version());
        f.put("hash", r.hash());
        f.put("last_modified", r.time());
        f.put("last_modified_user", r.user());
        f.put("deleted", r.deleted());
        if (at != null) {
          f.put("deleted_since", r.deletedSince());
        }
        entries.put("f:" + rest, f);
      }
    }
    List<Map<String, Object>> list = new ArrayList<>(entries.values());
    if (!deleted) {
      list.removeIf(m -> Boolean.TRUE.equals(m.get("deleted")));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("dir", dir);
    body.put("at", at);
    body.put("last_seq", store.lastSeq());
    body.put("entries", list);
    Json.ok(ctx, body);
  }

  /** One file of a listing, now or as it was. */
  private record Listed(String path, String hash, long size, Instant time, String user,
      int version, boolean deleted, boolean deletedSince) {}

  /** {@code GET /api/change-times?dir=D[&limit=N]}: when something under D changed, newest first. */
  private void changeTimes(Context ctx) {
    String dir;
    try {
      dir = SharedRoot.normalizeDir(ctx.queryParam("dir"));
    } catch (BadPathException e) {
      throw new HttpError(400, e.getMessage());
    }
    String limitParam = ctx.queryParam("limit");
    int limit = limitParam == null || limitParam.isBlank() ? 500 : intParam(ctx, "limit");
    if (limit < 1 || limit > 10_000) {
      throw new HttpError(400, "the parameter 'limit' must be between 1 and 10000");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("dir", dir);
    body.put("times", store.changeTimes(dir, limit));
    Json.ok(ctx, body);
  }

  private Instant parseTime(String s) {
    try {
      return TimeSpec.parse(s, clock, ZoneId.systemDefault());
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, e.getMessage());
    }
  }

  private static String pathParam(Context ctx, String name) {
    try {
      return SharedRoot.normalize(ctx.queryParam(name));
    } catch (BadPathException e) {
      throw new HttpError(400, e.getMessage());
    }
  }

  private static int intParam(Context ctx, String name) {
    String s = ctx.queryParam(name);
    if (s == null || s.isBlank()) {
      throw new HttpError(400, "the parameter '" + name + "' is required");
    }
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new HttpError(400, "the parameter '" + name + "' must be a version number, not '" + s
          + "'");
    }
  }

  private void history(Context ctx) {
    String path = pathParam(ctx, "path");
    List<VersionRecord> versions = store.history(path);
    if (versions.isEmpty()) {
      throw new HttpError(404, "revkeep has no file '" + path + "'");
    }
    List<Map<String, Object>> list = new ArrayList<>();
    for (VersionRecord v : versions) {
      Map<String, Object> m = v.asJson();
      m.put("available", v.hash() != null && vault.contains(v.hash()));
      list.add(m);
    }
    Optional<FileRecord> rec = store.file(path);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("path", path);
    body.put("deleted", rec.map(FileRecord::deleted).orElse(false));
    body.put("versions", list);
    Json.ok(ctx, body);
  }

  /** The version asked for, or the newest one with content. */
  private VersionRecord version(String path, String versionParam) {
    List<VersionRecord> all = store.history(path);
    if (all.isEmpty()) {
      throw new HttpError(404, "revkeep has no file '" + path + "'");
    }
    VersionRecord v;
    if (versionParam == null || versionParam.isBlank()) {
      v = all.get(all.size() - 1);
      if (v.hash() == null) {
        throw new HttpError(404, path + " is deleted; ask for one of its versions (1 to "
            + all.size() + ")");
      }
    } else {
      int n;
      try {
        n = Integer.parseInt(versionParam.trim());
      } catch (NumberFormatException e) {
        throw new HttpError(400, "the version must be a number, not '" + versionParam + "'");
      }
      v = store.version(path, n).orElseThrow(() -> new HttpError(404, "no version " + n + " of "
          + path + ": it has " + all.size() + " versions"));
    }
    if (v.hash() == null) {
      throw new HttpError(404, "version " + v.version() + " of " + path
          + " is a deletion: it has no content");
    }
    if (!vault.contains(v.hash())) {
      throw new HttpError(410, "the bytes of version " + v.version() + " of " + path
          + " are no longer kept (removed by retention)");
    }
    return v;
  }

  private void content(Context ctx) throws IOException {
    String path = pathParam(ctx, "path");
    VersionRecord v = version(path, ctx.queryParam("version"));
    String name = path.substring(path.lastIndexOf('/') + 1);
    String type = URLConnection.guessContentTypeFromName(name);
    if (type == null) {
      type = "application/octet-stream";
    }
    boolean inline = "1".equals(ctx.queryParam("inline")) || "true".equals(ctx.queryParam("inline"));
    if (inline && type.startsWith("text/")) {
      type = "text/plain";
    }
    inline = inline && INLINE_TYPES.contains(type);
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    ctx.status(200);
    ctx.contentType(type.equals("text/plain") ? "text/plain; charset=utf-8" : type);
    ctx.header("Content-Length", Long.toString(v.size()));
    ctx.header("Content-Disposition", (inline ? "inline" : "attachment")
        + "; filename*=UTF-8''" + encoded);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Content-Security-Policy", "default-src 'none'; sandbox");
    ctx.header("X-Revkeep-Version", Integer.toString(v.version()));
    try (InputStream in = vault.open(v.hash()).orElseThrow(
        () -> new HttpError(410, "the bytes of version " + v.version() + " are gone"))) {
      OutputStream out = ctx.outputStream();
      byte[] buf = new byte[BUFFER_BYTES];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
      }
      out.flush();
    }
  }

  private void diff(Context ctx) throws IOException {
    String path = pathParam(ctx, "path");
    int from = intParam(ctx, "from");
    VersionRecord a = version(path, Integer.toString(from));
    String toParam = ctx.queryParam("to");
    VersionRecord b = version(path, toParam == null || toParam.isBlank() ? null : toParam);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("path", path);
    body.put("from", a.version());
    body.put("to", b.version());
    if (a.size() > MAX_DIFF_BYTES || b.size() > MAX_DIFF_BYTES) {
      throw new HttpError(413, "the versions are too large to diff here (more than "
          + MAX_DIFF_BYTES / (1024 * 1024) + " MiB); download them instead");
    }
    Optional<List<String>> la = TextDiff.lines(bytes(a));
    Optional<List<String>> lb = TextDiff.lines(bytes(b));
    if (la.isEmpty() || lb.isEmpty()) {
      body.put("binary", true);
      body.put("identical", a.hash().equals(b.hash()));
      body.put("diff", "");
      Json.ok(ctx, body);
      return;
    }
    List<String> lines = TextDiff.unified(TextDiff.label(path, a.version()), la.get(),
        TextDiff.label(path, b.version()), lb.get());
    body.put("binary", false);
    body.put("identical", lines.isEmpty());
    body.put("diff", String.join("\n", lines));
    Json.ok(ctx, body);
  }

  /** The bytes of a version (at most MAX_DIFF_BYTES + 1 of them), 410 when they are gone. */
  private byte[] bytes(VersionRecord v) throws IOException {
    try (InputStream in = vault.open(v.hash()).orElseThrow(
        () -> new HttpError(410, "the bytes of version " + v.version() + " are gone"))) {
      return in.readNBytes(MAX_DIFF_BYTES + 1);
    }
  }

  // ---- restore ----------------------------------------------------------------------------

  private void restore(Context ctx) throws IOException {
    User user = Auth.requireEditor(ctx);
    JsonNode body = Json.body(ctx);
    String path;
    try {
      path = SharedRoot.normalize(Json.text(body, "path"));
    } catch (BadPathException e) {
      throw new HttpError(400, e.getMessage());
    }
    JsonNode vn = body.get("version");
    if (vn == null || !vn.canConvertToInt()) {
      throw new HttpError(400, "the field 'version' (a number) is required");
    }
    VersionRecord v = version(path, Integer.toString(vn.asInt()));
    listenerGate.require("the restored version");
    String to = Json.optText(body, "to");
    String target = writes.checkTarget(to == null ? path : to, user.name());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("path", path);
    answer.put("version", v.version());
    answer.put("to", target);
    Optional<FileRecord> there = store.file(target).filter(r -> !r.deleted());
    if (there.isPresent() && v.hash().equals(there.get().hash())) {
      answer.put("unchanged", true);
      Json.ok(ctx, answer);
      return;
    }
    Writes.Staged staged;
    try (InputStream in = vault.open(v.hash()).orElseThrow(
        () -> new HttpError(410, "the bytes of version " + v.version() + " are gone"))) {
      staged = writes.stage(in);
    }
    try {
      if (!staged.hash().equals(v.hash())) {
        throw new HttpError(500, "the vault copy of version " + v.version() + " of " + path
            + " is damaged (its hash differs); nothing was written; run 'revkeep verify'");
      }
      writes.commit(staged, target, user.name(), UUID.randomUUID().toString());
    } finally {
      Writes.discard(staged);
    }
    restores.incrementAndGet();
    LOG.info("{} restored version {} of {} to {}", user.name(), v.version(), path, target);
    answer.put("unchanged", false);
    Json.ok(ctx, answer);
  }

  /**
   * {@code POST /api/restore-folder {dir, at[, to][, exact][, dry_run]}}: a whole folder as it
   * was at a moment, through the shared folder (each file a new version of one change set). With
   * {@code dry_run} the plan only — what the page shows as the preview; the same planner then
   * runs, so the preview is what happens. Waits (bounded) until the listener has recorded every
   * file; the page shows progress from the live events meanwhile.
   */
  private void restoreFolder(Context ctx) throws IOException {
    User user = Auth.requireEditor(ctx);
    JsonNode body = Json.body(ctx);
    String dir;
    String to;
    try {
      dir = SharedRoot.normalizeDir(Json.optText(body, "dir"));
      String t = Json.optText(body, "to");
      to = t == null || t.isBlank() ? null : SharedRoot.normalizeDir(t);
    } catch (BadPathException e) {
      throw new HttpError(400, e.getMessage());
    }
    String atText = Json.optText(body, "at");
    if (atText == null || atText.isBlank()) {
      throw new HttpError(400, "the field 'at' (the moment to restore) is required");
    }
    Instant at;
    try {
      at = TimeSpec.parsePast(atText, clock, ZoneId.systemDefault());
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, e.getMessage());
    }
    boolean exact = body.path("exact").asBoolean(false);
    boolean dryRun = body.path("dry_run").asBoolean(false);
    if (store.filesAt(dir, at).isEmpty()) {
      throw new HttpError(404, "nothing was in " + (dir.isEmpty() ? "the shared folder"
          : "'" + dir + "'") + " at " + at + "; nothing was changed");
    }
    RestorePlan plan = new RestorePlanner(store, vault::contains).folderAt(dir, at, to, exact);
    Map<String, Object> answer = new LinkedHashMap<>(plan.asJson());
    if (dryRun || plan.changing().isEmpty()) {
      Json.ok(ctx, answer);
      return;
    }
    listenerGate.require("the restore");
    for (RestoreStep step : plan.changing()) {
      writes.checkTarget(step.path(), user.name(), false);
    }
    String changeSet = UUID.randomUUID().toString();
    RestoreExecutor.Result result;
    try {
      result = new RestoreExecutor(writes.root(), store, vault, clock, FOLDER_RESTORE_WAIT)
          .execute(plan, user.name(), io.revkeep.core.model.Origin.WEB, changeSet, null);
    } catch (RestoreRefusedException e) {
      throw new HttpError(e.partial() ? 504 : 409, e.getMessage());
    }
    restores.addAndGet(result.written() + result.removed());
    LOG.info("{} restored {} (change set {}): {} written, {} removed", user.name(), plan.what(),
        changeSet, result.written(), result.removed());
    answer.put("result", result.asJson());
    Json.ok(ctx, answer);
  }

  /** How long a folder restore waits for the listener, before and after writing. */
  static final java.time.Duration FOLDER_RESTORE_WAIT = java.time.Duration.ofSeconds(60);

  // ---- metrics ----------------------------------------------------------------------------

  /** Registers the web's own meters (uploads, restores, streams, sessions, feed, store). */
  void bindMetrics() {
    FunctionCounter.builder("revkeep.web.uploaded.files", uploads.filesWritten, AtomicLong::get)
        .description("Files written by uploads.").register(registry);
    FunctionCounter.builder("revkeep.web.uploaded.bytes", uploads.bytesWritten, AtomicLong::get)
        .description("Bytes written by uploads.").register(registry);
    FunctionCounter.builder("revkeep.web.restores", restores, AtomicLong::get)
        .description("Versions restored.").register(registry);
    Gauge.builder("revkeep.web.event.streams", sseSubscribers, IntSupplier::getAsInt)
        .description("Open /api/events streams.").register(registry);
    Gauge.builder("revkeep.web.sessions", sessions, IntSupplier::getAsInt)
        .description("Logged-in sessions.").register(registry);
    Gauge.builder("revkeep.web.feed.connected", feedConnected, f -> f.getAsBoolean() ? 1 : 0)
        .description("1 while the feed is connected.").register(registry);
    Gauge.builder("revkeep.store.last.seq", store, s -> {
      try {
        return s.lastSeq();
      } catch (RuntimeException e) {
        return Double.NaN;
      }
    }).description("The newest event's seq.").register(registry);
  }

  /** Every meter of this process, in the Prometheus text format. */
  private void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
  }
}
