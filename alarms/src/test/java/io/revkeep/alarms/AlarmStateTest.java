package io.revkeep.alarms;

import static io.revkeep.alarms.AlarmState.Action.FIRE;
import static io.revkeep.alarms.AlarmState.Action.NONE;
import static io.revkeep.alarms.AlarmState.Action.RECOVER;
import static io.revkeep.alarms.AlarmState.Action.REMIND;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlarmStateTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void a_problem_fires_once_then_reminds_once_per_interval_then_recovers() {
    AlarmState s = new AlarmState(Duration.ZERO, Duration.ofSeconds(60));
    assertThat(s.step(false, at(0))).isEqualTo(NONE);
    assertThat(s.step(true, at(1))).isEqualTo(FIRE);
    assertThat(s.step(true, at(2))).isEqualTo(NONE);
    assertThat(s.step(true, at(60))).isEqualTo(NONE);
    assertThat(s.step(true, at(61))).isEqualTo(REMIND);
    assertThat(s.step(true, at(100))).isEqualTo(NONE);
    assertThat(s.step(false, at(101))).isEqualTo(RECOVER);
    assertThat(s.step(false, at(102))).isEqualTo(NONE);
  }

  @Test
  void a_condition_with_a_hold_time_fires_only_after_holding_that_long() {
    AlarmState s = new AlarmState(Duration.ofSeconds(30), Duration.ofSeconds(60));
    assertThat(s.step(true, at(0))).isEqualTo(NONE);
    assertThat(s.step(true, at(29))).isEqualTo(NONE);
    assertThat(s.step(false, at(30))).isEqualTo(NONE); // over before it counted: no mail at all
    assertThat(s.step(true, at(40))).isEqualTo(NONE);
    assertThat(s.step(true, at(70))).isEqualTo(FIRE);
  }

  @Test
  void an_unsent_mail_is_asked_for_again() {
    AlarmState s = new AlarmState(Duration.ZERO, Duration.ofSeconds(60));
    assertThat(s.step(true, at(0))).isEqualTo(FIRE);
    s.unsent(FIRE);
    assertThat(s.step(true, at(1))).isEqualTo(FIRE);
    assertThat(s.step(false, at(2))).isEqualTo(RECOVER);
    s.unsent(RECOVER);
    assertThat(s.step(false, at(3))).isEqualTo(RECOVER);
    assertThat(s.step(false, at(4))).isEqualTo(NONE);
  }
}
