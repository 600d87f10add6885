package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks the browser tests rely on can fail: a page with an uncaught error, a missing image
 * and an unlabelled input is caught by each of them.
 */
class UiChecksIT {
  @TempDir Path tmp;

  @Test
  void eachCheckCatchesWhatItIsFor() throws Exception {
    Path page = tmp.resolve("bad.html");
    Files.writeString(page, "<!doctype html><html><head><title>t</title></head><body>"
        + "<main><input type=text><img src=missing.png></main>"
        + "<script>throw new Error('boom')</script></body></html>");
    try (HeadlessChromium chromium = new HeadlessChromium(tmp.resolve("profile"))) {
      chromium.driver.get(page.toUri().toString());
      assertThat(UiChecks.consoleErrors(chromium.driver)).anyMatch(m -> m.contains("boom"));
      assertThat(UiChecks.accessibilityViolations(chromium.driver))
          .anyMatch(v -> v.contains("label")).anyMatch(v -> v.contains("image-alt"));
      UiChecks.screenshots(chromium.driver, "uichecks-bad");
      assertThat(UiChecks.SCREENSHOTS.resolve("uichecks-bad-phone.png")).isNotEmptyFile();
      assertThat(UiChecks.SCREENSHOTS.resolve("uichecks-bad-desktop.png")).isNotEmptyFile();
    }
  }
}
