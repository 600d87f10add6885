package io.revkeep.store.couchbase;

import com.couchbase.client.java.json.JsonObject;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.store.ConflictException;
import io.revkeep.core.store.LastAdminException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The accounts of a {@link CouchbaseStore}: every user in one document. */
final class Users {
  /*
   * Threads: any caller thread; no local state. All users live in one document: few, rarely
   *          changed, and every change is then one CAS (Kv.update), so concurrent changes from
   *          any process apply one after the other, each to the map the previous one left.
   *          The guarded demotion and removal check "another admin exists" on the map they
   *          replace under that CAS: of two admins demoting each other at once, the second
   *          write fails its CAS, re-reads, sees the first and is refused (LastAdminException).
   */

  private final StoreContext ctx;

  Users(StoreContext ctx) {
    this.ctx = ctx;
  }

  void add(User user) {
    if (!change(users -> users.putIfAbsent(user.name(), user) == null)) {
      throw new ConflictException("user '" + user.name() + "' already exists");
    }
  }

  Optional<User> user(String name) {
    return Optional.ofNullable(read(doc()).get(name));
  }

  List<User> all() {
    return read(doc()).values().stream().sorted(Comparator.comparing(User::name)).toList();
  }

  boolean update(User user) {
    return change(users -> users.replace(user.name(), user) != null);
  }

  boolean remove(String name) {
    return change(users -> users.remove(name) != null);
  }

  /** As update, refused with LastAdminException when it would demote the only admin. */
  boolean updateKeepingAnAdmin(User user) {
    return change(users -> {
      User before = users.get(user.name());
      if (before == null) {
        return false;
      }
      if (user.role() != Role.ADMIN) {
        requireAnotherAdmin(users, user.name());
      }
      users.put(user.name(), user);
      return true;
    });
  }

  /** As remove, refused with LastAdminException when it would remove the only admin. */
  boolean removeKeepingAnAdmin(String name) {
    return change(users -> {
      if (!users.containsKey(name)) {
        return false;
      }
      requireAnotherAdmin(users, name);
      users.remove(name);
      return true;
    });
  }

  /**
   * Inside a change, so decided on the same CAS-checked map the write replaces: throws when
   * {@code name} is an admin and no other admin exists.
   */
  private static void requireAnotherAdmin(Map<String, User> users, String name) {
    if (users.get(name).role() != Role.ADMIN) {
      return;
    }
    for (User u : users.values()) {
      if (u.role() == Role.ADMIN && !u.name().equals(name)) {
        return;
      }
    }
    throw new LastAdminException(name);
  }

  private JsonObject doc() {
    Kv.Doc d = ctx.kv.get(ctx.keys.users());
    return d == null ? null : d.obj();
  }

  private static Map<String, User> read(JsonObject doc) {
    Map<String, User> out = new HashMap<>();
    if (doc != null) {
      JsonObject all = doc.getObject("users");
      for (String name : all.getNames()) {
        JsonObject u = all.getObject(name);
        out.put(name, new User(name, u.getString("hash"), Role.fromWire(u.getString("role"))));
      }
    }
    return out;
  }

  /** Applies a change to the user map under CAS; the change returns false to write nothing. */
  private boolean change(Predicate<Map<String, User>> change) {
    return ctx.kv.update(ctx.keys.users(), doc -> {
      Map<String, User> users = read(doc);
      if (!change.test(users)) {
        return null;
      }
      JsonObject all = JsonObject.create();
      for (User u : users.values()) {
        all.put(u.name(), JsonObject.create().put("hash", u.passwordHash())
            .put("role", u.role().wire()));
      }
      return JsonObject.create().put("users", all);
    });
  }
}
