package dev.switchboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Label values from servers and clients are capped per server; the rest fold into {@code other}. */
class LabelGuardTest {
  @Test
  void theFirstValuesAreKeptPerServerAndLaterOnesFold() {
    LabelGuard guard = new LabelGuard(2);
    assertThat(guard.of("a", "x")).isEqualTo("x");
    assertThat(guard.of("a", "y")).isEqualTo("y");
    assertThat(guard.of("a", "z")).isEqualTo("other");
    assertThat(guard.of("a", "x")).as("a known value stays itself").isEqualTo("x");
    assertThat(guard.of("b", "z")).as("each server has its own cap").isEqualTo("z");
  }
}
