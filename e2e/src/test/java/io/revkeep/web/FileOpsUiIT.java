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
 * File operations in the listing (issue 19): new folder (errors inside its dialog), move by the
 * "Move to…" dialog and by dragging a row onto a folder row and onto a breadcrumb, each answered
 * by a toast with Undo; upload conflicts (replace, keep both, skip, apply to all) and a failed
 * upload's red bar with the server's reason.
 */
class FileOpsUiIT {
  /** Small, so that one upload is refused. */
  static final long MAX_UPLOAD = 256 * 1024;

  @TempDir Path tmp;
  ListingBrowser b;

  @BeforeEach
  void start() throws Exception {
    b = new ListingBrowser(tmp, MAX_UPLOAD);
  }

  @AfterEach
  void stop() {
    if (b != null) {
      b.close();
    }
  }

  private void awaitFile(String rel, boolean there) {
    await().atMost(ListingBrowser.WAIT).until(() -> Files.exists(b.h.shared.resolve(rel)) == there);
  }

  /** Drags a row (its path) onto a target element, as the browser would deliver the events. */
  private void drag(String path, String targetCss) {
    b.js("const dt = new DataTransfer();"
        + "const row = [...document.querySelectorAll('#files tr[data-path]')]"
        + "  .find(r => r.dataset.path === arguments[0]);"
        + "row.dispatchEvent(new DragEvent('dragstart', {dataTransfer: dt, bubbles: true}));"
        + "const target = document.querySelector(arguments[1]);"
        + "target.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true,"
        + " cancelable: true}));"
        + "target.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true,"
        + " cancelable: true}));", path, targetCss);
  }

  @Test
  void an_editor_makes_a_folder_and_moves_files_by_dialog_and_by_dragging() throws Exception {
    b.h.writeShared("a.txt", "a\n");
    b.h.writeShared("b.txt", "b\n");
    b.h.awaitVersions("a.txt", 1);
    b.h.awaitVersions("b.txt", 1);
    b.login("editor");
    b.row("a.txt");

    // new folder: a dialog with a labelled field; the folder shows though it holds nothing yet
    b.driver.findElement(By.id("new-folder")).click();
    b.waitFor(By.id("dialog-field")).sendKeys("Reports <2026>", Keys.ENTER);
    awaitFile("Reports <2026>", true);
    assertThat(Files.isDirectory(b.h.shared.resolve("Reports <2026>"))).isTrue();
    b.row("Reports <2026>");
    // the same name again: the server's reason inside the dialog, which stays open
    b.driver.findElement(By.id("new-folder")).click();
    b.waitFor(By.id("dialog-field")).sendKeys("Reports <2026>", Keys.ENTER);
    WebElement error = b.waitFor(By.cssSelector("dialog[open] .dialog-error"));
    await().atMost(ListingBrowser.WAIT).until(() -> !error.getText().isEmpty());
    assertThat(error.getText()).doesNotContain("Exception").doesNotContain(b.h.shared.toString());
    // the refusal the test provoked is the console's only error
    assertThat(UiChecks.consoleErrors(b.driver)).singleElement().asString()
        .contains("/api/mkdir").contains("409");
    UiChecks.check(b.driver, "ops-new-folder-error");
    b.keys(Keys.ESCAPE);
    await().atMost(ListingBrowser.WAIT).until(() ->
        b.driver.findElements(By.cssSelector("dialog[open]")).isEmpty());

    // "Move to…": the row's menu, a folder picker
    b.row("a.txt").findElement(By.cssSelector("button.row-menu")).click();
    b.waitFor(By.cssSelector("#row-menu [data-action='move']")).click();
    b.waitFor(By.cssSelector("dialog[open] button[data-folder='Reports <2026>']")).click();
    await().atMost(ListingBrowser.WAIT).until(() -> b.driver.findElement(
        By.cssSelector("dialog[open] .picker-path")).getText().equals("Destination: /Reports <2026>"));
    UiChecks.check(b.driver, "ops-move-dialog");
    b.driver.findElement(By.cssSelector("dialog[open] .picker-ok")).click();
    awaitFile("Reports <2026>/a.txt", true);
    awaitFile("a.txt", false);
    await().atMost(ListingBrowser.WAIT).ignoreExceptions().until(() -> b.driver.findElement(
        By.cssSelector(".toast:last-child")).getText().startsWith("Moved “a.txt” to /Reports <2026>"));
    await().atMost(ListingBrowser.WAIT).until(() -> !b.hasRow("a.txt"));
    UiChecks.check(b.driver, "ops-moved");

    // dragging b.txt onto the folder's row
    drag("b.txt", "#files tr[data-path='Reports <2026>'] td");
    awaitFile("Reports <2026>/b.txt", true);
    assertThat(b.h.awaitVersions("Reports <2026>/b.txt", 2).get(1).user()).isEqualTo("editor");
    // and back, from inside the folder onto the breadcrumb of the root ("shared")
    b.open("?dir=" + java.net.URLEncoder.encode("Reports <2026>", "UTF-8"));
    b.row("Reports <2026>/b.txt");
    drag("Reports <2026>/b.txt", "#breadcrumbs a[data-dir='']");
    awaitFile("b.txt", true);
    awaitFile("Reports <2026>/b.txt", false);
    // the toast's Undo takes the move back
    b.waitFor(By.cssSelector(".toast:last-child button.undo")).click();
    awaitFile("Reports <2026>/b.txt", true);
    b.row("Reports <2026>/b.txt");
    UiChecks.check(b.driver, "ops-drag-undone");
  }

  private void drop(String... namesAndContents) {
    StringBuilder add = new StringBuilder();
    for (int i = 0; i < namesAndContents.length; i += 2) {
      add.append("dt.items.add(new File([").append(namesAndContents[i + 1]).append("], ")
          .append(ListingBrowser.cssString(namesAndContents[i])).append("));");
    }
    b.js("const zone = document.querySelector('#dropzone');"
        + "const dt = new DataTransfer();" + add
        + "zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true,"
        + " cancelable: true}));");
  }

  private void answer(String choice, boolean all) {
    WebElement button = b.waitFor(By.cssSelector("dialog[open] button[data-choice='" + choice
        + "']"));
    if (all) {
      b.driver.findElement(By.id("choice-all")).click();
    }
    button.click();
  }

  @Test
  void an_upload_over_existing_names_asks_and_a_refused_one_turns_red() throws Exception {
    b.h.writeShared("up/report.txt", "old report\n");
    b.h.writeShared("up/notes.txt", "old notes\n");
    b.h.awaitVersions("up/report.txt", 1);
    b.h.awaitVersions("up/notes.txt", 1);
    b.login("editor");
    b.open("?dir=up");
    b.row("up/notes.txt");

    // a batch of three, two of them there already: keep both, then replace
    drop("report.txt", "'new report\\n'", "notes.txt", "'new notes\\n'", "fresh.txt",
        "'fresh\\n'");
    WebElement dialog = b.waitFor(By.cssSelector("dialog[open]"));
    assertThat(dialog.getText()).contains("“report.txt” is already in /up")
        .contains("Apply to all 2 files that exist already");
    UiChecks.check(b.driver, "ops-upload-conflict");
    answer("both", false);
    await().atMost(ListingBrowser.WAIT).ignoreExceptions().until(() -> b.driver.findElement(
        By.cssSelector("dialog[open]")).getText().contains("“notes.txt” is already in /up"));
    answer("replace", false);
    awaitFile("up/report (2).txt", true);
    awaitFile("up/fresh.txt", true);
    b.h.awaitVersions("up/notes.txt", 2);
    assertThat(Files.readString(b.h.shared.resolve("up/notes.txt"))).isEqualTo("new notes\n");
    assertThat(Files.readString(b.h.shared.resolve("up/report.txt"))).isEqualTo("old report\n");
    assertThat(Files.readString(b.h.shared.resolve("up/report (2).txt")))
        .isEqualTo("new report\n");
    await().atMost(ListingBrowser.WAIT).until(() -> b.driver.findElements(
        By.cssSelector("#uploads li.upload.done")).size() == 3);

    // again: skip, for all of them
    drop("report.txt", "'x'", "notes.txt", "'y'");
    answer("skip", true);
    await().atMost(ListingBrowser.WAIT).until(() -> b.driver.findElements(
        By.cssSelector("#uploads li.skipped")).size() == 2);
    assertThat(b.driver.findElements(By.cssSelector("dialog[open]"))).isEmpty();
    assertThat(b.h.store.history("up/notes.txt")).hasSize(2);

    // over the limit: the bar turns red and says why, in one line
    drop("big.bin", "new Uint8Array(1024 * 1024)");
    WebElement failed = b.waitFor(By.cssSelector("#uploads li.failed[data-name='big.bin']"));
    String status = failed.findElement(By.cssSelector(".status")).getText();
    assertThat(status).startsWith("failed: ").doesNotContain("\n");
    assertThat(b.js("return getComputedStyle(arguments[0]).backgroundColor", failed.findElement(By.tagName("progress"))))
        .isEqualTo("rgb(179, 38, 30)");
    List<String> errors = UiChecks.consoleErrors(b.driver);
    assertThat(errors).allMatch(e -> e.contains("/api/upload") && e.contains("413"));
    UiChecks.check(b.driver, "ops-upload-failed");
  }
}
