package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A viewer cannot keep the server's CPUs busy with many diffs at once. */
class PerUserLimitTest {
  final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** A diff that runs (holding its share) until the latch opens. */
  private Future<?> heldDiff(PerUserLimit diffs, String user, CountDownLatch started,
      CountDownLatch release) {
    return pool.submit(() -> {
      try (PerUserLimit.Permit p = diffs.enter(user)) {
        started.countDown();
        release.await(20, TimeUnit.SECONDS);
      }
      return null;
    });
  }

  @Test
  void a_third_diff_of_one_user_while_two_run_is_429_and_others_are_not_affected()
      throws Exception {
    PerUserLimit diffs = new PerUserLimit(FileRoutes.DIFFS_PER_USER, "diffs");
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> a = heldDiff(diffs, "viewer", started, release);
    Future<?> b = heldDiff(diffs, "viewer", started, release);
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> diffs.enter("viewer")).isInstanceOfSatisfying(HttpError.class,
        e -> {
          assertThat(e.status).isEqualTo(429);
          assertThat(e.getMessage()).contains("2 diffs running already");
        });
    try (PerUserLimit.Permit other = diffs.enter("editor")) {
      assertThat(diffs.running("editor")).isEqualTo(1);
    }

    release.countDown();
    a.get(10, TimeUnit.SECONDS);
    b.get(10, TimeUnit.SECONDS);
    assertThat(diffs.running("viewer")).isZero();
    try (PerUserLimit.Permit again = diffs.enter("viewer")) {
      assertThat(diffs.running("viewer")).isEqualTo(1);
    }
  }

  @Test
  void closing_a_permit_twice_frees_one_share_only() {
    PerUserLimit diffs = new PerUserLimit(2, "diffs");
    PerUserLimit.Permit first = diffs.enter("u");
    PerUserLimit.Permit second = diffs.enter("u");
    first.close();
    first.close();
    assertThat(diffs.running("u")).isEqualTo(1);
    second.close();
    assertThat(diffs.running("u")).isZero();
  }
}
