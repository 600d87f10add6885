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
}
