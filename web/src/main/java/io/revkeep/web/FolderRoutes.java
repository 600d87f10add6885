package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.core.store.Store;
import io.revkeep.web.SortedFolder.Sort;
import io.revkeep.web.api.FolderBodies.Entry;
import io.revkeep.web.api.FolderBodies.Listing;
import io.revkeep.web.api.FolderBodies.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A folder now or as it was: {@code GET /api/files?dir=D[&deleted=true][&at=T]} lists it (its
 * files and sub-folders with their sums, see {@link FolderListing}), whole; with any of
 * {@code offset, limit, q, sort} it answers one {@link Page} of it, sorted on the server (see
 * {@link SortedFolder}), so a folder of 100,000 entries reaches the page a screenful at a time.
 * {@code GET /api/change-times?dir=D[&limit=N][&from=T][&to=T][&spread=true]} says when
 * something under it changed, so the page's slider can step through those moments (see
 * {@link ChangeTimeline}).
 *
 * <p>Jetty's request threads call it at once; the listings (whole, and sorted for pages) and
 * change times are kept a while in {@link SeqCache}s (their own locks; {@link SortedListings}
 * and {@link FolderTimes} bring theirs up to date from the events heard), and the answers' JSON
 * in {@link SerializedAnswers} while the store's seq and the kept listing are the same, valid
 * while nothing changes beneath the folder
 * ({@link FolderChanges}; while the web's feed lags, while the store records nothing new).
 *
 * @param clock the time relative moments ("3h") count from
 */
record FolderRoutes(Store store, Clock clock, FolderChanges changes,
    SortedListings listings, SeqCache<ListingKey, List<Entry>> wholes,
    FolderTimes times, SerializedAnswers<Object> answers) {
  /** The most entries a page may ask for. */
  static final int MAX_PAGE = 1000;
  /** Page size when only {@code offset}, {@code q} or {@code sort} is given. */
  static final int DEFAULT_PAGE = 200;
  /** The longest name filter (a file name has at most 255 bytes). */
  static final int MAX_FILTER = 255;

  /** Which sorted listing: the folder, now or at a moment, with or without deleted files. */
  record ListingKey(String dir, boolean deleted, Instant at, Sort sort) {}

  /** Which page of a sorted listing. */
  record PageKey(ListingKey listing, String q, int offset, int limit) {}

  /** @param changes which folders changed since (the kept listings' tags) */
  FolderRoutes(Store store, Clock clock, FolderChanges changes) {
    // a few large folders' listings (entries in total), a folder's times per slider
    // and whole listings (no paging): the folders many people have open, each read once per
    // change beneath it, not once per request (a thousand clients on one folder, bench row 6)
    this(store, clock, changes, new SortedListings(store, changes, 1_000_000),
        new SeqCache<>(256, 1_000_000, List::size), new FolderTimes(store, changes, 2_000_000),
        new SerializedAnswers<>(64L << 20));
  }

  void register(RoutesConfig routes) {
    routes.get("/api/files", this::files);
    routes.get("/api/change-times", this::changeTimes);
  }

  private void files(Context ctx) {
    String dir = Params.dir(ctx);
    boolean deleted = "true".equals(ctx.queryParam("deleted"));
    Instant at = Params.moment(ctx, "at", clock);
    boolean paged = ctx.queryParam("offset") != null || ctx.queryParam("limit") != null
        || ctx.queryParam("q") != null || ctx.queryParam("sort") != null;
    if (!paged) {
      long seq = store.lastSeq(); // before the read, as for a page below
      ListingKey key = new ListingKey(dir, deleted, at, null);
      List<Entry> entries = wholes.get(key, changes.tag(dir, seq),
          () -> List.copyOf(FolderListing.read(store, dir, deleted, at)));
      Json.okBytes(ctx, answers.get(key, seq, entries, () -> new Listing(dir, at, seq, entries)));
      return;
    }
    int offset = Params.integer(ctx, "offset", 0);
    int limit = Params.integer(ctx, "limit", DEFAULT_PAGE);
    if (offset < 0) {
      throw new HttpError(400, "the parameter 'offset' must be 0 or more");
    }
    if (limit < 1 || limit > MAX_PAGE) {
      throw new HttpError(400, "the parameter 'limit' must be between 1 and " + MAX_PAGE);
    }
    String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q");
    if (q.length() > MAX_FILTER) {
      throw new HttpError(400, "the parameter 'q' is longer than " + MAX_FILTER + " characters");
    }
    Sort sort = Sort.of(ctx.queryParam("sort"));
    long seq = store.lastSeq(); // before the read: a listing read during a change is read again
    ListingKey key = new ListingKey(dir, deleted, at, sort);
    SortedFolder folder = listings.get(key, seq);
    Json.okBytes(ctx, answers.get(new PageKey(key, q, offset, limit), seq, folder, () -> {
      SortedFolder.Slice slice = folder.page(q, offset, limit);
      return new Page(dir, at, seq, sort.name().toLowerCase(Locale.ROOT), q, offset,
          slice.total(), slice.entries());
    }));
  }

  /**
   * When something under the folder changed, newest first: at most {@code limit} (500) times,
   * the newest of the range {@code from}..{@code to} (inclusive; the whole history without), or
   * with {@code spread=true} spread over it, its oldest and newest included.
   */
  private void changeTimes(Context ctx) {
    String dir = Params.dir(ctx);
    int limit = Params.integer(ctx, "limit", 500);
    if (limit < 1 || limit > 10_000) {
      throw new HttpError(400, "the parameter 'limit' must be between 1 and 10000");
    }
    Instant from = Params.moment(ctx, "from", clock);
    Instant to = Params.moment(ctx, "to", clock);
    boolean spread = "true".equals(ctx.queryParam("spread"));
    if (from == null && to == null && !spread) {
      Json.ok(ctx, ChangeTimeline.select(dir, store.changeTimes(dir, limit), null, null, limit,
          false, false));
      return;
    }
    List<Instant> all = times.get(dir, store.lastSeq());
    Json.ok(ctx, ChangeTimeline.select(dir, all, from, to, limit, spread, true));
  }
}
