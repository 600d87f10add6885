package io.revkeep.store.couchbase;

import com.couchbase.client.java.json.JsonArray;
import com.couchbase.client.java.json.JsonObject;
import io.revkeep.core.store.ConflictException;
import io.revkeep.core.store.WebSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The web sessions of a {@link CouchbaseStore}: one document per session, keyed by the hash of
 * its id ({@code ws=HASH}: {user, csrf, created, seen}), and one index document per user
 * ({@code wu=USER}: {user, s: [HASH…]}) that says where that user's sessions are, for ending
 * them all; {@code wsusers} ({u: [USER…]}) names every user who ever had a session, for the
 * sweep (a bucket without N1QL cannot be searched). That list is never pruned: it holds one
 * short name per user who ever logged in.
 */
final class WebSessionDocs {
  /*
   * Threads:    any caller thread in any process; no local state. Every change of a document
   *             is a CAS write (Kv.update, or get then replace/remove with the CAS read, again
   *             on a lost race), so concurrent touches, ends and sweeps from several webs apply
   *             one after the other.
   * Invariant:  a session document exists only while its hash is in its user's index: add
   *             writes the index entry first, then the document; an end or a sweep removes the
   *             document first, then the entry. So "end all of a user" (which reads the index)
   *             finds every session that existed when it started; a login racing with it may
   *             survive, as one made just after it would. An entry whose document is gone (a
   *             writer that died between the two steps) is dropped by the next sweep.
   * Ownership:  ends check the document's user, so an index entry can never end another
   *             user's session.
   */

  private final StoreContext ctx;

  WebSessionDocs(StoreContext ctx) {
    this.ctx = ctx;
  }

  void add(WebSession s) {
    Objects.requireNonNull(s, "session");
    ctx.kv.update(ctx.keys.sessionUsers(), doc -> {
      Set<String> names = strings(doc, "u");
      return names.add(s.user()) ? JsonObject.create().put("u", array(names)) : null;
    });
    ctx.kv.update(ctx.keys.userSessions(s.user()), doc -> {
      Set<String> hashes = hashes(doc);
      return hashes.add(s.idHash()) ? index(s.user(), hashes) : null;
    });
    if (ctx.kv.insert(ctx.keys.webSession(s.idHash()), json(s)) == 0) {
      throw new ConflictException("a web session with this id exists");
    }
  }

  Optional<WebSession> find(String idHash) {
    Kv.Doc d = ctx.kv.get(ctx.keys.webSession(idHash));
    return d == null ? Optional.empty() : Optional.of(session(idHash, d.obj()));
  }

  boolean touch(String idHash, Instant lastSeen) {
    String key = ctx.keys.webSession(idHash);
    while (true) {
      Kv.Doc d = ctx.kv.get(key);
      if (d == null) {
        return false;
      }
      WebSession s = session(idHash, d.obj());
      if (!lastSeen.isAfter(s.lastSeen())) {
        return true;
      }
      WebSession seen = new WebSession(idHash, s.user(), s.csrf(), s.created(), lastSeen);
      if (ctx.kv.replace(key, json(seen), d.cas()) != 0) {
        return true;
      }
    }
  }

  boolean remove(String idHash) {
    WebSession gone = removeDoc(idHash, null, null);
    if (gone == null) {
      return false;
    }
    dropFromIndex(gone.user(), Set.of(idHash));
    return true;
  }

  int removeAll(String user, String keepIdHash) {
    Kv.Doc index = ctx.kv.get(ctx.keys.userSessions(user));
    Set<String> handled = new LinkedHashSet<>(hashes(index == null ? null : index.obj()));
    handled.remove(keepIdHash);
    int ended = 0;
    for (String hash : handled) {
      if (removeDoc(hash, user, null) != null) {
        ended++;
      }
    }
    dropFromIndex(user, handled);
    return ended;
  }

  int sweep(Instant idleBefore) {
    int left = 0;
    for (String user : strings(ctx.kv.get(ctx.keys.sessionUsers()), "u")) {
      Kv.Doc index = ctx.kv.get(ctx.keys.userSessions(user));
      if (index == null) {
        continue;
      }
      List<String> hashes = new ArrayList<>(hashes(index.obj()));
      List<String> keys = hashes.stream().map(ctx.keys::webSession).toList();
      List<Kv.Doc> docs = ctx.kv.getAll(keys);
      Set<String> gone = new LinkedHashSet<>();
      for (int i = 0; i < hashes.size(); i++) {
        Kv.Doc d = docs.get(i);
        if (d == null) {
          gone.add(hashes.get(i));
        } else if (session(hashes.get(i), d.obj()).lastSeen().isBefore(idleBefore)
            && removeDoc(hashes.get(i), user, idleBefore) != null) {
          gone.add(hashes.get(i));
        } else {
          left++;
        }
      }
      dropFromIndex(user, gone);
    }
    return left;
  }

  /**
   * Removes a session document under CAS (again on a lost race): the session removed, or null
   * when there was none, it belongs to another user than {@code user} (null: any), or it was
   * used at or after {@code idleBefore} (null: whatever its age).
   */
  private WebSession removeDoc(String idHash, String user, Instant idleBefore) {
    String key = ctx.keys.webSession(idHash);
    while (true) {
      Kv.Doc d = ctx.kv.get(key);
      if (d == null) {
        return null;
      }
      WebSession s = session(idHash, d.obj());
      if ((user != null && !user.equals(s.user()))
          || (idleBefore != null && !s.lastSeen().isBefore(idleBefore))) {
        return null;
      }
      if (ctx.kv.remove(key, d.cas())) {
        return s;
      }
    }
  }

  private void dropFromIndex(String user, Set<String> hashes) {
    if (hashes.isEmpty()) {
      return;
    }
    String key = ctx.keys.userSessions(user);
    while (true) {
      Kv.Doc d = ctx.kv.get(key);
      if (d == null) {
        return;
      }
      Set<String> left = hashes(d.obj());
      if (!left.removeAll(hashes)) {
        return;
      }
      boolean done = left.isEmpty() ? ctx.kv.remove(key, d.cas())
          : ctx.kv.replace(key, index(user, left), d.cas()) != 0;
      if (done) {
        return;
      }
    }
  }

  private static Set<String> hashes(JsonObject index) {
    return strings(index, "s");
  }

  private static Set<String> strings(Kv.Doc doc, String field) {
    return strings(doc == null ? null : doc.obj(), field);
  }

  private static Set<String> strings(JsonObject doc, String field) {
    Set<String> out = new LinkedHashSet<>();
    if (doc != null) {
      for (Object h : doc.getArray(field)) {
        out.add((String) h);
      }
    }
    return out;
  }

  private static JsonArray array(Set<String> values) {
    JsonArray a = JsonArray.create();
    values.forEach(a::add);
    return a;
  }

  private static JsonObject index(String user, Set<String> hashes) {
    return JsonObject.create().put("user", user).put("s", array(hashes));
  }

  private static JsonObject json(WebSession s) {
    return JsonObject.create().put("user", s.user()).put("csrf", s.csrf())
        .put("created", s.created().toEpochMilli()).put("seen", s.lastSeen().toEpochMilli());
  }

  private static WebSession session(String idHash, JsonObject o) {
    return new WebSession(idHash, o.getString("user"), o.getString("csrf"),
        Instant.ofEpochMilli(o.getLong("created")), Instant.ofEpochMilli(o.getLong("seen")));
  }
}
