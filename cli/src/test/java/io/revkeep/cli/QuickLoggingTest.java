package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuickLoggingTest {
  @Test
  void every_command_but_the_services_is_short() {
    assertThat(QuickLogging.suits("log", "report.txt")).isTrue();
    assertThat(QuickLogging.suits("ls")).isTrue();
    assertThat(QuickLogging.suits("restore", "a.txt@2")).isTrue();
    for (String service : new String[] {"up", "listener", "web", "backup"}) {
      assertThat(QuickLogging.suits(service)).as(service).isFalse();
    }
    assertThat(QuickLogging.suits()).isFalse();
  }

  @Test
  void in_a_test_jvm_log4j_core_stays_the_implementation() {
    assertThat(QuickLogging.active()).isFalse();
  }

  @Test
  void the_couchbase_sdks_loggers_log_errors_only_and_others_keep_the_level_set() {
    QuickLoggerContext context = new QuickLoggerContext();
    assertThat(context.getLogger("com.couchbase.core.config.refresher.KeyValueBucketRefresher")
        .isEnabled(org.apache.logging.log4j.Level.WARN)).isFalse();
    assertThat(context.getLogger("com.couchbase").isEnabled(org.apache.logging.log4j.Level.ERROR))
        .isTrue();
    assertThat(context.getLogger("com.couchbasement.Other").getLevel())
        .isEqualTo(context.getLogger("io.revkeep.core.store.SqliteConnections").getLevel());
  }
}
