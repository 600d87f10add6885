package io.revkeep.store.couchbase;

import com.couchbase.client.java.json.JsonObject;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.WriteIntent;
import java.time.Duration;

/**
 * Write intents (who is about to write this content at this path): registered by
 * {@link #expect}, matched by the commit protocol to attribute a new version, and consumed with
 * the commit (step 5, in {@link FileDocs#finish}).
 */
final class WriteIntents {
  /*
   * Threads: any caller thread; no local state. An intent is one document i:HASH=PATH, written
   *          with upsert (the newest intent for a path and content wins) and consumed with a
   *          CAS remove, so it attributes at most one version.
   * Time:    an intent's expiry is judged against change times, never this host's clock; the
   *          clock only sets how long Couchbase keeps the document (the intent's remaining
   *          life plus a day, at most 29 days), so one that never matched does not stay for
   *          ever.
   */

  /** Couchbase keeps an intent's document this long after the intent expired. */
  static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);
  /** The longest life an intent's document is given. */
  static final Duration MAX_TTL = Duration.ofDays(29);

  /** Who a new version is attributed to, and the intent doc to consume after the commit. */
  record Author(String user, Origin origin, String changeSet, String intentKey,
      long intentCas) {}

  private final StoreContext ctx;

  WriteIntents(StoreContext ctx) {
    this.ctx = ctx;
  }

  void expect(WriteIntent intent) {
    JsonObject o = JsonObject.create()
        .put("path", intent.path())
        .put("hash", intent.hash())
        .put("user", intent.user())
        .put("origin", intent.origin().wire())
        .put("change_set", intent.changeSet())
        .put("expiry", intent.expiry().toEpochMilli());
    Duration left = Duration.between(ctx.clock.instant(), intent.expiry());
    Duration ttl = (left.isNegative() ? Duration.ZERO : left).plus(KEPT_AFTER_EXPIRY);
    if (ttl.compareTo(MAX_TTL) > 0) {
      ttl = MAX_TTL;
    }
    ctx.kv.upsert(ctx.keys.intent(intent.path(), intent.hash()), o, ttl);
  }

  /**
   * The author of a change: the unexpired intent for its path and content (for a DELETE, the
   * intent with no hash), else the change's own user and origin. An intent the change's time
   * has expired is removed: it can never match again.
   */
  Author take(Change ch) {
    String hash = ch.action() == Action.DELETE ? null : ch.hash();
    String key = ctx.keys.intent(ch.path(), hash);
    Kv.Doc d = ctx.kv.get(key);
    if (d != null && ch.path().equals(d.obj().getString("path"))) {
      JsonObject o = d.obj();
      if (o.getLong("expiry") > ch.time().toEpochMilli()) {
        return new Author(o.getString("user"), Origin.fromWire(o.getString("origin")),
            o.getString("change_set"), key, d.cas());
      }
      ctx.kv.remove(key, d.cas()); // expired by this change's time: it can never match again
    }
    return new Author(ch.user(), ch.origin(), null, null, 0);
  }
}
