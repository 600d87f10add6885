package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.revkeep.core.Passwords;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.store.SqliteStore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login routes alone on a free port, with a counting password check: a known and an unknown
 * name cost the same work, a login rotates the session, a login body is bounded.
 */
class LoginWorkIT {
  @TempDir Path tmp;
  SqliteStore store;
  Sessions sessions;
  Javalin app;
  Http http;
  /** The hashes the password check was asked about, in order. */
  final List<String> checked = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    store = SqliteStore.open(tmp.resolve("revkeep.db"));
    store.addUser(new User("bob", "plain:bob-password", Role.EDITOR));
    sessions = new Sessions(store, Clock.systemUTC());
    PasswordCheck counting = (password, hash) -> {
      checked.add(hash);
      return hash.equals("plain:" + new String(password));
    };
    SessionRoutes routes = new SessionRoutes(store, sessions,
        new LoginLimiter(Clock.systemUTC()), new LoginAdmission(), counting);
    Auth auth = new Auth(store, sessions, Clock.systemUTC());
    app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.jetty.host = "127.0.0.1";
      config.jetty.port = 0;
      auth.register(config.routes);
      routes.register(config.routes);
      config.routes.exception(HttpError.class, (e, ctx) -> Json.error(ctx, e.status,
          e.getMessage()));
    }).start();
    http = new Http("http://127.0.0.1:" + app.port());
  }

  @AfterEach
  void stop() {
    app.stop();
    store.close();
  }

  @Test
  void an_unknown_name_costs_one_password_check_against_a_dummy_hash_like_a_known_one()
      throws Exception {
    assertThat(http.login("nobody", "some-password").statusCode()).isEqualTo(401);
    assertThat(checked).containsExactly(PasswordCheck.DUMMY_HASH);
    checked.clear();
    assertThat(http.login("bob", "wrong-password").statusCode()).isEqualTo(401);
    assertThat(checked).containsExactly("plain:bob-password");
    // the dummy hash costs what a user's does: bcrypt at the users' cost
    assertThat(PasswordCheck.DUMMY_HASH).startsWith(String.format("$2a$%02d$", Passwords.COST));
    assertThat(PasswordCheck.BCRYPT.matches("x".toCharArray(), PasswordCheck.DUMMY_HASH))
        .isFalse();
  }

  @Test
  void a_login_rotates_the_session_id_and_ends_the_one_the_request_carried() throws Exception {
    assertThat(http.login("bob", "bob-password").statusCode()).isEqualTo(200);
    String first = http.cookie;
    HttpResponse<String> again = http.send(http.request("/api/login")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("user", "bob",
            "password", "bob-password")))));
    assertThat(again.statusCode()).isEqualTo(200);
    String second = again.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    assertThat(second).isNotEqualTo(first);
    assertThat(sessions.find(first.substring(first.indexOf('=') + 1))).isEmpty();
    assertThat(sessions.find(second.substring(second.indexOf('=') + 1))).isPresent();
  }

  @Test
  void a_login_body_longer_than_the_cap_is_refused_413_before_it_is_read() throws Exception {
    String huge = "{\"user\":\"bob\",\"password\":\"" + "x".repeat(LoginAdmission.MAX_BODY_BYTES)
        + "\"}";
    HttpResponse<String> r = http.send(http.request("/api/login")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(huge)));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("a login body is at most");
    assertThat(checked).isEmpty();
  }
}
