package io.revkeep.cli;

import static io.revkeep.cli.RunningRevkeep.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.revkeep.core.Passwords;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.store.WebSession;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code revkeep user add|passwd|rm|ls}, run as the executable, on a real SQLite store. */
class UserCommandsIT {
  @TempDir Path dir;

  private User stored(String name) {
    try (SqliteStore store = SqliteStore.open(dir.resolve("data").resolve("revkeep.db"))) {
      return store.user(name).orElseThrow();
    }
  }

  @Test
  void users_are_added_listed_without_hashes_changed_and_removed() throws Exception {
    RunningRevkeep revkeep = RunningRevkeep.configured(dir);
    assertThat(revkeep.runWithInput("first-secret\n", "user", "add", "alice", "--role", "admin",
        "--password-stdin").out()).contains("added user alice (admin)");
    assertThat(revkeep.runWithInput("bob-password\n", "user", "add", "bob", "--password-stdin")
        .exit()).isZero();

    User alice = stored("alice");
    assertThat(alice.role()).isEqualTo(Role.ADMIN);
    assertThat(alice.passwordHash()).startsWith("$2a$12$");
    assertThat(Passwords.matches("first-secret".toCharArray(), alice.passwordHash())).isTrue();

    Revkeep.Result ls = revkeep.run("user", "ls", "--json");
    assertThat(ls.exit()).isZero();
    assertThat(ls.out()).doesNotContain("$2a$").doesNotContain("secret");
    JsonNode users = RunningRevkeep.JSON.readTree(ls.out());
    assertThat(users).hasSize(2);
    assertThat(users.get(0).get("name").asText()).isEqualTo("alice");
    assertThat(users.get(0).get("role").asText()).isEqualTo("admin");
    assertThat(users.get(1).get("role").asText()).isEqualTo("editor");
    assertThat(revkeep.ok("user", "ls")).contains("alice").contains("bob").doesNotContain("$2a$");

    // a web session of each (as a login on the web would leave in the store)
    try (SqliteStore store = SqliteStore.open(dir.resolve("data").resolve("revkeep.db"))) {
      java.time.Instant t = java.time.Instant.parse("2026-01-01T00:00:00Z");
      store.addWebSession(new WebSession("alice-session", "alice", "c", t, t));
      store.addWebSession(new WebSession("bob-session", "bob", "c", t, t));
    }
    assertThat(revkeep.runWithInput("second-secret\n", "user", "passwd", "alice",
        "--password-stdin").out()).contains("changed the password of alice");
    try (SqliteStore store = SqliteStore.open(dir.resolve("data").resolve("revkeep.db"))) {
      assertThat(store.webSession("alice-session")).as("a new password: log in again").isEmpty();
      assertThat(store.webSession("bob-session")).isPresent();
    }
    String newHash = stored("alice").passwordHash();
    assertThat(Passwords.matches("second-secret".toCharArray(), newHash)).isTrue();
    assertThat(Passwords.matches("first-secret".toCharArray(), newHash)).isFalse();

    assertThat(revkeep.ok("user", "rm", "bob")).contains("removed user bob");
    try (SqliteStore store = SqliteStore.open(dir.resolve("data").resolve("revkeep.db"))) {
      assertThat(store.webSession("bob-session")).as("a removed user's sessions end").isEmpty();
    }
    assertThat(RunningRevkeep.JSON.readTree(revkeep.ok("user", "ls", "--json"))).hasSize(1);
  }

  @Test
  void user_mistakes_get_one_line_and_change_nothing() throws Exception {
    RunningRevkeep revkeep = RunningRevkeep.configured(dir);
    revkeep.runWithInput("first-secret\n", "user", "add", "alice", "--role", "admin",
        "--password-stdin");

    assertOneLineError(revkeep.runWithInput("another-secret\n", "user", "add", "alice",
        "--password-stdin"), "user 'alice' already exists");
    assertOneLineError(revkeep.run("user", "add", "carol"),
        "no terminal to read the password from: pipe it with --password-stdin");
    assertOneLineError(revkeep.runWithInput("short\n", "user", "add", "carol",
        "--password-stdin"), "too short");
    assertOneLineError(revkeep.runWithInput("", "user", "add", "carol", "--password-stdin"),
        "no password on standard input");
    assertOneLineError(revkeep.runWithInput("long-enough\n", "user", "add", "bad name",
        "--password-stdin"), "not a valid user name");
    assertOneLineError(revkeep.runWithInput("long-enough\n", "user", "passwd", "nobody",
        "--password-stdin"), "no user 'nobody'");
    assertOneLineError(revkeep.run("user", "rm", "nobody"), "no user 'nobody'");
    assertOneLineError(revkeep.run("user", "rm", "alice"), "it is the only admin");
    assertOneLineError(revkeep.runWithInput("long-enough\n", "user", "passwd", "alice",
        "--role", "viewer", "--password-stdin"), "it is the only admin");

    Revkeep.Result badRole = revkeep.runWithInput("long-enough\n", "user", "add", "carol",
        "--role", "boss", "--password-stdin");
    assertThat(badRole.exit()).isEqualTo(2);
    assertThat(badRole.err()).contains("unknown role 'boss'");
    assertThat(revkeep.run("user").exit()).isEqualTo(2);

    JsonNode users = RunningRevkeep.JSON.readTree(revkeep.ok("user", "ls", "--json"));
    assertThat(users).hasSize(1);
    assertThat(Passwords.matches("first-secret".toCharArray(), stored("alice").passwordHash()))
        .isTrue();
  }
}
