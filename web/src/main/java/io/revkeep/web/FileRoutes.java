package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.core.Printable;
import io.revkeep.core.TextDiff;
import io.revkeep.core.VersionsTooDifferentException;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import io.revkeep.web.api.FileBodies.Diff;
import io.revkeep.web.api.FileBodies.History;
import io.revkeep.web.api.FileBodies.HistoryEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLConnection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One file's versions: {@code GET /api/history?path=P} lists them, {@code GET /api/content?path=P
 * [&version=N][&inline=1]} streams one (a download; shown inline only for types no script runs
 * in), {@code GET /api/diff?path=P&from=N[&to=M]} compares two as text.
 *
 * @param versions finds a version and opens its bytes
 * @param diffs the diffs each user runs at once (at most {@link #DIFFS_PER_USER}; CPU-heavy)
 */
record FileRoutes(Store store, Vault vault, StoredVersions versions, PerUserLimit diffs) {
  /** Text versions larger than this are not diffed. */
  static final int MAX_DIFF_BYTES = 5 * 1024 * 1024;
  /** Diffs one user may run at once; another is refused with 429. */
  static final int DIFFS_PER_USER = 2;

  FileRoutes(Store store, Vault vault, StoredVersions versions) {
    this(store, vault, versions, new PerUserLimit(DIFFS_PER_USER, "diffs"));
  }
  /** Types a browser may show inline (no script can run in them). */
  private static final Set<String> INLINE_TYPES = Set.of("image/png", "image/jpeg", "image/gif",
      "image/webp", "image/bmp", "text/plain");
  private static final int BUFFER_BYTES = 128 * 1024;

  void register(RoutesConfig routes) {
    routes.get("/api/history", this::history);
    routes.get("/api/content", this::content);
    routes.get("/api/diff", this::diff);
  }

  private void history(Context ctx) {
    String path = Params.path(ctx, "path");
    List<VersionRecord> all = store.history(path);
    if (all.isEmpty()) {
      throw new HttpError(404, "revkeep has no file '" + path + "'");
    }
    List<HistoryEntry> list = all.stream()
        .map(v -> HistoryEntry.of(v, v.hash() != null && vault.contains(v.hash()))).toList();
    Optional<FileRecord> rec = store.file(path);
    Json.ok(ctx, new History(path, rec.map(FileRecord::deleted).orElse(false), list));
  }

  private void content(Context ctx) throws IOException {
    String path = Params.path(ctx, "path");
    VersionRecord v = versions.find(path, ctx.queryParam("version"));
    String name = path.substring(path.lastIndexOf('/') + 1);
    String type = URLConnection.guessContentTypeFromName(name);
    if (type == null) {
      type = "application/octet-stream";
    }
    String inlineParam = ctx.queryParam("inline");
    boolean inline = "1".equals(inlineParam) || "true".equals(inlineParam);
    if (inline && type.startsWith("text/")) {
      type = "text/plain";
    }
    inline = inline && INLINE_TYPES.contains(type);
    ctx.status(200);
    ctx.contentType(type.equals("text/plain") ? "text/plain; charset=utf-8" : type);
    ctx.header("Content-Length", Long.toString(v.size()));
    ctx.header("Content-Disposition", ContentDisposition.of(inline, name));
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Content-Security-Policy", "default-src 'none'; sandbox");
    ctx.header("X-Revkeep-Version", Integer.toString(v.version()));
    try (InputStream in = versions.open(v)) {
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
    String path = Params.path(ctx, "path");
    int from = Params.integer(ctx, "from");
    VersionRecord a = versions.find(path, Integer.toString(from));
    String toParam = ctx.queryParam("to");
    VersionRecord b = versions.find(path, toParam == null || toParam.isBlank() ? null : toParam);
    if (a.size() > MAX_DIFF_BYTES || b.size() > MAX_DIFF_BYTES) {
      throw new HttpError(413, "the versions are too large to diff here (more than "
          + MAX_DIFF_BYTES / (1024 * 1024) + " MiB); download them instead");
    }
    try (PerUserLimit.Permit p = diffs.enter(Auth.user(ctx).name())) {
      Json.ok(ctx, diff(path, a, b));
    }
  }

  /** The diff of two versions of a path (the CPU-heavy part, under the per-user limit). */
  private Diff diff(String path, VersionRecord a, VersionRecord b) throws IOException {
    Optional<List<String>> la = TextDiff.lines(bytes(a));
    Optional<List<String>> lb = TextDiff.lines(bytes(b));
    if (la.isEmpty() || lb.isEmpty()) {
      return new Diff(path, a.version(), b.version(), true, a.hash().equals(b.hash()), "");
    }
    List<String> lines;
    String shown = Printable.of(path); // the headers are lines: a line feed in a name is escaped
    try {
      lines = TextDiff.unified(TextDiff.label(shown, a.version()), la.get(),
          TextDiff.label(shown, b.version()), lb.get());
    } catch (VersionsTooDifferentException e) {
      throw new HttpError(422, "versions " + a.version() + " and " + b.version() + " of " + path
          + ": " + e.getMessage() + "; download both to compare them with another tool");
    }
    return new Diff(path, a.version(), b.version(), false, lines.isEmpty(),
        String.join("\n", lines));
  }

  /** The bytes of a version (at most MAX_DIFF_BYTES + 1 of them), 410 when they are gone. */
  private byte[] bytes(VersionRecord v) throws IOException {
    try (InputStream in = versions.open(v)) {
      return in.readNBytes(MAX_DIFF_BYTES + 1);
    }
  }
}
