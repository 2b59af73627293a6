package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureThrottleTest {
  @Test
  void theLimitthFailureBlocksTheAddressForUpToTheWindow() {
    FailureThrottle throttle = new FailureThrottle(10, Duration.ofMinutes(1));
    for (int i = 0; i < 9; i++) {
      throttle.failed("192.0.2.1");
      assertThat(throttle.blockedFor("192.0.2.1")).as("after %d failures", i + 1).isZero();
    }
    throttle.failed("192.0.2.1");
    assertThat(throttle.blockedFor("192.0.2.1")).isBetween(1L, 60L);
    assertThat(throttle.blockedFor("192.0.2.2")).as("another address").isZero();
  }

  /** Was "a success forgets the failures", which let a key holder interleave its own key between guesses. */
  @Test
  void aSuccessDoesNotForgetTheFailures() {
    FailureThrottle throttle = new FailureThrottle(3, Duration.ofMinutes(1));
    throttle.failed("a");
    throttle.failed("a");
    throttle.succeeded("a");
    assertThat(throttle.blockedFor("a")).isZero();
    throttle.failed("a");
    assertThat(throttle.blockedFor("a")).isPositive();
    throttle.succeeded("a");
    assertThat(throttle.blockedFor("a")).isPositive();
  }

  @Test
  void theBlockEndsAWindowAfterTheLastFailure() throws Exception {
    FailureThrottle throttle = new FailureThrottle(2, Duration.ofMillis(100));
    throttle.failed("a");
    throttle.failed("a");
    Thread.sleep(400);
    assertThat(throttle.blockedFor("a")).isZero();
  }

  @Test
  void failuresSpreadWiderThanTheWindowDoNotAddUp() throws Exception {
    FailureThrottle throttle = new FailureThrottle(2, Duration.ofMillis(100));
    throttle.failed("a");
    Thread.sleep(400);
    throttle.failed("a");
    assertThat(throttle.blockedFor("a")).isZero();
  }

  @Test
  void manyAddressesAreTrackedWithoutBlockingEachOther() {
    FailureThrottle throttle = new FailureThrottle(2, Duration.ofMinutes(1));
    for (int i = 0; i < 20_000; i++) {
      throttle.failed("10.0." + (i / 256) + "." + (i % 256));
    }
    assertThat(throttle.blockedFor("10.0.0.1")).isZero();
    throttle.failed("10.0.0.1");
    assertThat(throttle.blockedFor("10.0.0.1")).isPositive();
  }
}
