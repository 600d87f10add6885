package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The listing page (issue 19): its design (icons per kind, human sizes, relative times with the
 * exact one on hover, dark mode, the login page and favicon), its states (loading, no match, no
 * such folder, a time in the future), the phone layout, and one whole story by keyboard only.
 * Every state shown passes {@link UiChecks#check}.
 */
class ListingUiIT {
  static final String ODD = "Ünïcode <b>&\"quotes\" 'x'.txt";

  @TempDir Path tmp;
  ListingBrowser b;

  @BeforeEach
  void start() throws Exception {
    b = new ListingBrowser(tmp, 64L << 20);
  }

  @AfterEach
  void stop() {
    if (b != null) {
      b.close();
    }
  }

  private void seed() throws Exception {
    WebHarness h = b.h;
    h.writeShared("docs/plan.txt", "the plan\n");
    h.writeShared("docs/" + ODD, "odd\n");
    Files.write(h.shared.resolve("photo.png"), new byte[1536]);
    h.writeShared("report.pdf", "%PDF-1.4");
    h.writeShared("budget.xlsx", "x");
    h.writeShared("letter.docx", "x");
    h.writeShared("backup.zip", "x");
    h.writeShared("song.mp3", "x");
    h.writeShared("clip.mp4", "x");
    h.writeShared("Main.java", "class Main {}");
    h.writeShared("notes.md", "# notes");
    h.writeShared("data.bin", "x");
    for (String p : List.of("docs/plan.txt", "docs/" + ODD, "photo.png", "report.pdf",
        "budget.xlsx", "letter.docx", "backup.zip", "song.mp3", "clip.mp4", "Main.java",
        "notes.md", "data.bin")) {
      h.awaitVersions(p, 1);
    }
  }

  @Test
  void the_listing_is_designed_and_says_the_truth_in_each_state() throws Exception {
    seed();
    // the login page: a proper form, a favicon, no script error
    b.driver.get(b.h.base() + "/login");
    b.waitFor(By.id("login-user"));
    assertThat(b.driver.findElement(By.cssSelector("label[for='login-user']")).getText())
        .isEqualTo("User name");
    assertThat(b.driver.findElement(By.cssSelector("link[rel='icon']")).getAttribute("href"))
        .endsWith("/static/favicon.svg");
    UiChecks.check(b.driver, "listing-login");
    HttpClient http = HttpClient.newHttpClient();
    for (String asset : List.of("/static/favicon.svg", "/static/icons/folder-fill.svg")) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(b.h.base() + asset))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(asset).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
    }

    b.login("viewer");
    b.row("photo.png");
    // an icon per kind of file
    Map<String, String> kinds = b.driver.findElements(By.cssSelector("#files tr[data-path]"))
        .stream().collect(Collectors.toMap(r -> r.getAttribute("data-path"),
            r -> r.findElement(By.cssSelector(".icon, .thumb")).getAttribute("data-kind")));
    assertThat(kinds).containsEntry("docs", "folder").containsEntry("photo.png", "image")
        .containsEntry("notes.md", "text").containsEntry("Main.java", "code")
        .containsEntry("report.pdf", "pdf").containsEntry("backup.zip", "archive")
        .containsEntry("song.mp3", "audio").containsEntry("clip.mp4", "video")
        .containsEntry("budget.xlsx", "spreadsheet").containsEntry("letter.docx", "document")
        .containsEntry("data.bin", "file");
    // the icons are drawn (a mask from the WebJar's SVG), sizes in human units, times relative
    assertThat(b.js("return getComputedStyle(document.querySelector("
        + "\"#files tr[data-path='report.pdf'] .icon\")).maskImage")).asString()
        .contains("/static/icons/file-earmark-pdf.svg");
    WebElement photo = b.row("photo.png");
    assertThat(photo.findElement(By.cssSelector("td:nth-child(3)")).getText())
        .isEqualTo("1.5 KiB");
    WebElement time = photo.findElement(By.cssSelector("td:nth-child(4) time"));
    assertThat(time.getText()).matches("just now|\\d+ (sec|min)\\.? ago");
    assertThat(time.getAttribute("title")).contains(String.valueOf(java.time.Year.now()));
    // buttons and links of the visual system, not the browser's defaults
    assertThat(b.js("return getComputedStyle(document.querySelector('#files td a'))"
        + ".textDecorationLine")).isEqualTo("none");
    UiChecks.check(b.driver, "listing-root");

    // dark mode: the same tokens, dark values
    b.darkMode(true);
    assertThat(b.js("return getComputedStyle(document.body).backgroundColor"))
        .isEqualTo("rgb(20, 23, 28)");
    UiChecks.check(b.driver, "listing-dark");
    b.darkMode(false);

    // names with markup, quotes and accents show as they are
    b.open("?dir=docs");
    assertThat(b.row("docs/" + ODD).findElement(By.cssSelector("td a")).getText())
        .isEqualTo(ODD);
    // a filter with no match says so (not "empty")
    b.driver.findElement(By.id("filter")).sendKeys("zzz");
    await().atMost(ListingBrowser.WAIT).until(() -> b.driver.findElement(By.id("empty"))
        .getText().equals("No names match “zzz” in this folder."));
    UiChecks.check(b.driver, "listing-no-match");

    // a folder that is not there says so, with a link up
    b.open("?dir=docs/does/not/exist");
    WebElement empty = b.waitFor(By.id("empty"));
    await().atMost(ListingBrowser.WAIT).until(() -> empty.getText()
        .startsWith("There is no folder “/docs/does/not/exist”"));
    assertThat(empty.findElement(By.tagName("a")).getAttribute("href"))
        .endsWith("/?dir=docs%2Fdoes%2Fnot");
    assertThat(b.driver.findElement(By.id("files")).isDisplayed()).isFalse();
    UiChecks.check(b.driver, "listing-no-such-folder");

    // a past time in the future is refused with a clear message; the folder is shown now
    b.open("?dir=docs&at=2999-01-01T00:00:00Z");
    b.row("docs/plan.txt");
    assertThat(b.driver.findElement(By.id("message")).getText()).contains("is in the future");
    assertThat(b.driver.findElement(By.id("at-label")).getText()).isEqualTo("now");
    UiChecks.check(b.driver, "listing-future");

    // a phone keeps name, time and who; versions and size give way
    b.open("");
    b.row("photo.png");
    b.driver.manage().window().setSize(UiChecks.PHONE);
    await().atMost(ListingBrowser.WAIT).until(() -> !b.driver.findElement(
        By.cssSelector("#files tr[data-path='photo.png'] td:nth-child(3)")).isDisplayed());
    WebElement row = b.row("photo.png");
    for (int col : List.of(1, 4, 5)) {
      assertThat(row.findElement(By.cssSelector("td:nth-child(" + col + ")")).isDisplayed())
          .as("column %d on a phone", col).isTrue();
    }
    assertThat(row.findElement(By.cssSelector("td:nth-child(2)")).isDisplayed()).isFalse();
    assertThat(row.findElement(By.cssSelector("td:nth-child(5)")).getText()).isNotEmpty();
    assertThat(b.js("return document.documentElement.scrollWidth > innerWidth + 1"))
        .isEqualTo(false);
    b.driver.manage().window().setSize(UiChecks.DESKTOP);
  }

  @Test
  void an_editor_opens_a_folder_renames_deletes_and_undoes_with_the_keyboard_only()
      throws Exception {
    b.h.writeShared("work/a.txt", "a\n");
    b.h.writeShared("work/b.txt", "b\n");
    b.h.writeShared("zeta.txt", "z\n");
    b.h.awaitVersions("work/a.txt", 1);
    b.h.awaitVersions("work/b.txt", 1);
    b.h.awaitVersions("zeta.txt", 1);
    b.login("editor");
    b.row("work");
    // navigate: Tab from the top of the page to the folder's row, Enter opens it
    b.driver.findElement(By.tagName("body")).click();
    b.tabTo("#files tr[data-path='work']", 40);
    b.keys(Keys.ENTER);
    b.row("work/a.txt");
    assertThat(b.driver.getCurrentUrl()).endsWith("/?dir=work");
    // the first row, then down to b.txt, then its actions button, Enter: the menu
    b.tabTo("#files tr[data-path='work/a.txt']", 40);
    b.keys(Keys.ARROW_DOWN);
    assertThat(b.focused().getAttribute("data-path")).isEqualTo("work/b.txt");
    b.keys(Keys.TAB, Keys.TAB);
    assertThat(b.focused().getAttribute("aria-label")).isEqualTo("Actions for b.txt");
    b.keys(Keys.ENTER);
    b.waitFor(By.cssSelector("#row-menu [role='menuitem']"));
    assertThat(b.focused().getText()).isEqualTo("Versions");
    UiChecks.check(b.driver, "keys-menu");
    // focus-visible: the focused item has a visible ring
    b.keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN);
    assertThat(b.focused().getText()).isEqualTo("Rename…");
    b.keys(Keys.ENTER);
    WebElement field = b.waitFor(By.id("dialog-field"));
    assertThat(b.focused()).isEqualTo(field);
    UiChecks.check(b.driver, "keys-rename");
    // the stem is selected: typing replaces it and keeps ".txt"
    b.keys("bravo", Keys.ENTER);
    await().atMost(ListingBrowser.WAIT).until(() -> Files.exists(b.h.shared.resolve(
        "work/bravo.txt")) && !Files.exists(b.h.shared.resolve("work/b.txt")));
    b.row("work/bravo.txt");
    await().atMost(ListingBrowser.WAIT).ignoreExceptions().until(() ->
        "work/bravo.txt".equals(b.focused().getAttribute("data-path")));
    assertThat(b.js("return getComputedStyle(document.activeElement).outlineStyle"))
        .isEqualTo("solid");
    UiChecks.check(b.driver, "keys-renamed");
    // delete by key: it asks first (danger), Enter on the focused "Delete"
    b.keys(Keys.DELETE);
    WebElement confirm = b.waitFor(By.cssSelector("dialog[open] button.btn-danger"));
    assertThat(b.focused()).isEqualTo(confirm);
    assertThat(b.driver.findElement(By.cssSelector("dialog[open]")).getText())
        .contains("recoverable");
    UiChecks.check(b.driver, "keys-delete-confirm");
    b.keys(Keys.ENTER);
    await().atMost(ListingBrowser.WAIT).until(() -> !Files.exists(b.h.shared.resolve(
        "work/bravo.txt")));
    await().atMost(ListingBrowser.WAIT).ignoreExceptions().until(() -> b.driver.findElement(
        By.cssSelector(".toast:last-child")).getText().contains("Deleted “bravo.txt”"));
    await().atMost(ListingBrowser.WAIT).until(() -> !b.hasRow("work/bravo.txt"));
    UiChecks.check(b.driver, "keys-deleted");
    // undo: Tab to the toast's Undo, Enter; the file is back
    b.tabTo(".toast:last-child button.undo", 80);
    b.keys(Keys.ENTER);
    await().atMost(ListingBrowser.WAIT).until(() -> Files.exists(b.h.shared.resolve(
        "work/bravo.txt")));
    b.row("work/bravo.txt");
    await().atMost(ListingBrowser.WAIT).ignoreExceptions().until(() -> b.driver.findElement(
        By.cssSelector(".toast:last-child")).getText().startsWith("Undone"));
    assertThat(Files.readString(b.h.shared.resolve("work/bravo.txt"))).isEqualTo("b\n");
    UiChecks.check(b.driver, "keys-undone");
  }
}
