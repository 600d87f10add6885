package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * What every browser test checks on every page it shows (issue 19's "must show"): no error in
 * the page's console, no serious or critical accessibility violation found by axe-core, and a
 * screenshot at desktop and at phone width kept as a test artefact under
 * {@code e2e/target/screenshots/}. Needs a driver made by {@link HeadlessChromium} (it asks
 * Chromium to keep the console's log).
 */
final class UiChecks {
  /** Where the screenshots go (a test artefact; the README's are copied from here). */
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  /** A desktop browser window. */
  static final Dimension DESKTOP = new Dimension(1280, 900);
  /** A phone held upright (CSS pixels of a common phone). */
  static final Dimension PHONE = new Dimension(390, 844);

  private static final Set<String> BLOCKING = Set.of("serious", "critical");

  private UiChecks() {}

  /**
   * The console's errors since the last call (Chromium hands each entry out once): messages
   * logged at SEVERE, which is how it reports uncaught exceptions, failed resource loads (a 404
   * favicon too) and console.error. Expected failures a test provokes (a 4xx it asks for) show
   * here as well; such a test filters them itself.
   */
  static List<String> consoleErrors(WebDriver driver) {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .collect(Collectors.toList());
  }

  /** Fails when the console logged an error since the last read. */
  static void assertNoConsoleErrors(WebDriver driver) {
    assertThat(consoleErrors(driver)).as("console errors on " + driver.getCurrentUrl()).isEmpty();
  }

  /** The serious and critical violations axe-core finds on the page as it is now, one line each. */
  static List<String> accessibilityViolations(WebDriver driver) {
    Results results = new AxeBuilder().analyze(driver);
    return results.getViolations().stream()
        .filter(r -> BLOCKING.contains(r.getImpact()))
        .map(UiChecks::describe)
        .collect(Collectors.toList());
  }

  /** Fails when axe-core finds a serious or critical violation on the page as it is now. */
  static void assertAccessible(WebDriver driver) {
    assertThat(accessibilityViolations(driver)).as("axe-core on " + driver.getCurrentUrl()).isEmpty();
  }

  /**
   * Saves the page as {@code NAME-desktop.png} and {@code NAME-phone.png}; the window is left at
   * desktop size. Layout is given a frame to settle after each resize.
   */
  static void screenshots(WebDriver driver, String name) throws IOException {
    shoot(driver, PHONE, name + "-phone");
    shoot(driver, DESKTOP, name + "-desktop");
  }

  /**
   * All three checks on the page as it is now: screenshots at both widths, axe-core at both
   * widths (the phone layout hides and moves things), and the console.
   */
  static void check(WebDriver driver, String name) throws IOException {
    driver.manage().window().setSize(PHONE);
    settle(driver);
    assertAccessible(driver);
    screenshots(driver, name);
    assertAccessible(driver);
    assertNoConsoleErrors(driver);
  }

  private static void shoot(WebDriver driver, Dimension size, String file) throws IOException {
    driver.manage().window().setSize(size);
    settle(driver);
    Files.createDirectories(SCREENSHOTS);
    Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(png, SCREENSHOTS.resolve(file + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Waits for two animation frames: the layout after a resize has been computed and painted. */
  private static void settle(WebDriver driver) {
    ((org.openqa.selenium.JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "requestAnimationFrame(() => requestAnimationFrame(() => done(true)));");
  }

  private static String describe(Rule r) {
    String where = r.getNodes().stream().limit(3)
        .map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", "));
    return r.getImpact() + " " + r.getId() + ": " + r.getHelp() + " at " + where;
  }
}
