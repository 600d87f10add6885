package io.revkeep.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.backup.RetentionPolicy.Removal;
import io.revkeep.backup.RetentionPolicy.Version;
import io.revkeep.config.Config;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every retention policy as a table: a fixed {@code now}, literal version lists, and the versions
 * each removes (as Syncthing's {@code staggered_test.go}).
 */
class RetentionTest {
  private static final Instant NOW = Instant.parse("2026-04-15T14:00:00Z");

  private static Instant ago(String d) {
    return NOW.minus(Duration.parse(d));
  }

  private static Version v(String file, int version, String age, long size) {
    return Version.of(file, version, "h-" + file + "-" + version, size, ago(age));
  }

  private static Version v(String file, int version, String age) {
    return v(file, version, age, 10);
  }

  private static List<String> removed(RetentionPolicy p, List<Version> versions) {
    return p.toRemove(versions, NOW).stream().map(r -> r.version().toString()).toList();
  }

  @Test
  void staggered_keeps_one_version_per_step_of_each_age_interval() {
    List<Version> a = List.of(
        v("a", 1, "P40D"),                        // oldest: always kept
        v("a", 2, "P36D"),                        // 4 d after v1, step 1 w    → removed
        v("a", 3, "P32D"),                        // 8 d after v1              → kept
        v("a", 4, "P10DT1H"),                     // step 1 d, 22 d after v3   → kept
        v("a", 5, "P10D"),                        // 1 h after v4              → removed
        v("a", 6, "PT5H"),                        // step 1 h                  → kept
        v("a", 7, "PT4H30M"),                     // 30 min after v6           → removed
        v("a", 8, "PT4H"),                        // 1 h after v6              → kept
        v("a", 9, "PT50M"),                       // step 30 s                 → kept
        v("a", 10, "PT49M50S"),                   // 10 s after v9             → removed
        v("a", 11, "PT49M20S"),                   // 40 s after v9             → kept
        v("a", 12, "PT10S"),                      //                           → kept
        v("a", 13, "PT0S").keep("the current content")); // 10 s after v12, but current
    List<Version> b = List.of(v("b", 1, "PT49M55S"), v("b", 2, "PT49M45S")); // another file

    List<Version> all = new ArrayList<>(a);
    all.addAll(1, b);

    assertThat(removed(new StaggeredRetention(), all))
        .containsExactly("b v2", "a v2", "a v5", "a v7", "a v10"); // in the input's order
  }

  @Test
  void staggered_reasons_name_the_neighbour_and_the_interval() {
    List<Removal> r = new StaggeredRetention().toRemove(
        List.of(v("a", 1, "PT5H"), v("a", 2, "PT4H30M")), NOW);

    assertThat(r).extracting(Removal::reason).containsExactly(
        "within 1h of v1 (versions aged up to 1d are kept one per 1h)");
  }

  @Test
  void staggered_counts_a_pinned_version_as_kept_when_spacing_the_next() {
    List<Version> a = List.of(v("a", 9, "PT50M"), v("a", 10, "PT49M50S").keep("pinned"),
        v("a", 11, "PT49M20S"), v("a", 12, "PT49M"));

    // v10 stays (pinned) and becomes the neighbour: v11 is 30 s after it, v12 20 s after v11
    assertThat(removed(new StaggeredRetention(), a)).containsExactly("a v12");
  }

  @Test
  void count_keeps_the_newest_n_versions_of_each_file() {
    List<Version> versions = List.of(v("a", 1, "PT5H"), v("a", 2, "PT4H"), v("a", 3, "PT3H"),
        v("a", 4, "PT2H"), v("a", 5, "PT1H").keep("the current content"),
        v("b", 1, "PT1H"), v("b", 2, "PT1M"));

    assertThat(removed(new CountRetention(2), versions)).containsExactly("a v1", "a v2", "a v3");
    assertThat(new CountRetention(2).toRemove(versions, NOW).get(0).reason())
        .isEqualTo("not among the newest 2 versions of a");
    assertThat(removed(new CountRetention(1), versions))
        .containsExactly("a v1", "a v2", "a v3", "a v4", "b v1");
    assertThat(removed(new CountRetention(0), versions)).isEmpty();
  }

  @Test
  void max_age_removes_what_is_older_than_it() {
    List<Version> versions = List.of(v("a", 1, "P31D"), v("a", 2, "P30DT1S"), v("a", 3, "P30D"),
        v("a", 4, "P29D"), v("b", 1, "P400D").keep("the current content"));

    List<Removal> r = new MaxAgeRetention(Duration.ofDays(30)).toRemove(versions, NOW);

    assertThat(r).extracting(x -> x.version().toString()).containsExactly("a v1", "a v2");
    assertThat(r.get(0).reason()).isEqualTo("older than max_age 30d (age 31d)");
  }

  @Test
  void quota_removes_the_oldest_versions_of_any_file_until_the_total_fits() {
    List<Version> versions = List.of(
        v("a", 1, "PT5H", 400), v("b", 1, "PT6H", 300).keep("the current content"),
        v("a", 2, "PT4H", 200), v("b", 2, "PT3H", 100), v("a", 3, "PT1H", 100));
    // total 1100; the oldest is b v1 (kept), then a v1 (−400 → 700), then a v2 (−200 → 500)

    assertThat(removed(new QuotaRetention(500), versions)).containsExactly("a v1", "a v2");
    assertThat(removed(new QuotaRetention(1100), versions)).isEmpty();
    assertThat(removed(new QuotaRetention(1), versions)).containsExactly("a v1", "a v2", "b v2",
        "a v3");
    assertThat(new QuotaRetention(500).toRemove(versions, NOW).get(0).reason())
        .isEqualTo("oldest while over the quota of 500 bytes (versions total 1100 bytes)");
  }

  @Test
  void configured_policies_apply_one_after_the_other_each_removal_once() {
    Config.Revisions r = new Config.Revisions(3, ".rev", false, Config.RetentionKind.COUNT,
        Duration.ofDays(30), 250);
    RetentionPolicy p = RetentionPolicy.from(r);
    List<Version> versions = List.of(v("a", 1, "P40D", 100), v("a", 2, "P35D", 100),
        v("a", 3, "P2D", 100), v("a", 4, "P1D", 100), v("a", 5, "PT1H", 100));

    // count 3 takes v1, v2; max_age has nothing left to take; the quota takes v3 (300 → 200)
    assertThat(p.toRemove(versions, NOW)).extracting(Removal::toString).containsExactly(
        "a v1: not among the newest 3 versions of a",
        "a v2: not among the newest 3 versions of a",
        "a v3: oldest while over the quota of 250 bytes (versions total 300 bytes)");
    assertThat(p.describe()).isEqualTo("keep the newest 3 versions of each file; then remove"
        + " versions older than 30d; then keep at most 250 bytes of versions, removing the oldest"
        + " first");
    assertThat(RetentionPolicy.from(new Config.Revisions(2, ".rev", false)))
        .isInstanceOf(CountRetention.class);
  }

  static Stream<RetentionPolicy> everyPolicy() {
    return Stream.of(new CountRetention(1), new StaggeredRetention(),
        new MaxAgeRetention(Duration.ofSeconds(1)), new QuotaRetention(1),
        RetentionPolicy.from(new Config.Revisions(1, ".rev", false, Config.RetentionKind.STAGGERED,
            Duration.ofSeconds(1), 1)));
  }

  @ParameterizedTest
  @MethodSource("everyPolicy")
  void pinned_versions_survive_every_policy(RetentionPolicy policy) {
    List<Version> versions = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      Version x = v("a", i, "PT" + (100 - i) + "H", 1000);
      versions.add(i % 5 == 0 ? x.keep("pinned \"release\"") : x);
    }

    List<String> gone = removed(policy, versions);

    assertThat(gone).isNotEmpty().doesNotContain("a v5", "a v10", "a v15", "a v20");
    assertThat(policy.toRemove(versions.stream().map(x -> x.keep("pinned")).toList(), NOW))
        .isEmpty();
  }
}
