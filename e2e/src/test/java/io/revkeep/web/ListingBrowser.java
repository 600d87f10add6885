package io.revkeep.web;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The listing page's browser tests' shared steps: a real revkeep ({@link WebHarness}) and a
 * {@link HeadlessChromium}, logging in, waiting for rows, keys to the focused element, dark mode.
 */
final class ListingBrowser implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(15);
  final WebHarness h;
  final HeadlessChromium chromium;
  final WebDriver driver;

  ListingBrowser(Path tmp, long maxUpload) throws Exception {
    h = new WebHarness(tmp.resolve("rk"), maxUpload, false);
    chromium = new HeadlessChromium(tmp.resolve("chrome-profile"));
    driver = chromium.driver;
    driver.manage().window().setSize(UiChecks.DESKTOP);
  }

  void login(String user) {
    driver.get(h.base() + "/login");
    waitFor(By.id("login-user")).sendKeys(user);
    driver.findElement(By.id("login-password")).sendKeys(WebHarness.password(user));
    driver.findElement(By.id("login-submit")).click();
    await().atMost(WAIT).ignoreExceptions()
        .until(() -> driver.findElement(By.id("whoami")).getText().startsWith(user));
  }

  void open(String query) {
    driver.get(h.base() + "/" + query);
    await().atMost(WAIT).ignoreExceptions()
        .until(() -> driver.findElement(By.id("whoami")).getText().length() > 0);
  }

  WebElement waitFor(By by) {
    return await().atMost(WAIT).ignoreExceptions()
        .until(() -> driver.findElement(by), e -> e != null && e.isDisplayed());
  }

  /** A row of the listing, once shown. */
  WebElement row(String path) {
    try {
      return waitFor(By.cssSelector("#files tr[data-path=" + cssString(path) + "]"));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("no row " + path + " on " + driver.getCurrentUrl() + "; message: "
          + js("const m = document.querySelector('#message'); return m && m.textContent")
          + "; console: " + UiChecks.consoleErrors(driver) + "; rows: "
          + js("return [...document.querySelectorAll('#files tr')].map(r => r.dataset.path)"), e);
    }
  }

  boolean hasRow(String path) {
    return !driver.findElements(By.cssSelector("#files tr[data-path=" + cssString(path) + "]"))
        .isEmpty();
  }

  static String cssString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  WebElement focused() {
    return driver.switchTo().activeElement();
  }

  /** Keys typed to whatever has the focus, as a keyboard would. */
  void keys(CharSequence... keys) {
    new Actions(driver).sendKeys(keys).perform();
  }

  /** Tab until the focused element matches the CSS selector (at most max presses). */
  WebElement tabTo(String css, int max) {
    for (int i = 0; i < max; i++) {
      if ((Boolean) js("return document.activeElement.matches(arguments[0])", css)) {
        return focused();
      }
      keys(Keys.TAB);
    }
    throw new AssertionError("no " + css + " within " + max + " tabs; focus on "
        + js("return document.activeElement.outerHTML.slice(0, 200)"));
  }

  /** The page as a browser preferring a dark colour scheme shows it (or light again). */
  void darkMode(boolean dark) {
    ((ChromeDriver) driver).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
        List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
  }

  @Override
  public void close() {
    chromium.close();
    h.close();
  }
}
