package io.revkeep.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link WebSessions} contract, run on every store (SqliteWebSessionsTest,
 * CouchbaseWebSessionsIT): sessions kept by the hash of their id, their last use moved forward
 * only, ended one by one, per user but one, and swept when idle.
 */
public abstract class WebSessionsContract {
  protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  protected Store store;

  /** A fresh, empty store; the contract closes it after each test. */
  protected abstract Store newStore();

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  private static WebSession session(String hash, String user, long seconds) {
    return new WebSession(hash, user, "csrf-" + hash, at(seconds), at(seconds));
  }

  @Test
  void a_session_is_found_by_its_id_hash_with_what_it_was_given() {
    store.addWebSession(session("h1", "ann", 1));

    assertThat(store.webSession("h1")).contains(session("h1", "ann", 1));
    assertThat(store.webSession("h2")).isEmpty();
  }

  @Test
  void the_same_id_hash_twice_is_a_conflict_and_keeps_the_first() {
    store.addWebSession(session("h1", "ann", 1));

    assertThatThrownBy(() -> store.addWebSession(session("h1", "bob", 2)))
        .isInstanceOf(ConflictException.class);
    assertThat(store.webSession("h1").orElseThrow().user()).isEqualTo("ann");
  }

  @Test
  void a_touch_moves_the_last_use_forward_only() {
    store.addWebSession(session("h1", "ann", 10));

    assertThat(store.touchWebSession("h1", at(70))).isTrue();
    assertThat(store.webSession("h1").orElseThrow().lastSeen()).isEqualTo(at(70));
    assertThat(store.touchWebSession("h1", at(40))).isTrue();
    assertThat(store.webSession("h1").orElseThrow().lastSeen()).isEqualTo(at(70));
    assertThat(store.webSession("h1").orElseThrow().created()).isEqualTo(at(10));
    assertThat(store.touchWebSession("gone", at(80))).isFalse();
    assertThat(store.webSession("gone")).isEmpty();
  }

  @Test
  void one_session_ends_alone() {
    store.addWebSession(session("h1", "ann", 1));
    store.addWebSession(session("h2", "ann", 2));

    assertThat(store.removeWebSession("h1")).isTrue();
    assertThat(store.removeWebSession("h1")).isFalse();
    assertThat(store.webSession("h1")).isEmpty();
    assertThat(store.webSession("h2")).isPresent();
  }

  @Test
  void a_users_sessions_end_but_the_one_kept_and_other_users_keep_theirs() {
    store.addWebSession(session("a1", "ann", 1));
    store.addWebSession(session("a2", "ann", 2));
    store.addWebSession(session("a3", "ann", 3));
    store.addWebSession(session("b1", "bob", 4));

    assertThat(store.removeWebSessions("ann", "a2")).isEqualTo(2);
    assertThat(store.webSession("a1")).isEmpty();
    assertThat(store.webSession("a2")).isPresent();
    assertThat(store.webSession("a3")).isEmpty();
    assertThat(store.webSession("b1")).isPresent();

    assertThat(store.removeWebSessions("ann", null)).isEqualTo(1);
    assertThat(store.webSession("a2")).isEmpty();
    assertThat(store.webSession("b1")).isPresent();
    assertThat(store.removeWebSessions("nobody", null)).isZero();
  }

  @Test
  void a_session_made_after_its_users_sessions_ended_lives() {
    store.addWebSession(session("a1", "ann", 1));
    store.removeWebSessions("ann", null);
    store.addWebSession(session("a2", "ann", 2));

    assertThat(store.webSession("a2")).isPresent();
    assertThat(store.sweepWebSessions(at(0))).isEqualTo(1);
  }

  @Test
  void the_sweep_ends_idle_sessions_and_counts_the_rest() {
    store.addWebSession(session("a1", "ann", 10));
    store.addWebSession(session("a2", "ann", 20));
    store.addWebSession(session("b1", "bob", 30));
    store.touchWebSession("a1", at(50));

    assertThat(store.sweepWebSessions(at(25))).isEqualTo(2);
    assertThat(store.webSession("a1")).isPresent(); // touched since
    assertThat(store.webSession("a2")).isEmpty();
    assertThat(store.webSession("b1")).isPresent();
    assertThat(store.sweepWebSessions(at(0))).isEqualTo(2);
    assertThat(store.sweepWebSessions(at(60))).isZero();
    assertThat(store.webSession("a1")).isEmpty();
  }

  @Test
  void a_long_user_name_with_odd_characters_keeps_its_sessions() {
    String name = "é \u0001/".repeat(100);
    store.addWebSession(session("h1", name, 1));
    store.addWebSession(session("h2", name, 2));

    assertThat(store.webSession("h1").orElseThrow().user()).isEqualTo(name);
    assertThat(store.removeWebSessions(name, "h2")).isEqualTo(1);
    assertThat(store.webSession("h2")).isPresent();
  }

  @Test
  void removing_a_user_ends_its_sessions_and_a_new_user_of_that_name_inherits_none() {
    store.addUser(new User("ann", "hash", Role.EDITOR));
    store.addUser(new User("root", "hash", Role.ADMIN));
    store.addWebSession(session("a1", "ann", 1));
    store.addWebSession(session("r1", "root", 2));

    assertThat(store.removeUserKeepingAnAdmin("ann")).isTrue();
    assertThat(store.webSession("a1")).isEmpty();
    assertThat(store.webSession("r1")).isPresent();

    store.addWebSession(session("a2", "ann", 3)); // as if left behind by the old ann
    store.addUser(new User("ann", "hash", Role.VIEWER));
    assertThat(store.webSession("a2")).isEmpty();
    store.addWebSession(session("a3", "ann", 4));
    assertThat(store.removeUser("ann")).isTrue();
    assertThat(store.webSession("a3")).isEmpty();
    assertThat(store.webSession("r1")).isPresent();
  }
}
