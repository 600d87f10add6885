package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.Passwords;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The users page in Chromium: never shown to a viewer or an editor (a 403 page from the server,
 * no link in the header), and for an admin a password reset in a form (typed twice), role changes
 * and removals that ask first, by keyboard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminUiIT {
  WebHarness h;
  HeadlessChromium chromium;
  PageSession p;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    h = new WebHarness(tmp.resolve("rk"), 1L << 20, false);
    // whose password the admin resets (the other test logs the three usual users in)
    h.store.addUser(new User("clerk", Passwords.hash("clerk-password".toCharArray()), Role.EDITOR));
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

  private Role role(String user) {
    return h.store.user(user).orElseThrow().role();
  }

  @Test
  void viewers_and_editors_never_get_the_users_page() throws Exception {
    for (String user : new String[] {"viewer", "editor"}) {
      HttpResponse<String> page = h.loggedInAs(user).get("/admin");
      assertThat(page.statusCode()).isEqualTo(403);
      assertThat(page.body()).contains("Only admins manage users").doesNotContain("add-user")
          .doesNotContain("admin.js");
    }
    p.login("viewer");
    p.open("/");
    p.otherPagesErrorsRead();
    assertThat(p.driver.findElement(By.id("admin-link")).isDisplayed()).isFalse();
    assertThat(p.driver.findElement(By.id("account-link")).isDisplayed()).isTrue();
    p.driver.get(p.base + "/admin");
    p.waitUntilText(By.tagName("h1"), "Only admins manage users");
    assertThat(p.driver.findElements(By.id("add-user"))).isEmpty();
    // the browser reports the page's own 403; nothing else may fail
    assertThat(UiChecks.consoleErrors(p.driver)).allMatch(m -> m.contains("/admin")
        && m.contains("403"));
    UiChecks.check(p.driver, "admin-forbidden");
  }

  @Test
  void an_admin_resets_a_password_in_a_form_and_changes_roles_and_removes_users_after_asking()
      throws Exception {
    p.login("admin");
    p.open("/");
    p.otherPagesErrorsRead();
    p.tabTo(By.id("admin-link"));
    p.press(Keys.ENTER);
    p.waitFor(By.cssSelector("#users tr[data-user='viewer']"));
    UiChecks.check(p.driver, "admin-page");

    // a password reset: typed twice in a form; a mismatch is said inline
    p.tabTo(By.cssSelector("#users tr[data-user='clerk'] button.reset"));
    p.press(Keys.ENTER);
    p.waitFor(By.cssSelector("dialog[open] #reset-password"));
    assertThat(p.focused().getAttribute("id")).isEqualTo("reset-password");
    p.press("brand-new-pass");
    p.press(Keys.TAB);
    p.press("brand-new-pazz");
    p.press(Keys.ENTER);
    p.waitUntilText(By.id("reset-error"), "differ");
    UiChecks.check(p.driver, "admin-reset-form");
    p.driver.findElement(By.id("reset-password-again")).clear();
    p.driver.findElement(By.id("reset-password-again")).sendKeys("brand-new-pass", Keys.ENTER);
    await().atMost(Duration.ofSeconds(5))
        .until(() -> p.driver.findElements(By.cssSelector("dialog[open]")).isEmpty());
    p.waitUntilText(By.id("toasts"), "The password of clerk is changed");
    await().atMost(Duration.ofSeconds(5)).until(() ->
        new Http(h.base()).login("clerk", "brand-new-pass").statusCode() == 200);

    // a role change asks first: Escape keeps the role, Enter applies it
    p.tabTo(By.cssSelector("#users tr[data-user='viewer'] select.role"));
    p.press(Keys.ARROW_UP); // viewer → editor
    p.waitFor(By.cssSelector("dialog[open]"));
    assertThat(p.driver.findElement(By.cssSelector("dialog[open]")).getText())
        .contains("Change the role of viewer?").contains("becomes an editor");
    UiChecks.check(p.driver, "admin-role-confirm");
    p.press(Keys.ESCAPE);
    await().atMost(Duration.ofSeconds(5))
        .until(() -> p.driver.findElements(By.cssSelector("dialog[open]")).isEmpty());
    assertThat(role("viewer")).isEqualTo(Role.VIEWER);
    assertThat(p.driver.findElement(By.cssSelector("#users tr[data-user='viewer'] select.role"))
        .getAttribute("value")).isEqualTo("viewer");
    p.tabTo(By.cssSelector("#users tr[data-user='viewer'] select.role"));
    p.press(Keys.ARROW_UP);
    p.waitFor(By.cssSelector("dialog[open]"));
    p.press(Keys.ENTER);
    await().atMost(Duration.ofSeconds(5)).until(() -> role("viewer") == Role.EDITOR);

    // a new user, then removed after asking
    p.tabTo(By.id("new-name"));
    p.press("temp-user");
    p.press(Keys.TAB);
    p.press("temp-user-password");
    p.press(Keys.ENTER);
    p.waitFor(By.cssSelector("#users tr[data-user='temp-user']"));
    p.tabTo(By.cssSelector("#users tr[data-user='temp-user'] button.remove"));
    p.press(Keys.ENTER);
    p.waitFor(By.cssSelector("dialog[open]"));
    assertThat(p.driver.findElement(By.cssSelector("dialog[open]")).getText())
        .contains("Remove temp-user?");
    p.press(Keys.ENTER);
    await().atMost(Duration.ofSeconds(5)).until(() -> h.store.user("temp-user").isEmpty());
    await().atMost(Duration.ofSeconds(5)).until(() -> p.driver.findElements(
        By.cssSelector("#users tr[data-user='temp-user']")).isEmpty());
    UiChecks.check(p.driver, "admin-removed");
  }
}
