package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Search and trash on the listing page (issue 19): the header's search over the whole share
 * (and this folder only, and as it was at the time shown), the "Deleted files" view with a
 * restore that asks first and offers Undo, and the folder restore's guard and Undo.
 */
class SearchTrashUiIT {
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

  private List<String> results() {
    return b.driver.findElements(By.cssSelector("#search-list li")).stream()
        .map(li -> li.getAttribute("data-path")).toList();
  }

  private void search(String text) {
    WebElement box = b.driver.findElement(By.id("search"));
    box.clear();
    box.sendKeys(text, Keys.ENTER);
  }

  @Test
  void search_finds_names_in_the_whole_share_and_leads_to_their_folder() throws Exception {
    b.h.writeShared("projects/alpha/budget-2026.xlsx", "1");
    b.h.writeShared("projects/beta/budget-notes.txt", "2");
    b.h.writeShared("budget.txt", "3");
    b.h.writeShared("other.txt", "4");
    for (String p : List.of("projects/alpha/budget-2026.xlsx", "projects/beta/budget-notes.txt",
        "budget.txt", "other.txt")) {
      b.h.awaitVersions(p, 1);
    }
    // an empty folder: only the disk knows it (no store records folders)
    Files.createDirectories(b.h.shared.resolve("projects/Budget archive"));
    b.login("viewer");
    b.row("budget.txt");
    search("BUDGET");
    await().atMost(ListingBrowser.WAIT).until(() -> results().size() == 4);
    assertThat(results()).containsExactlyInAnyOrder("budget.txt",
        "projects/alpha/budget-2026.xlsx", "projects/beta/budget-notes.txt",
        "projects/Budget archive");
    assertThat(b.driver.findElement(By.cssSelector("#search-list li[data-path="
        + "'projects/alpha/budget-2026.xlsx'] .where")).getText()).isEqualTo("in /projects/alpha");
    assertThat(b.driver.findElement(By.id("files")).isDisplayed()).isFalse();
    UiChecks.check(b.driver, "search-results");
    // nothing found says so
    search("zzz");
    await().atMost(ListingBrowser.WAIT).until(() -> b.driver.findElement(
        By.id("search-summary")).getText().startsWith("No names match “zzz” in the whole share"));
    UiChecks.check(b.driver, "search-none");
    // this folder only
    b.open("?dir=projects%2Fbeta");
    b.row("projects/beta/budget-notes.txt");
    search("budget");
    await().atMost(ListingBrowser.WAIT).until(() -> results().size() == 4);
    b.driver.findElement(By.id("search-here")).click();
    await().atMost(ListingBrowser.WAIT).until(() -> results().equals(
        List.of("projects/beta/budget-notes.txt")));
    assertThat(b.driver.findElement(By.id("search-summary")).getText())
        .contains("in /projects/beta");
    // a result leads to its folder, the file's row marked and focused
    b.driver.findElement(By.linkText("budget-notes.txt")).click();
    WebElement row = b.row("projects/beta/budget-notes.txt");
    await().atMost(ListingBrowser.WAIT).until(() -> row.getAttribute("class").contains("selected")
        && row.equals(b.focused()));
    // and at a past time, with at= (before other.txt was deleted: it is found then, not now)
    java.time.Instant before = b.h.store.history("other.txt").get(0).time().plusMillis(1);
    Files.delete(b.h.shared.resolve("other.txt"));
    b.h.awaitVersions("other.txt", 2);
    b.open("?at=" + before);
    b.row("other.txt");
    search("other");
    await().atMost(ListingBrowser.WAIT).until(() -> results().equals(List.of("other.txt")));
    assertThat(b.driver.findElement(By.id("search-summary")).getText()).contains("as it was at");
    UiChecks.check(b.driver, "search-past");
  }

  @Test
  void deleted_files_are_listed_newest_first_and_a_restore_asks_first_and_can_be_undone()
      throws Exception {
    b.h.writeShared("old/first.txt", "first v1\n");
    b.h.writeShared("second.txt", "second\n");
    b.h.awaitVersions("old/first.txt", 1);
    b.h.awaitVersions("second.txt", 1);
    b.h.writeShared("old/first.txt", "first v2\n");
    b.h.awaitVersions("old/first.txt", 2);
    Files.delete(b.h.shared.resolve("old/first.txt"));
    b.h.awaitVersions("old/first.txt", 3);
    Files.delete(b.h.shared.resolve("second.txt"));
    b.h.awaitVersions("second.txt", 2);

    b.login("editor");
    b.driver.findElement(By.id("deleted-link")).click();
    b.waitFor(By.cssSelector("#deleted-files tr[data-path='second.txt']"));
    List<String> order = b.driver.findElements(By.cssSelector("#deleted-files tbody tr")).stream()
        .map(r -> r.getAttribute("data-path")).toList();
    assertThat(order).containsExactly("second.txt", "old/first.txt");
    WebElement first = b.driver.findElement(By.cssSelector("#deleted-files tr[data-path='old/first.txt']"));
    assertThat(first.getText()).contains("in /old").contains("v2").contains("9 B");
    assertThat(first.findElement(By.cssSelector("td:nth-child(2) time")).getAttribute("title"))
        .isNotEmpty();
    UiChecks.check(b.driver, "trash-list");

    first.findElement(By.cssSelector("button.restore-deleted")).click();
    WebElement confirm = b.waitFor(By.cssSelector("dialog[open]"));
    assertThat(confirm.getText()).contains("Version 2").contains("/old/first.txt");
    UiChecks.check(b.driver, "trash-restore-confirm");
    // cancelled: nothing happens
    b.keys(Keys.ESCAPE);
    await().atMost(ListingBrowser.WAIT).until(() ->
        b.driver.findElements(By.cssSelector("dialog[open]")).isEmpty());
    assertThat(b.h.shared.resolve("old/first.txt")).doesNotExist();
    b.driver.findElement(By.cssSelector("#deleted-files tr[data-path='old/first.txt'] "
        + "button.restore-deleted")).click();
    b.waitFor(By.cssSelector("dialog[open] button.btn-primary")).click();
    await().atMost(ListingBrowser.WAIT).until(() -> Files.exists(b.h.shared.resolve(
        "old/first.txt")));
    assertThat(Files.readString(b.h.shared.resolve("old/first.txt"))).isEqualTo("first v2\n");
    WebElement undo = b.waitFor(By.cssSelector(".toast:last-child button.undo"));
    assertThat(b.driver.findElement(By.cssSelector(".toast:last-child")).getText())
        .matches("(?s)Restored “first.txt” \\(change set [0-9a-f]{8}\\).*");
    await().atMost(ListingBrowser.WAIT).until(() -> b.driver.findElements(
        By.cssSelector("#deleted-files tr[data-path='old/first.txt']")).isEmpty());
    UiChecks.check(b.driver, "trash-restored");
    undo.click();
    await().atMost(ListingBrowser.WAIT).until(() -> !Files.exists(b.h.shared.resolve(
        "old/first.txt")));
    b.waitFor(By.cssSelector("#deleted-files tr[data-path='old/first.txt']"));
  }

  @Test
  void the_folder_restore_asks_first_and_offers_undo() throws Exception {
    b.h.writeShared("tt/a.txt", "a then\n");
    b.h.awaitVersions("tt/a.txt", 1);
    java.time.Instant then = b.h.store.history("tt/a.txt").get(0).time().plusMillis(1);
    b.h.writeShared("tt/a.txt", "a now\n");
    b.h.awaitVersions("tt/a.txt", 2);
    b.login("editor");
    b.open("?dir=tt&at=" + then);
    b.row("tt/a.txt");
    b.waitFor(By.id("restore-folder")).click();
    b.waitFor(By.id("restore-go")).click();
    WebElement confirm = b.waitFor(By.cssSelector("dialog[open]"));
    assertThat(confirm.getText()).contains("Undo");
    UiChecks.check(b.driver, "folder-restore-confirm");
    b.driver.findElement(By.cssSelector("dialog[open] button:not(.btn-danger)")).click();
    assertThat(Files.readString(b.h.shared.resolve("tt/a.txt"))).isEqualTo("a now\n");
    b.driver.findElement(By.id("restore-go")).click();
    b.waitFor(By.cssSelector("dialog[open] button.btn-danger")).click();
    // textContent, not getText(): the page goes back to now at once and hides the preview
    // (and its status line) with it, and Selenium's text is only what shows
    // untilAsserted: a timeout then says what the status line held ("failed: …" names why)
    await().atMost(ListingBrowser.WAIT).untilAsserted(() -> assertThat(b.driver.findElement(
        By.id("restore-status")).getAttribute("textContent")).startsWith("done"));
    assertThat(b.driver.findElement(By.id("restore-status")).getAttribute("textContent"))
        .matches(".*\\(change set [0-9a-f]{8}\\)");
    assertThat(Files.readString(b.h.shared.resolve("tt/a.txt"))).isEqualTo("a then\n");
    b.waitFor(By.cssSelector(".toast:last-child button.undo")).click();
    await().atMost(ListingBrowser.WAIT).until(() -> Files.readString(b.h.shared.resolve(
        "tt/a.txt")).equals("a now\n"));
    UiChecks.check(b.driver, "folder-restore-undone");
  }
}
