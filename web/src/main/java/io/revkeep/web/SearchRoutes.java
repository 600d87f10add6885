package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.Store;
import io.revkeep.web.api.FindBodies.Hit;
import io.revkeep.web.api.FindBodies.SearchAnswer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/search?q=TEXT[&dir=D][&at=T][&limit=N]}, for every logged-in user: the files
 * and folders of the shared folder (or under D) whose name contains TEXT, case-insensitive —
 * as they are now, or as they were at T (the store's point-in-time read, as
 * {@code /api/files?at=} lists a folder). Now, the paths stream from the store
 * ({@code forEachLiveFileStat}: the path of each live file and no more), and only the matches
 * kept are read in full, so a search of 100,000 files holds at most {@code limit} of them; the
 * folders come from those paths and from the disk ({@link FoldersBeneath}: folders are not
 * versioned, so an empty one is only there). As it was, the folders are those that held files
 * then. Jetty's request threads call it concurrently; it keeps no state.
 *
 * @param shared the shared folder, whose folders a search of now also looks at
 * @param clock the time relative moments ("3h") count from, and "now" for refusing the future
 */
record SearchRoutes(Store store, Path shared, Clock clock) {
  /** Matches answered unless {@code limit} says otherwise, and the most it may say. */
  static final int DEFAULT_LIMIT = 200;
  static final int MAX_LIMIT = 1000;
  /** The longest text searched for (a name is at most 255 bytes). */
  static final int MAX_TEXT = 255;
  /** Marks a file match of a search of now (its record is read once it is kept). */
  private static final Object FILE = new Object();

  void register(RoutesConfig routes) {
    routes.get("/api/search", this::search);
  }

  private void search(Context ctx) {
    Auth.user(ctx);
    String q = ctx.queryParam("q");
    if (q == null || q.isBlank()) {
      throw new HttpError(400, "the parameter 'q' (the text names contain) is required");
    }
    q = q.strip();
    if (q.length() > MAX_TEXT) {
      throw new HttpError(400, "the parameter 'q' is longer than " + MAX_TEXT + " characters");
    }
    String dir = Params.dir(ctx);
    Instant at = Params.moment(ctx, "at", clock);
    if (at != null && at.isAfter(clock.instant())) {
      throw new HttpError(400, "the parameter 'at' is in the future (" + at + "); search now"
          + " without it");
    }
    int limit = limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
    List<Hit> hits = new ArrayList<>();
    boolean truncated;
    if (at == null) {
      NameSearch<Object> s = new NameSearch<>(q, dir, limit);
      store.forEachLiveFileStat(dir, st -> s.file(st.path(), FILE));
      try {
        FoldersBeneath.walk(shared, dir, s::folder);
      } catch (IOException e) {
        throw new HttpError(503, "the shared folder cannot be read now; try again");
      }
      for (Map.Entry<String, Object> m : s.matches().entrySet()) {
        if (m.getValue() == null) {
          hits.add(Hit.folder(m.getKey()));
        } else {
          store.file(m.getKey()).filter(r -> !r.deleted()) // gone since: left out
              .ifPresent(r -> hits.add(fileHit(r)));
        }
      }
      truncated = s.truncated();
    } else {
      NameSearch<VersionRecord> s = new NameSearch<>(q, dir, limit);
      for (VersionRecord v : store.filesAt(dir, at)) {
        s.file(v.path(), v);
      }
      for (Map.Entry<String, VersionRecord> m : s.matches().entrySet()) {
        VersionRecord v = m.getValue();
        hits.add(v == null ? Hit.folder(m.getKey()) : new Hit(name(v.path()), v.path(), "file",
            v.size(), v.version(), v.time(), v.user()));
      }
      truncated = s.truncated();
    }
    Json.ok(ctx, new SearchAnswer(q, dir, at, hits, truncated));
  }

  private static Hit fileHit(FileRecord r) {
    return new Hit(r.name(), r.path(), "file", r.size(), r.version(), r.lastModified(),
        r.lastModifiedUser());
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** {@code ?limit=}: between 1 and {@code max}, {@code dflt} when absent. */
  static int limit(Context ctx, int dflt, int max) {
    int limit = Params.integer(ctx, "limit", dflt);
    if (limit < 1 || limit > max) {
      throw new HttpError(400, "the parameter 'limit' must be between 1 and " + max);
    }
    return limit;
  }
}
