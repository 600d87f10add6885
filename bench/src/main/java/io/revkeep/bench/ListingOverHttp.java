package io.revkeep.bench;

import io.revkeep.core.Passwords;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import io.revkeep.web.WebDaemon;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ListingBench}'s figures through the web: {@code GET /api/files?dir=} timed by
 * {@code curl -w %{time_total}}, against a web server started in this JVM on the seeded store
 * (no listener). The web keeps a listing for the store's last seq (FolderRoutes), so before
 * each timed request one file deep in the tree gets a new version: every listing timed is read
 * from the store afresh, as after any change.
 */
final class ListingOverHttp {
  private static final String USER = "lister";
  private static final String PASSWORD = "lister-password";

  private ListingOverHttp() {}

  /** Median-ready times (ms) of the root's and the small folder's listing, interleaved. */
  record Times(List<Double> rootMs, List<Double> smallMs) {}

  static Times measure(Store store, Path dir, int reps) throws IOException, InterruptedException {
    Path shared = Files.createDirectories(dir.resolve("shared"));
    Path data = Files.createDirectories(dir.resolve("data"));
    if (store.user(USER).isEmpty()) {
      store.addUser(new User(USER, Passwords.hash(PASSWORD.toCharArray()), Role.VIEWER));
    }
    int feedPort;
    try (ServerSocket free = new ServerSocket(0)) { // a port nothing listens on: no feed
      feedPort = free.getLocalPort();
    }
    try (WebDaemon web = WebDaemon.start(new WebDaemon.Settings("127.0.0.1", 0, 1024, false,
        shared, data, List.of(), "127.0.0.1", feedPort, "bench"), store,
        new Vault(data.resolve("vault")), new PrintStream(PrintStream.nullOutputStream()))) {
      String base = "http://127.0.0.1:" + web.port();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base
          + "/api/login")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + USER + "\",\"password\":\""
              + PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
      if (login.statusCode() != 200) {
        throw new IOException("login: HTTP " + login.statusCode() + ": " + login.body());
      }
      String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
      String cookie = setCookie.substring(0, setCookie.indexOf(';'));
      String root = base + "/api/files?dir=";
      String small = base + "/api/files?dir=" + ListingBench.SMALL;
      for (int i = 0; i < 2; i++) { // warm-ups
        curl(root, cookie);
        curl(small, cookie);
      }
      List<Double> rootMs = new ArrayList<>();
      List<Double> smallMs = new ArrayList<>();
      for (int r = 0; r < reps; r++) {
        touch(store);
        rootMs.add(curl(root, cookie));
        touch(store);
        smallMs.add(curl(small, cookie));
      }
      return new Times(rootMs, smallMs);
    }
  }

  /** A new version of one file deep in the tree: a new last seq, so no kept listing is valid. */
  private static void touch(Store store) {
    long n = store.lastSeq() + 1;
    store.record(Change.content("d9/s99/f99.txt", String.format("%064x", n + (1L << 40)), 10, n,
        Instant.now(), "bench", "bench:/tree"));
  }

  /** One GET by curl: its total time in ms; an answer other than 200 fails the run. */
  private static double curl(String url, String cookie) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w",
        "%{http_code} %{time_total}", "-H", "Cookie: " + cookie, url).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0 || !out.startsWith("200 ")) {
      throw new IOException("curl " + url + ": " + out);
    }
    return Double.parseDouble(out.substring(4)) * 1000;
  }
}
