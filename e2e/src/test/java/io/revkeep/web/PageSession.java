package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * One person in a browser on a {@link WebHarness}'s web: logs in through the login page, waits
 * for elements with a deadline, and uses the keyboard (Tab, Enter, Escape) the way someone
 * without a mouse does. For the versions panel's, account and admin pages' browser tests.
 */
final class PageSession {
  final ChromeDriver driver;
  final String base;

  PageSession(HeadlessChromium chromium, WebHarness h) {
    this.driver = chromium.driver;
    this.base = h.base();
  }

  void login(String user, String password) {
    driver.manage().deleteAllCookies();
    // to the account page (it declares its icon; the listing, not this test's, may not yet)
    driver.get(base + "/login?next=%2Faccount");
    waitFor(By.id("login-user")).sendKeys(user);
    driver.findElement(By.id("login-password")).sendKeys(password);
    driver.findElement(By.id("login-submit")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> !driver.getCurrentUrl().contains("/login"));
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .until(() -> !driver.findElement(By.id("whoami")).getText().isEmpty());
    otherPagesErrorsRead();
  }

  /**
   * Reads the console's errors so far, failing on any but the favicon's 404: the login and
   * listing pages are not this test's (their favicon is issue 19's listing work); the pages this
   * test checks declare their icon, and UiChecks then sees every error of theirs.
   */
  void otherPagesErrorsRead() {
    assertThat(UiChecks.consoleErrors(driver)).allMatch(m -> m.contains("/favicon.ico"));
  }

  void login(String user) {
    login(user, WebHarness.password(user));
  }

  /** Opens a page and waits until its header says who is logged in. */
  void open(String pathAndQuery) {
    driver.get(base + pathAndQuery);
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .until(() -> !driver.findElement(By.id("whoami")).getText().isEmpty());
  }

  WebElement waitFor(By by) {
    return await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .until(() -> driver.findElement(by), e -> e != null && e.isDisplayed());
  }

  void waitUntilText(By by, String contains) {
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .until(() -> driver.findElement(by).getText().contains(contains));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** The element that has the keyboard focus now. */
  WebElement focused() {
    return driver.switchTo().activeElement();
  }

  /** Presses Tab until the element matching {@code by} has the focus (at most 60 times). */
  WebElement tabTo(By by) {
    waitFor(by);
    for (int i = 0; i < 80; i++) {
      // found again each time: a live update may have drawn the list anew
      List<WebElement> now = driver.findElements(by);
      if (!now.isEmpty() && focused().equals(now.get(0))) {
        return now.get(0);
      }
      new Actions(driver).sendKeys(Keys.TAB).perform();
    }
    throw new AssertionError("Tab never reached " + by + "; the focus is on "
        + js("const e = document.activeElement; return e.outerHTML.slice(0, 200)"));
  }

  void press(CharSequence key) {
    new Actions(driver).sendKeys(key).perform();
  }

  /** Saves the page as it is now at desktop width as {@code NAME.png} (a README picture). */
  void shot(String name) throws IOException {
    driver.manage().window().setSize(UiChecks.DESKTOP);
    js("window.scrollTo(0, 0); return document.body.offsetHeight");
    Files.createDirectories(UiChecks.SCREENSHOTS);
    Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(png, UiChecks.SCREENSHOTS.resolve(name + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
  }
}
