package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.model.Origin;
import io.revkeep.core.model.VersionRecord;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The pages in headless Debian Chromium driven by Selenium, against a real web server and a
 * real listener. Nothing is downloaded: the browser and its driver are the Debian packages
 * ({@code chromium}, {@code chromium-driver}); if they are missing the test fails.
 */
class BrowserIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir Path tmp;
  WebHarness h;
  ChromeDriverService service;
  WebDriver driver;

  @BeforeEach
  void start() throws Exception {
    assertThat(CHROMIUM).as("Debian chromium (apt-get install chromium)").isExecutable();
    assertThat(CHROMEDRIVER).as("Debian chromium-driver").isExecutable();
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    Files.createDirectories(SCREENSHOTS);
    h = new WebHarness(tmp.resolve("rk"), 64L << 20, false);
    service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--window-size=1200,900",
        "--user-data-dir=" + Files.createDirectories(tmp.resolve("chrome-profile")));
    driver = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (h != null) {
      h.close();
    }
  }

  private void shot(String name) throws Exception {
    File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(f.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private WebElement waitFor(By by) {
    return await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .until(() -> driver.findElement(by), e -> e != null);
  }

  private void login(String user) {
    driver.get(h.base() + "/");
    await().atMost(Duration.ofSeconds(10)).until(() -> driver.getCurrentUrl().contains("/login"));
    waitFor(By.id("login-user")).sendKeys(user);
    driver.findElement(By.id("login-password")).sendKeys(WebHarness.password(user));
    driver.findElement(By.id("login-submit")).click();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .until(() -> driver.findElement(By.id("whoami")).getText().startsWith(user));
  }

  private String cell(String path, int column) {
    return driver.findElement(By.cssSelector("#files tr[data-path='" + path + "'] td:nth-child("
        + column + ")")).getText();
  }

  @Test
  void a_crafted_next_on_the_login_page_cannot_send_the_user_to_another_site() throws Exception {
    // the attack itself: a link to the login page with next=/\evil.example (and /<TAB>/...)
    for (String next : List.of("%2F%5Cevil.example", "%2F%09%2Fevil.example")) {
      driver.manage().deleteAllCookies();
      driver.get(h.base() + "/login?next=" + next);
      waitFor(By.id("login-user")).sendKeys("viewer");
      driver.findElement(By.id("login-password")).sendKeys(WebHarness.password("viewer"));
      driver.findElement(By.id("login-submit")).click();
      await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
          .until(() -> !driver.getCurrentUrl().contains("/login"));
      assertThat(driver.getCurrentUrl()).isEqualTo(h.base() + "/");
      await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
          .until(() -> driver.findElement(By.id("whoami")).getText().startsWith("viewer"));
    }
    // the page's check itself
    driver.get(h.base() + "/login");
    waitFor(By.id("login-user"));
    JavascriptExecutor js = (JavascriptExecutor) driver;
    for (String evil : List.of("/\\evil.example", "/\t/evil.example", "//evil.example",
        "/\n/evil.example", "https://evil.example/", "/\u00a0/evil.example")) {
      assertThat(js.executeScript("return sameSitePath(arguments[0]);", evil))
          .as("next=%s", evil).isNull();
    }
    assertThat(js.executeScript("return sameSitePath(arguments[0]);", "/file?path=a.txt"))
        .isEqualTo("/file?path=a.txt");
  }

  @Test
  void an_editor_uploads_by_drop_sees_disk_changes_live_and_restores_an_old_version()
      throws Exception {
    h.writeShared("notes.txt", "first\n");
    h.awaitVersions("notes.txt", 1);
    login("editor");
    waitFor(By.cssSelector("#files tr[data-path='notes.txt']"));
    await().atMost(Duration.ofSeconds(5)).until(
        () -> driver.findElement(By.id("live")).getText().equals("live"));
    assertThat(driver.findElement(By.id("dropzone")).isDisplayed()).isTrue();
    shot("01-browser");

    // three files dropped at once (one large enough for its progress bar to move)
    ((JavascriptExecutor) driver).executeScript(
        "window.__sameDocument = true;"
        + "const zone = document.querySelector('#dropzone');"
        + "const dt = new DataTransfer();"
        + "dt.items.add(new File(['alpha\\n'], 'alpha.txt', {type: 'text/plain'}));"
        + "dt.items.add(new File(['beta\\n'], 'beta.txt', {type: 'text/plain'}));"
        + "dt.items.add(new File([new Uint8Array(8 * 1024 * 1024).fill(66)], 'gamma.bin'));"
        + "zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true,"
        + " cancelable: true}));"
        + "zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true,"
        + " cancelable: true}));");
    List<WebElement> rows = await().atMost(Duration.ofSeconds(5))
        .until(() -> driver.findElements(By.cssSelector("#uploads li.upload")), l -> l.size() == 3);
    for (WebElement li : rows) {
      assertThat(li.findElement(By.tagName("progress")).isDisplayed()).isTrue();
    }
    shot("02-upload-progress");
    await().atMost(Duration.ofSeconds(20)).until(() -> driver.findElements(
        By.cssSelector("#uploads li.upload.done")).size() == 3);
    for (WebElement li : driver.findElements(By.cssSelector("#uploads li.upload"))) {
      assertThat(li.findElement(By.tagName("progress")).getAttribute("value")).isEqualTo("100");
    }
    for (String name : List.of("alpha.txt", "beta.txt", "gamma.bin")) {
      await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
          .until(() -> cell(name, 5).equals("editor"));
    }
    assertThat(Files.readString(h.shared.resolve("beta.txt"))).isEqualTo("beta\n");
    assertThat(h.store.history("gamma.bin").get(0).origin()).isEqualTo(Origin.WEB);
    shot("03-uploaded");

    // a change on disk shows on the open page within 2 s, without a reload
    h.writeShared("notes.txt", "second\n");
    await().atMost(Duration.ofSeconds(2)).ignoreExceptions()
        .until(() -> cell("notes.txt", 2).equals("2"));
    assertThat(((JavascriptExecutor) driver).executeScript("return window.__sameDocument"))
        .isEqualTo(true);
    assertThat(driver.findElement(By.id("activity")).getText()).contains("notes.txt");
    shot("04-live-change");

    // restore version 1 from the history page: it becomes version 3, by the editor, from the web
    driver.findElement(By.linkText("notes.txt")).click();
    WebElement v1 = waitFor(By.cssSelector("#versions-list li[data-version='1'] button.restore"));
    shot("05-history");
    v1.click();
    waitFor(By.cssSelector("dialog[open] button.btn-primary")).click(); // the restore asks first
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> driver.findElement(
        By.cssSelector("#versions-list li.version:first-child")).getAttribute("data-version")
        .equals("3"));
    WebElement newest = driver.findElement(By.cssSelector("#versions-list li.version:first-child"));
    assertThat(newest.getText()).contains("editor").contains("web");
    List<VersionRecord> history = h.store.history("notes.txt");
    assertThat(history).hasSize(3);
    assertThat(history.get(2).hash()).isEqualTo(history.get(0).hash());
    assertThat(Files.readString(h.shared.resolve("notes.txt"))).isEqualTo("first\n");
    shot("06-restored");

    // diff between two text versions
    driver.findElement(By.cssSelector("#versions-list li[data-version='3'] button.compare"))
        .click(); // with version 2
    await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> driver.findElement(
        By.cssSelector("dialog[open] table.sbs tr.change td.old")).getText().equals("second"));
    shot("07-diff");
  }

  @Test
  void an_editor_picks_a_past_time_sees_the_old_tree_restores_it_and_sees_it_live()
      throws Exception {
    Path tt = Files.createDirectories(h.shared.resolve("tt"));
    Files.writeString(tt.resolve("a.txt"), "a then\n");
    h.awaitVersions("tt/a.txt", 1);
    Files.writeString(tt.resolve("b.txt"), "b then\n");
    h.awaitVersions("tt/b.txt", 1);
    // after that moment: an edit, a deletion, a new file
    Files.writeString(tt.resolve("a.txt"), "a now\n");
    h.awaitVersions("tt/a.txt", 2);
    Files.delete(tt.resolve("b.txt"));
    h.awaitVersions("tt/b.txt", 2);
    Files.writeString(tt.resolve("c.txt"), "c, new since\n");
    h.awaitVersions("tt/c.txt", 1);
    assertThat(h.store.changeTimes("tt", 100)).hasSize(5);

    login("editor");
    driver.get(h.base() + "/?dir=tt");
    waitFor(By.cssSelector("#files tr[data-path='tt/c.txt']"));
    WebElement slider = waitFor(By.id("at-slider"));
    await().atMost(Duration.ofSeconds(10)).until(() -> "5".equals(slider.getAttribute("max"))
        && "5".equals(slider.getAttribute("value")));
    // the slider's positions are the folder's change times; four steps left is "b created"
    for (int i = 0; i < 4; i++) {
      slider.sendKeys(org.openqa.selenium.Keys.ARROW_LEFT);
    }
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
        driver.findElements(By.cssSelector("#files tr[data-path='tt/c.txt']")).isEmpty()
            && driver.findElement(By.cssSelector("#files tr[data-path='tt/b.txt']")) != null);
    assertThat(driver.findElement(By.id("at-label")).getText()).contains("as it was at");
    assertThat(cell("tt/a.txt", 2)).isEqualTo("1");
    assertThat(cell("tt/b.txt", 1)).contains("deleted since");
    assertThat(driver.findElement(By.id("upload")).isDisplayed()).isFalse();
    shot("10-folder-as-it-was");

    // the preview says what will happen, path by path; then the restore runs with progress
    driver.findElement(By.id("restore-folder")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> driver.findElement(By.id("restore-preview"))
        .isDisplayed());
    assertThat(driver.findElement(By.cssSelector("#restore-steps tr[data-path='tt/a.txt']"))
        .getText()).startsWith("write");
    assertThat(driver.findElement(By.cssSelector("#restore-steps tr[data-path='tt/b.txt']"))
        .getText()).startsWith("recreate");
    assertThat(driver.findElement(By.cssSelector("#restore-steps tr[data-path='tt/c.txt']"))
        .getText()).startsWith("leave");
    shot("11-restore-preview");
    assertThat(Files.readString(tt.resolve("a.txt"))).isEqualTo("a now\n"); // the preview wrote nothing
    driver.findElement(By.id("restore-go")).click();
    waitFor(By.cssSelector("dialog[open] button.btn-danger")).click(); // it asks first
    await().atMost(Duration.ofSeconds(30)).until(() -> driver.findElement(By.id("restore-status"))
        .getText().startsWith("done"));
    assertThat(driver.findElement(By.id("restore-progress")).getAttribute("value")).isEqualTo("2");
    shot("12-restored");

    // back to now, live: the restored files are the newest versions, by the editor
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
        cell("tt/a.txt", 2).equals("3") && cell("tt/b.txt", 2).equals("3")
            && cell("tt/a.txt", 5).equals("editor"));
    assertThat(driver.findElements(By.cssSelector("#files tr[data-path='tt/c.txt']"))).hasSize(1);
    assertThat(driver.findElement(By.id("at-label")).getText()).isEqualTo("now");
    assertThat(Files.readString(tt.resolve("a.txt"))).isEqualTo("a then\n");
    assertThat(Files.readString(tt.resolve("b.txt"))).isEqualTo("b then\n");
    assertThat(Files.readString(tt.resolve("c.txt"))).isEqualTo("c, new since\n");
    VersionRecord restored = h.store.history("tt/a.txt").get(2);
    assertThat(restored.origin()).isEqualTo(Origin.WEB);
    assertThat(restored.changeSet()).isNotNull();
    assertThat(h.store.changeSet(restored.changeSet())).hasSize(2);
  }

  @Test
  void a_file_renamed_since_shows_where_it_went_and_the_restore_moves_it_back()
      throws Exception {
    Path mv = Files.createDirectories(h.shared.resolve("mv"));
    Files.writeString(mv.resolve("budget.csv"), "1,2,3\n");
    h.awaitVersions("mv/budget.csv", 1);
    Files.writeString(mv.resolve("notes.txt"), "notes\n");
    h.awaitVersions("mv/notes.txt", 1);
    Files.move(mv.resolve("budget.csv"), mv.resolve("budget-final.csv"));
    await().atMost(Duration.ofSeconds(20)).until(() -> h.store.file("mv/budget-final.csv")
        .filter(f -> !f.deleted()).isPresent());

    login("editor");
    driver.get(h.base() + "/?dir=mv");
    waitFor(By.cssSelector("#files tr[data-path='mv/budget-final.csv']"));
    WebElement slider = waitFor(By.id("at-slider"));
    String times = String.valueOf(h.store.changeTimes("mv", 100).size()); // 2 or 3 (seconds)
    await().atMost(Duration.ofSeconds(10)).until(() -> times.equals(slider.getAttribute("max"))
        && times.equals(slider.getAttribute("value")));
    // the last position is now, the one before it the rename's time: two steps left is before it
    slider.sendKeys(org.openqa.selenium.Keys.ARROW_LEFT);
    slider.sendKeys(org.openqa.selenium.Keys.ARROW_LEFT);
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
        driver.findElement(By.cssSelector("#files tr[data-path='mv/budget.csv']")) != null);
    assertThat(driver.findElement(By.cssSelector("#files tr[data-path='mv/budget.csv']"))
        .getText()).contains("moved since to mv/budget-final.csv");
    shot("13-moved-since");

    driver.findElement(By.id("restore-folder")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> driver.findElement(By.id("restore-preview"))
        .isDisplayed());
    assertThat(driver.findElements(By.cssSelector("#restore-steps tr.step.move")))
        .singleElement().satisfies(row -> assertThat(row.getText()).startsWith("move")
            .contains("mv/budget-final.csv \u2192 mv/budget.csv"));
    assertThat(driver.findElement(By.id("restore-summary")).getText()).contains("1 to move back");
    shot("14-move-preview");
    driver.findElement(By.id("restore-go")).click();
    waitFor(By.cssSelector("dialog[open] button.btn-danger")).click(); // it asks first
    await().atMost(Duration.ofSeconds(30)).until(() -> driver.findElement(By.id("restore-status"))
        .getText().startsWith("done: 1 moved"));
    assertThat(Files.readString(mv.resolve("budget.csv"))).isEqualTo("1,2,3\n");
    assertThat(mv.resolve("budget-final.csv")).doesNotExist();
    await().atMost(Duration.ofSeconds(10)).until(() -> !h.store.history("mv/budget.csv").isEmpty()
        && h.store.history("mv/budget.csv").get(h.store.history("mv/budget.csv").size() - 1)
            .action() == io.revkeep.core.model.Action.RENAME);
  }

  @Test
  void a_viewer_sees_no_upload_and_no_restore() throws Exception {
    Files.writeString(h.shared.resolve("report.txt"), "v1\n");
    h.awaitVersions("report.txt", 1);
    login("viewer");
    waitFor(By.cssSelector("#files tr[data-path='report.txt']"));
    assertThat(driver.findElement(By.id("upload")).isDisplayed()).isFalse();
    assertThat(driver.findElements(By.cssSelector("#dropzone")).get(0).isDisplayed()).isFalse();
    shot("08-viewer-browser");
    driver.get(h.base() + "/file?path=report.txt");
    waitFor(By.cssSelector("#versions-list li[data-version='1'] a.download"));
    assertThat(driver.findElements(By.cssSelector("button.restore"))).isEmpty();
    shot("09-viewer-history");
  }

  @Test
  void names_sort_as_people_read_them_with_folders_first() throws Exception {
    List<String> files = List.of("f10.txt", "f2.txt", "F1.txt", "f9990", "f999", "b10/x.txt",
        "b2/x.txt");
    for (String f : files) {
      Files.createDirectories(h.shared.resolve(f).getParent());
      Files.writeString(h.shared.resolve(f), f);
    }
    for (String f : files) {
      h.awaitVersions(f, 1);
    }
    login("viewer");
    waitFor(By.cssSelector("#files tr[data-path='f9990']"));
    List<String> order = await().atMost(Duration.ofSeconds(5)).until(() -> driver.findElements(
        By.cssSelector("#files tbody tr")).stream().map(r -> r.getAttribute("data-path"))
        .toList(), l -> l.size() == 7);
    assertThat(order).containsExactly("b2", "b10", "F1.txt", "f2.txt", "f10.txt", "f999",
        "f9990");
  }

  @Test
  void the_folder_browser_fits_a_phone_width_screen() throws Exception {
    Files.createDirectories(h.shared.resolve("docs"));
    Files.writeString(h.shared.resolve("docs/a-long-file-name-for-a-small-screen.txt"), "x");
    h.awaitVersions("docs/a-long-file-name-for-a-small-screen.txt", 1);
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    login("admin");
    driver.get(h.base() + "/?dir=docs");
    waitFor(By.cssSelector("#files tr[data-path='docs/a-long-file-name-for-a-small-screen.txt']"));
    Object overflow = ((JavascriptExecutor) driver).executeScript(
        "return document.documentElement.scrollWidth > window.innerWidth + 1");
    assertThat(overflow).isEqualTo(false);
    assertThat(driver.findElement(By.id("breadcrumbs")).getText()).contains("docs");
    shot("10-phone-width");
  }
}
