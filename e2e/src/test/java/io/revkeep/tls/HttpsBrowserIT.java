package io.revkeep.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The pages over HTTPS in headless Debian Chromium (which does not know the throwaway CA, hence
 * {@code --ignore-certificate-errors}): log in, see the live feed and a new file arrive, and the
 * session cookie is Secure.
 */
class HttpsBrowserIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir Path tmp;
  private TlsHarness h;
  private ChromeDriverService service;
  private WebDriver driver;

  @BeforeEach
  void start() throws Exception {
    assertThat(CHROMIUM).as("Debian chromium (apt-get install chromium)").isExecutable();
    assertThat(CHROMEDRIVER).as("Debian chromium-driver").isExecutable();
    h = new TlsHarness(tmp.resolve("rk"));
    service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--window-size=1200,900",
        "--ignore-certificate-errors",
        "--user-data-dir=" + Files.createDirectories(tmp.resolve("chrome-profile")));
    driver = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() throws Exception {
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

  private WebElement waitFor(By by) {
    return await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
        .until(() -> driver.findElement(by), e -> e != null);
  }

  @Test
  void an_admin_logs_in_over_https_and_sees_live_updates() throws Exception {
    driver.get(h.origin() + "/");
    await().atMost(Duration.ofSeconds(15)).until(() -> driver.getCurrentUrl().contains("/login"));
    assertThat(driver.getCurrentUrl()).startsWith("https://");
    waitFor(By.id("login-user")).sendKeys("admin");
    driver.findElement(By.id("login-password")).sendKeys(TlsHarness.PASSWORD);
    driver.findElement(By.id("login-submit")).click();
    await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
        .until(() -> driver.findElement(By.id("whoami")).getText().startsWith("admin"));

    Cookie session = driver.manage().getCookieNamed("revkeep_session");
    assertThat(session).isNotNull();
    assertThat(session.isSecure()).isTrue();
    assertThat(session.isHttpOnly()).isTrue();

    await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
        .until(() -> driver.findElement(By.id("live")).getText().equals("live"));
    Files.writeString(h.shared.resolve("minutes.txt"), "agreed\n");
    waitFor(By.cssSelector("#files tr[data-path='minutes.txt']"));
  }
}
