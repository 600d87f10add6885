package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.Passwords;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;

/**
 * The README's pictures of the listing (docs/SCREENSHOTS.md): a small, realistic share — a few
 * folders, office-like files, an image, notes edited several times by two people, two deleted
 * files — shown as the listing at desktop and phone width, in dark mode, a search and the
 * deleted files. Saved as {@code e2e/target/screenshots/readme-*.png}; the lead copies them to
 * {@code docs/screenshots/}. Each state also passes {@link UiChecks#check}.
 */
class ReadmeScreenshotsIT {
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

  private static byte[] picture() throws Exception {
    BufferedImage img = new BufferedImage(320, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(0x4a90d9), 0, 200, new Color(0xf2d28b)));
    g.fillRect(0, 0, 320, 200);
    g.setColor(new Color(0x2b4a6f));
    g.fillRect(0, 150, 320, 50);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void shoot(String name, Dimension size) throws Exception {
    b.driver.manage().window().setSize(size);
    b.js("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
    Path png = ((TakesScreenshot) b.driver).getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(UiChecks.SCREENSHOTS);
    Files.copy(png, UiChecks.SCREENSHOTS.resolve("readme-" + name + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void the_readme_pictures_of_the_listing() throws Exception {
    WebHarness h = b.h;
    for (String name : List.of("anna", "ben")) {
      h.store.addUser(new User(name, Passwords.hash(WebHarness.password(name).toCharArray()),
          Role.EDITOR));
    }
    Http anna = h.loggedInAs("anna");
    Http ben = h.loggedInAs("ben");
    h.writeShared("Projects/Website/index.html", "<!doctype html><title>Shop</title>\n");
    h.writeShared("Projects/Website/style.css", "body { margin: 0 }\n");
    h.writeShared("Projects/Roadmap.md", "# Roadmap\n\n- Q1: shop\n");
    h.writeShared("Finance/Invoices/INV-1042.pdf", "%PDF-1.4 invoice\n");
    Files.write(h.shared.resolve("harbour.png"), picture());
    h.writeShared("archive-2025.zip", "PK".repeat(40_000));
    anna.upload("Finance", Map.of("Budget 2026.xlsx", bytes("budget".repeat(3000))));
    ben.upload("", Map.of("Quarterly report.docx", bytes("report v1".repeat(2000))));
    anna.upload("", Map.of("Contract draft.pdf", bytes("%PDF contract".repeat(900))));
    anna.upload("", Map.of("Old logo.png", picture()));
    ben.upload("", Map.of("draft-v1.docx", bytes("draft")));
    String notes = "# Meeting notes\n\n- budget approved\n";
    for (int v = 1; v <= 4; v++) {
      notes += "- item " + v + ": " + (v % 2 == 1 ? "anna" : "ben") + " adds a line\n";
      (v % 2 == 1 ? anna : ben).upload("", Map.of("Meeting notes.md", bytes(notes)));
      h.awaitVersions("Meeting notes.md", v);
    }
    ben.upload("", Map.of("Quarterly report.docx", bytes("report v2".repeat(2100))));
    h.awaitVersions("Quarterly report.docx", 2);
    h.awaitVersions("Old logo.png", 1);
    h.awaitVersions("draft-v1.docx", 1);
    assertThat(anna.post("/api/delete", Map.of("path", "Old logo.png")).statusCode())
        .isEqualTo(200);
    assertThat(ben.post("/api/delete", Map.of("path", "draft-v1.docx")).statusCode())
        .isEqualTo(200);
    for (String p : List.of("Projects/Roadmap.md", "Finance/Invoices/INV-1042.pdf",
        "harbour.png", "archive-2025.zip", "Finance/Budget 2026.xlsx", "Contract draft.pdf")) {
      h.awaitVersions(p, 1);
    }
    h.awaitVersions("Old logo.png", 2);
    h.awaitVersions("draft-v1.docx", 2);

    b.login("anna");
    b.row("Meeting notes.md");
    await().atMost(ListingBrowser.WAIT).until(() ->
        b.driver.findElement(By.id("live")).getText().equals("live"));
    b.row("Meeting notes.md").click(); // selected, as for the versions panel
    UiChecks.check(b.driver, "readme-listing-check");
    shoot("listing", UiChecks.DESKTOP);
    shoot("listing-phone", UiChecks.PHONE);

    b.darkMode(true);
    UiChecks.check(b.driver, "readme-dark-check");
    shoot("dark", UiChecks.DESKTOP);
    b.darkMode(false);

    b.driver.findElement(By.id("search")).sendKeys("o", Keys.ENTER);
    await().atMost(ListingBrowser.WAIT).until(() -> b.driver.findElements(
        By.cssSelector("#search-list li")).size() >= 3);
    UiChecks.check(b.driver, "readme-search-check");
    shoot("search", UiChecks.DESKTOP);

    b.driver.findElement(By.id("deleted-link")).click();
    b.waitFor(By.cssSelector("#deleted-files tr[data-path='draft-v1.docx']"));
    UiChecks.check(b.driver, "readme-deleted-check");
    shoot("deleted", UiChecks.DESKTOP);
    for (String name : List.of("listing", "listing-phone", "dark", "search", "deleted")) {
      assertThat(UiChecks.SCREENSHOTS.resolve("readme-" + name + ".png")).isNotEmptyFile();
    }
  }
}
