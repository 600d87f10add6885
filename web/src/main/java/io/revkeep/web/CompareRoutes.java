package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.core.TextDiff;
import io.revkeep.core.VersionsTooDifferentException;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.web.api.CompareBodies.Row;
import io.revkeep.web.api.CompareBodies.SideBySide;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/diff/sides?path=P&from=N[&to=M]}, for every logged-in user: two versions of a
 * text file in two columns with the changed words marked ({@link SideBySideDiff}); the same
 * bounds as {@code /api/diff} ({@link FileRoutes}): 413 over {@link FileRoutes#MAX_DIFF_BYTES},
 * 422 when too different, 429 past {@link FileRoutes#DIFFS_PER_USER} at once per user.
 * Jetty's request threads call it concurrently; its state is the limit's, which guards itself.
 */
record CompareRoutes(StoredVersions versions, PerUserLimit comparisons) {
  CompareRoutes(StoredVersions versions) {
    this(versions, new PerUserLimit(FileRoutes.DIFFS_PER_USER, "comparisons"));
  }

  void register(RoutesConfig routes) {
    routes.get("/api/diff/sides", this::sides);
  }

  private void sides(Context ctx) throws IOException {
    String user = Auth.user(ctx).name();
    String path = Params.path(ctx, "path");
    VersionRecord a = versions.find(path, Integer.toString(Params.integer(ctx, "from")));
    String toParam = ctx.queryParam("to");
    VersionRecord b = versions.find(path, toParam == null || toParam.isBlank() ? null : toParam);
    if (a.size() > FileRoutes.MAX_DIFF_BYTES || b.size() > FileRoutes.MAX_DIFF_BYTES) {
      throw new HttpError(413, "the versions are too large to compare here (more than "
          + FileRoutes.MAX_DIFF_BYTES / (1024 * 1024) + " MiB); download them instead");
    }
    try (PerUserLimit.Permit p = comparisons.enter(user)) {
      Optional<List<String>> la = TextDiff.lines(bytes(a));
      Optional<List<String>> lb = TextDiff.lines(bytes(b));
      if (la.isEmpty() || lb.isEmpty()) {
        Json.ok(ctx, new SideBySide(path, a.version(), b.version(), true,
            a.hash().equals(b.hash()), List.of()));
        return;
      }
      List<Row> rows;
      try {
        rows = SideBySideDiff.rows(la.get(), lb.get());
      } catch (VersionsTooDifferentException e) {
        throw new HttpError(422, "versions " + a.version() + " and " + b.version() + " of "
            + path + ": " + e.getMessage() + "; download both to compare them with another tool");
      }
      Json.ok(ctx, new SideBySide(path, a.version(), b.version(), false, rows.isEmpty(), rows));
    }
  }

  private byte[] bytes(VersionRecord v) throws IOException {
    try (InputStream in = versions.open(v)) {
      return in.readNBytes(FileRoutes.MAX_DIFF_BYTES + 1);
    }
  }
}
