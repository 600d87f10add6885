package io.revkeep.bench;

import io.revkeep.core.Passwords;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.FeedServer;
import io.revkeep.feed.FeedServerSettings;
import io.revkeep.web.WebDaemon;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Issue 17: a folder of 100,000 entries in the browser. A real {@code WebDaemon} on a real
 * SQLite store (the entries recorded by {@code recordAll}, no files on disk, no listener: the
 * bench records changes itself and publishes their events on a real {@code FeedServer}, as the
 * listener does, and the web follows that feed) and Debian's headless Chromium driven by
 * Selenium, as e2e's BigFolderBrowserIT does; the figures are the page's own (app's
 * folder-list.js, performance API):
 * {@code revkeep:first-rows} from the navigation to the first rows painted and
 * {@code revkeep:filter} from a keystroke in the name filter to its rows painted.
 */
final class BrowserBench implements AutoCloseable {
  static final int ENTRIES = 100_000;
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /**
   * One run's figures, in ms.
   *
   * @param subMs first rows after a change in a sub-folder (its sums changed: the kept listing
   *     brought up to date with that sub-folder's entry)
   * @param changedMs first rows after a change of one of the folder's files (the kept listing
   *     brought up to date with that file)
   * @param warmMs first rows of the same listing again (the web's kept, sorted listing)
   * @param keystrokeMs one keystroke of the filter, answered by the server
   * @param storeMs the store's read of the folder alone ({@code Store.files}), the floor of
   *     wholeMs
   * @param wholeMs first rows when the web reads and sorts the folder whole (a change recorded
   *     that the web has not heard yet: then it knows nothing about which folders changed)
   */
  record Run(double subMs, double changedMs, double warmMs, double keystrokeMs,
      double storeMs, double wholeMs) {}
  static final String TOKEN = "bench-feed-token-0123";

  private final SqliteStore store;
  private final FeedServer feed;
  private final WebDaemon web;
  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private int changes;

  static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  BrowserBench(Path dir) throws IOException {
    Path shared = Files.createDirectories(dir.resolve("shared"));
    Path data = Files.createDirectories(dir.resolve("data"));
    store = SqliteStore.open(data.resolve("revkeep.db"));
    store.addUser(new User("bench", Passwords.hash("bench-password".toCharArray()),
        Role.VIEWER));
    List<Change> batch = new ArrayList<>();
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < ENTRIES; i++) {
      batch.add(Change.content("big/f" + i + ".txt", String.format("%064x", i), i % 4096, 0,
          t0.plusMillis(i), "bench", "bench:/big"));
      if (batch.size() == 2000) {
        store.recordAll(batch);
        batch.clear();
      }
    }
    Vault vault = new Vault(data.resolve("vault"));
    feed = new FeedServer(FeedServerSettings.builder(TOKEN).bindAddress("127.0.0.1").port(0)
        .build(), store, vault);
    feed.start();
    web = WebDaemon.start(new WebDaemon.Settings("127.0.0.1", 0, 1 << 20, false, shared, data,
        List.of(), "127.0.0.1", feed.port(), TOKEN), store, vault,
        new PrintStream(new ByteArrayOutputStream()));
    until(web::feedConnected);
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--window-size=1200,900",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chrome-profile")));
    driver = new ChromeDriver(service, options);
    driver.get(base() + "/login");
    until(() -> !driver.findElements(By.id("login-user")).isEmpty());
    driver.findElement(By.id("login-user")).sendKeys("bench");
    driver.findElement(By.id("login-password")).sendKeys("bench-password");
    driver.findElement(By.id("login-submit")).click();
    until(() -> driver.findElement(By.id("whoami")).getText().startsWith("bench"));
  }

  private String base() {
    return "http://127.0.0.1:" + web.port();
  }

  /**
   * One run: a page load after a change in a sub-folder, one after a change of a file of the
   * folder, one with nothing changed, one keystroke, one while the web's feed lags.
   */
  Run run() throws IOException {
    // a change in a sub-folder: its sums changed, its entry is read again
    publish(record("big/sub/s.txt"));
    double sub = load();
    // a change of one of the folder's files: the kept listing is brought up to date
    publish(record("big/f0.txt"));
    double changed = load();
    double warm = load();
    long t0 = System.nanoTime();
    int n = store.files("big", false, false).size();
    double storeMs = (System.nanoTime() - t0) / 1e6;
    if (n != ENTRIES) {
      throw new IllegalStateException("the store lists " + n + " files, not " + ENTRIES);
    }
    WebElement filter = driver.findElement(By.id("filter"));
    filter.sendKeys("f9999");
    until(() -> rows().size() == 11);
    pause(Duration.ofMillis(300)); // past the filter's pause: the next keystroke asks at once
    js("performance.clearMeasures('revkeep:filter');");
    filter.sendKeys("8");
    until(() -> rows().equals(List.of("big/f99998.txt")));
    double key = measure("revkeep:filter");
    // a change the web has not heard yet: the folder is read whole and sorted again
    Event unheard = record("big/sub/s.txt");
    double whole = load();
    publish(unheard);
    load(); // the listing kept under a tag of a web up to date again, for the next run
    return new Run(sub, changed, warm, key, storeMs, whole);
  }

  /** Records a new version of {@code path}, not yet published. */
  private Event record(String path) {
    changes++;
    return store.record(Change.content(path, String.format("%064x", changes + ENTRIES), 1,
        0, Instant.parse("2026-02-01T00:00:00Z").plusSeconds(changes), "bench", "bench:/big"))
        .orElseThrow();
  }

  /** Publishes {@code e} as the listener would, then waits until the web has it. */
  private void publish(Event e) {
    feed.publish(e);
    until(() -> feed.subscribers().stream().anyMatch(s -> s.lastAcked() >= e.seq()));
  }

  private double load() {
    driver.get("about:blank");
    driver.get(base() + "/?dir=big");
    until(() -> rows().contains("big/f0.txt"));
    return measure("revkeep:first-rows");
  }

  @SuppressWarnings("unchecked")
  private List<String> rows() {
    return (List<String>) js("return [...document.querySelectorAll('#files tbody"
        + " tr[data-path]')].map(r => r.dataset.path);");
  }

  private double measure(String name) {
    Object[] v = new Object[1];
    until(() -> (v[0] = js("const m = performance.getEntriesByName(arguments[0]);"
        + " return m.length ? m[m.length - 1].duration : null;", name)) != null);
    return ((Number) v[0]).doubleValue();
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Polls (every 10 ms, at most 60 s) until the page shows what is awaited. */
  private static void until(BooleanSupplier done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        if (done.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // the element is not there yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the page did not show what the bench waits for");
      }
      pause(Duration.ofMillis(10));
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    service.stop();
    web.close();
    feed.close();
    store.close();
  }
}
