package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Failures are counted per address independent of successes: an insider who interleaves its own valid key between
 * guesses is throttled like anyone else; failures age out one by one, a window after each.
 */
class FailureThrottleInsiderTest {
  @Test
  void interleavingAValidKeyDoesNotBuyMoreGuesses() {
    FailureThrottle throttle = new FailureThrottle(10, Duration.ofMinutes(1));
    int guesses = 0;
    for (int round = 0; round < 100 && throttle.blockedFor("10.0.0.7") == 0; round++) {
      for (int i = 0; i < 9 && throttle.blockedFor("10.0.0.7") == 0; i++) {
        throttle.failed("10.0.0.7");
        guesses++;
      }
      throttle.succeeded("10.0.0.7"); // the insider's own key, between guesses
    }
    assertThat(guesses).as("guesses before the address is throttled").isEqualTo(10);
    assertThat(throttle.blockedFor("10.0.0.7")).isBetween(1L, 60L);
    throttle.succeeded("10.0.0.7");
    assertThat(throttle.blockedFor("10.0.0.7")).as("a success does not lift the block").isPositive();
  }

  @Test
  void eachFailureAgesOutAWindowAfterItHappened() throws Exception {
    FailureThrottle throttle = new FailureThrottle(3, Duration.ofSeconds(2));
    throttle.failed("a");
    Thread.sleep(1200);
    throttle.failed("a");
    Thread.sleep(1000); // the first failure is now older than the window; the second is not
    throttle.failed("a");
    assertThat(throttle.blockedFor("a")).as("two failures within the window").isZero();
    throttle.failed("a");
    assertThat(throttle.blockedFor("a")).as("three within the window").isPositive();
  }
}
