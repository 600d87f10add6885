package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.Passwords;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two attacks on a real web server and listener that cost nothing now. */
class AccountAndDiffAttacksIT {
  private static final int ROUNDS = 10;

  @TempDir Path tmp;

  @Test
  void two_admins_demoting_each_other_at_the_same_moment_leave_an_admin() throws Exception {
    try (WebHarness h = new WebHarness(tmp, 1 << 20, false)) {
      h.store.addUser(new User("admin2", Passwords.hash("admin2-password".toCharArray()),
          Role.ADMIN));
      for (int round = 0; round < ROUNDS; round++) {
        for (String name : List.of("admin", "admin2")) { // both admins again
          h.store.updateUser(new User(name, h.store.user(name).orElseThrow().passwordHash(),
              Role.ADMIN));
        }
        Http one = h.loggedInAs("admin");
        Http two = Http.as(h.base(), "admin2", "admin2-password");
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<HttpResponse<String>> a = CompletableFuture.supplyAsync(
            () -> demote(one, "admin2", together));
        CompletableFuture<HttpResponse<String>> b = CompletableFuture.supplyAsync(
            () -> demote(two, "admin", together));
        List<Integer> statuses = List.of(a.get().statusCode(), b.get().statusCode());
        long admins = h.store.users().stream().filter(u -> u.role() == Role.ADMIN).count();
        assertThat(admins).as("round %d answered %s", round, statuses).isGreaterThanOrEqualTo(1);
        assertThat(statuses).as("round %d", round).contains(200)
            .allMatch(s -> s == 200 || s == 401 || s == 403 || s == 409);
      }
    }
  }

  @Test
  void a_diff_of_two_unrelated_long_versions_is_refused_at_once_not_computed() throws Exception {
    try (WebHarness h = new WebHarness(tmp, 8 << 20, false)) {
      Http editor = h.loggedInAs("editor");
      assertThat(editor.upload("big.txt", lines("a")).statusCode()).isEqualTo(200);
      h.awaitVersions("big.txt", 1);
      assertThat(editor.upload("big.txt", lines("b")).statusCode()).isEqualTo(200);
      h.awaitVersions("big.txt", 2);
      HttpResponse<String> r = h.loggedInAs("viewer").get("/api/diff?path=big.txt&from=1&to=2");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
      assertThat(Http.json(r).get("error").asText())
          .contains("too different to show line by line");
    }
  }

  private static String lines(String prefix) {
    return IntStream.range(0, 20_000).mapToObj(i -> prefix + " line " + i * 7919)
        .collect(Collectors.joining("\n", "", "\n"));
  }

  private static HttpResponse<String> demote(Http as, String whom, CyclicBarrier together) {
    try {
      together.await();
      return as.post("/api/users/update", Map.of("name", whom, "role", "editor"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
