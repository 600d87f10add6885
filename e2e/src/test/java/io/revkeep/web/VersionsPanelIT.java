package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.model.VersionRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The versions panel in Chromium against a real web server and listener: full-page on the file
 * page (history newest first with who, when, origin, size; restore asked first and undone from
 * the toast; compare side by side with words marked; preview; "as of" refusing the future),
 * every action by keyboard; a renamed path and an unknown one; image versions with thumbnails
 * compared side by side; and the same panel beside the listing, opened by the listing's
 * 'revkeep:select' event. Saves the README's pictures of the panel, a diff and an image compare.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VersionsPanelIT {
  WebHarness h;
  HeadlessChromium chromium;
  PageSession p;

  static final List<String> NOTES = List.of(
      "Meeting notes\n\nAttendees: Ana, Ben\nBudget: 1200 EUR for the spring campaign\n"
          + "Next meeting on Monday at 10:00\n",
      "Meeting notes\n\nAttendees: Ana, Ben\nBudget: 1500 EUR for the spring campaign\n"
          + "Next meeting on Monday at 10:00\nPrint the flyers by Friday\n",
      "Meeting notes\n\nAttendees: Ana, Ben, Chloé\nBudget: 1500 EUR for the spring campaign\n"
          + "Next meeting on Monday at 10:00\nPrint the flyers by Friday\n",
      "Meeting notes\n\nAttendees: Ana, Ben, Chloé\nBudget: 1500 EUR for the spring campaign\n"
          + "Next meeting on Tuesday at 14:00\nPrint the flyers by Friday\n");

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    h = new WebHarness(tmp.resolve("rk"), 16L << 20, false);
    Http editor = h.loggedInAs("editor");
    Http admin = h.loggedInAs("admin");
    // two files of four versions by two users, through the web (origin "web")
    for (String name : List.of("notes.txt", "plan <draft> & co.txt")) {
      for (int i = 0; i < NOTES.size(); i++) {
        Http who = i % 2 == 0 ? editor : admin;
        assertThat(who.upload(null, Map.of(name, NOTES.get(i).getBytes(StandardCharsets.UTF_8)))
            .statusCode()).isEqualTo(200);
        h.awaitVersions(name, i + 1);
      }
    }
    h.writeShared("logo.png", picture(new Color(0x2f5fd0), false));
    h.awaitVersions("logo.png", 1);
    h.writeShared("logo.png", picture(new Color(0xd0702f), true));
    h.awaitVersions("logo.png", 2);
    chromium = new HeadlessChromium(tmp.resolve("profile"));
    chromium.driver.manage().window().setSize(UiChecks.DESKTOP);
    p = new PageSession(chromium, h);
  }

  @AfterAll
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
    h.close();
  }

  static byte[] picture(Color c, boolean ring) throws Exception {
    BufferedImage img = new BufferedImage(480, 320, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(0xf6f7f9));
    g.fillRect(0, 0, 480, 320);
    g.setColor(c);
    g.fillRoundRect(140, 60, 200, 200, 40, 40);
    if (ring) {
      g.setStroke(new BasicStroke(14));
      g.setColor(new Color(0x24324a));
      g.drawOval(90, 20, 300, 280);
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private List<WebElement> versions() {
    return p.driver.findElements(By.cssSelector("#versions-list li.version"));
  }

  private void awaitVersionsShown(int n) {
    await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> versions().size() == n
        && versions().get(0).getAttribute("data-version").equals(Integer.toString(n)));
  }

  @Test
  void on_the_file_page_an_editor_restores_undoes_compares_and_previews_by_keyboard()
      throws Exception {
    p.login("editor");
    p.open("/file?path=notes.txt");
    awaitVersionsShown(4);
    assertThat(versions()).extracting(li -> li.getAttribute("data-version"))
        .containsExactly("4", "3", "2", "1");
    WebElement newest = versions().get(0);
    assertThat(newest.getText()).contains("Version 4").contains("current").contains("admin")
        .contains("web").contains(" B");
    assertThat(versions().get(1).getText()).contains("editor");
    assertThat(newest.findElement(By.tagName("time")).getAttribute("title")).isNotBlank();
    assertThat(newest.findElements(By.cssSelector("button.restore"))).isEmpty(); // it is current
    // the page previews the newest version by itself
    p.waitUntilText(By.cssSelector("#preview pre"), "Tuesday at 14:00");
    UiChecks.check(p.driver, "versions-file-page");

    // "as of" a moment to come is refused with a clear message
    p.js("document.querySelector('#asof-input').value = '2999-01-01T10:00:00'");
    p.tabTo(By.cssSelector("#asof button[type=submit]"));
    p.press(Keys.ENTER);
    p.waitUntilText(By.id("asof-msg"), "in the future");

    // restore version 2: asked first; Escape cancels and nothing happens
    p.tabTo(By.cssSelector("#versions-list li[data-version='2'] button.restore"));
    p.press(Keys.ENTER);
    WebElement dialog = p.waitFor(By.cssSelector("dialog[open]"));
    assertThat(dialog.getText()).contains("Restore version 2?");
    assertThat(p.focused().getText()).isEqualTo("Restore");
    UiChecks.check(p.driver, "versions-restore-confirm");
    p.press(Keys.ESCAPE);
    await().atMost(Duration.ofSeconds(5))
        .until(() -> p.driver.findElements(By.cssSelector("dialog[open]")).isEmpty());
    assertThat(h.store.history("notes.txt")).hasSize(4);
    // ... and Enter on the focused "Restore" does it: version 5, by the editor, from the web
    p.tabTo(By.cssSelector("#versions-list li[data-version='2'] button.restore"));
    p.press(Keys.ENTER);
    p.waitFor(By.cssSelector("dialog[open]"));
    p.press(Keys.ENTER);
    List<VersionRecord> history = h.awaitVersions("notes.txt", 5);
    assertThat(history.get(4).hash()).isEqualTo(history.get(1).hash());
    assertThat(history.get(4).user()).isEqualTo("editor");
    awaitVersionsShown(5);
    WebElement undo = p.waitFor(By.cssSelector("#toasts .toast button.undo"));
    assertThat(p.driver.findElement(By.id("toasts")).getText()).contains("Restored version 2");
    UiChecks.check(p.driver, "versions-restored");

    // Undo from the toast, by keyboard: the content of version 4 comes back as version 6
    p.tabTo(By.cssSelector("#toasts .toast button.undo"));
    assertThat(p.focused()).isEqualTo(undo);
    p.press(Keys.ENTER);
    history = h.awaitVersions("notes.txt", 6);
    assertThat(history.get(5).hash()).isEqualTo(history.get(3).hash());
    assertThat(Files.readString(h.shared.resolve("notes.txt"))).isEqualTo(NOTES.get(3));
    awaitVersionsShown(6);

    // compare version 4 with the one before: two columns, the changed words marked
    p.tabTo(By.cssSelector("#versions-list li[data-version='4'] button.compare"));
    p.press(Keys.ENTER);
    p.waitFor(By.cssSelector("dialog[open] table.sbs"));
    List<String> removed = p.driver.findElements(By.cssSelector("table.sbs td.old del")).stream()
        .map(WebElement::getText).toList();
    List<String> added = p.driver.findElements(By.cssSelector("table.sbs td.new ins")).stream()
        .map(WebElement::getText).toList();
    assertThat(removed).contains("Monday", "10");
    assertThat(added).contains("Tuesday", "14");
    assertThat(p.driver.findElement(By.cssSelector("table.sbs tr.change td.old")).getText())
        .isEqualTo("Next meeting on Monday at 10:00");
    UiChecks.check(p.driver, "versions-compare");
    p.shot("readme-diff");
    // another pair, chosen in the dialog: 1 against 4
    new org.openqa.selenium.support.ui.Select(p.driver.findElement(By.id("compare-from")))
        .selectByValue("1");
    p.tabTo(By.cssSelector("dialog[open] .compare-pick button[type=submit]"));
    p.press(Keys.ENTER);
    p.waitUntilText(By.cssSelector("table.sbs caption"), "Version 1 (left) and version 4");
    assertThat(p.driver.findElements(By.cssSelector("table.sbs td.new ins")).stream()
        .map(WebElement::getText)).contains("1500").anyMatch(w -> w.contains("Chloé"));
    p.press(Keys.ESCAPE);
    await().atMost(Duration.ofSeconds(5))
        .until(() -> p.driver.findElements(By.cssSelector("dialog[open]")).isEmpty());

    // preview an old version
    p.tabTo(By.cssSelector("#versions-list li[data-version='1'] button.preview"));
    p.press(Keys.ENTER);
    p.waitUntilText(By.cssSelector("#preview pre"), "1200 EUR");
    assertThat(p.driver.findElement(By.cssSelector("#preview h3")).getText())
        .isEqualTo("Preview of version 1");
  }

  @Test
  void an_old_path_says_where_the_file_went_and_an_unknown_one_says_there_is_none()
      throws Exception {
    h.writeShared("docs/budget.txt", "draft\n");
    h.awaitVersions("docs/budget.txt", 1);
    Files.createDirectories(h.shared.resolve("archive"));
    Files.move(h.shared.resolve("docs/budget.txt"), h.shared.resolve("archive/budget 2026.txt"));
    await().atMost(Duration.ofSeconds(20))
        .until(() -> h.store.file("archive/budget 2026.txt").isPresent());
    p.login("viewer");

    p.open("/file?path=docs/budget.txt");
    WebElement link = p.waitFor(By.cssSelector("#versions-state a.moved-to"));
    assertThat(p.driver.findElement(By.id("versions-state")).getText())
        .isEqualTo("This file was renamed or moved to archive/budget 2026.txt.");
    UiChecks.check(p.driver, "versions-moved");
    link.click();
    awaitVersionsShown(2);
    assertThat(p.driver.getCurrentUrl()).endsWith("/file?path=archive%2Fbudget%202026.txt");
    assertThat(versions().get(0).getText()).contains("renamed");
    assertThat(p.driver.findElements(By.cssSelector("button.restore"))).isEmpty(); // a viewer
    assertThat(p.driver.findElements(By.cssSelector("a.download"))).hasSize(2);

    p.open("/file?path=docs/never-was.txt");
    p.waitUntilText(By.id("versions-state"), "No such file");
    UiChecks.check(p.driver, "versions-no-such-file");
  }

  @Test
  void image_versions_show_thumbnails_and_compare_side_by_side_and_the_panel_opens_beside_the_listing()
      throws Exception {
    p.login("editor");
    p.open("/file?path=logo.png");
    awaitVersionsShown(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> p.driver.findElements(
        By.cssSelector("#versions-list img.thumb")).stream().allMatch(i -> Boolean.TRUE.equals(
            p.js("return arguments[0].complete && arguments[0].naturalWidth === 256", i))));
    p.tabTo(By.cssSelector("#versions-list li[data-version='2'] button.compare"));
    p.press(Keys.ENTER);
    List<WebElement> imgs = await().atMost(Duration.ofSeconds(10)).until(
        () -> p.driver.findElements(By.cssSelector("dialog[open] .image-compare img")),
        l -> l.size() == 2 && l.stream().allMatch(i -> Boolean.TRUE.equals(
            p.js("return arguments[0].complete && arguments[0].naturalWidth === 480", i))));
    assertThat(imgs.get(0).getAttribute("src")).contains("version=1");
    assertThat(imgs.get(1).getAttribute("src")).contains("version=2");
    UiChecks.check(p.driver, "versions-image-compare");
    p.shot("readme-image-compare");
    p.press(Keys.ESCAPE);

    // beside the listing: the listing's page with the panel's aside and script, as merged
    p.open("/");
    p.waitFor(By.cssSelector("#files tr[data-path='notes.txt']"));
    p.otherPagesErrorsRead();
    p.js("if (!document.querySelector('#versions-panel')) {"
        + " const a = document.createElement('aside'); a.id = 'versions-panel';"
        + " a.className = 'versions-panel'; a.hidden = true; a.setAttribute('aria-label', 'versions');"
        + " document.body.append(a); }"
        + "if (typeof VersionsPanel === 'undefined') {"
        + " const s = document.createElement('script'); s.src = '/static/versions-panel.js';"
        + " document.head.append(s); }");
    await().atMost(Duration.ofSeconds(5))
        .until(() -> "object".equals(p.js("return typeof VersionsPanel")));
    p.js("document.querySelector('#filter').focus();"
        + "document.dispatchEvent(new CustomEvent('revkeep:select',"
        + " {detail: {path: 'plan <draft> & co.txt'}}))");
    WebElement aside = p.waitFor(By.id("versions-panel"));
    awaitVersionsShown(4);
    assertThat(p.driver.findElement(By.id("versions-title")).getText())
        .isEqualTo("plan <draft> & co.txt");
    assertThat(p.js("return document.body.classList.contains('panel-open')")).isEqualTo(true);
    assertThat(p.focused().getAttribute("id")).isEqualTo("versions-title");
    UiChecks.check(p.driver, "versions-panel-listing");
    p.js("document.activeElement.blur()");
    p.shot("readme-versions-panel");
    // on a phone the panel takes the whole width
    p.driver.manage().window().setSize(UiChecks.PHONE);
    await().atMost(Duration.ofSeconds(5)).until(() -> Boolean.TRUE.equals(p.js(
        "return Math.abs(arguments[0].getBoundingClientRect().width - document.documentElement"
            + ".clientWidth) < 2", aside)));
    p.driver.manage().window().setSize(UiChecks.DESKTOP);
    // Escape closes it and gives the focus back to where it was
    p.press(Keys.ESCAPE);
    await().atMost(Duration.ofSeconds(5)).until(() -> !aside.isDisplayed());
    assertThat(p.js("return document.body.classList.contains('panel-open')")).isEqualTo(false);
    assertThat(p.focused().getAttribute("id")).isEqualTo("filter");
    // the close button, by keyboard
    p.js("document.dispatchEvent(new CustomEvent('revkeep:select', {detail: {path: 'notes.txt'}}))");
    p.waitFor(By.id("versions-panel"));
    p.tabTo(By.cssSelector("#versions-panel .panel-close"));
    p.press(Keys.ENTER);
    await().atMost(Duration.ofSeconds(5)).until(() -> !aside.isDisplayed());
    UiChecks.assertNoConsoleErrors(p.driver);
  }
}
