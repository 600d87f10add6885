package io.revkeep.store.couchbase;

import com.couchbase.client.java.json.JsonObject;
import io.revkeep.core.model.Lock;
import java.time.Instant;
import java.util.Optional;

/** Advisory locks on paths: one document l=PATH per lock, taken and released under CAS. */
final class Locks {
  /*
   * Threads: any caller thread; no local state. A lock is taken by insert (none yet) or by a
   *          CAS replace of an expired or own lock, and released by a CAS remove of one's own,
   *          so of two processes racing for a path exactly one holds it. Expiry is judged
   *          against the caller's "now", never this host's clock.
   */

  private final StoreContext ctx;

  Locks(StoreContext ctx) {
    this.ctx = ctx;
  }

  Lock tryLock(Lock lock, Instant now) {
    String key = ctx.keys.lock(lock.path());
    JsonObject mine = JsonObject.create().put("path", lock.path()).put("owner", lock.owner())
        .put("expiry", lock.expiry().toEpochMilli());
    Lock granted = new Lock(lock.path(), lock.owner(),
        Instant.ofEpochMilli(lock.expiry().toEpochMilli()));
    while (true) {
      Kv.Doc d = ctx.kv.get(key);
      if (d == null) {
        if (ctx.kv.insert(key, mine) != 0) {
          return granted;
        }
        continue;
      }
      Lock held = lockOf(d.obj());
      if (!held.owner().equals(lock.owner()) && !held.expiredAt(now)) {
        return held;
      }
      if (ctx.kv.replace(key, mine, d.cas()) != 0) {
        return granted;
      }
    }
  }

  Optional<Lock> lock(String path, Instant now) {
    Kv.Doc d = ctx.kv.get(ctx.keys.lock(path));
    if (d == null) {
      return Optional.empty();
    }
    Lock held = lockOf(d.obj());
    return held.expiredAt(now) ? Optional.empty() : Optional.of(held);
  }

  boolean unlock(String path, String owner) {
    String key = ctx.keys.lock(path);
    while (true) {
      Kv.Doc d = ctx.kv.get(key);
      if (d == null || !owner.equals(d.obj().getString("owner"))) {
        return false;
      }
      if (ctx.kv.remove(key, d.cas())) {
        return true;
      }
    }
  }

  private static Lock lockOf(JsonObject o) {
    return new Lock(o.getString("path"), o.getString("owner"),
        Instant.ofEpochMilli(o.getLong("expiry")));
  }
}
