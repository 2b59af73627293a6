package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RateLimiterTest {
  @Test
  void aRateOfZeroAdmitsEverything() {
    RateLimiter limiter = new RateLimiter(0, 0);
    for (int i = 0; i < 10_000; i++) {
      assertThat(limiter.acquire("k")).isZero();
    }
  }

  @Test
  void theBurstIsAdmittedThenRetryAfterSaysWhenTheNextTokenComes() {
    RateLimiter limiter = new RateLimiter(0.1, 3); // one token per 10 s
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire("alice")).as("request %d", i).isZero();
    }
    long retry = limiter.acquire("alice");
    assertThat(retry).isBetween(1L, 10L);
    assertThat(limiter.acquire("alice")).isBetween(1L, 10L); // a refusal costs no token and earns none
  }

  @Test
  void bucketsArePerKey() {
    RateLimiter limiter = new RateLimiter(0.01, 1);
    assertThat(limiter.acquire("alice")).isZero();
    assertThat(limiter.acquire("alice")).isPositive();
    assertThat(limiter.acquire("bob")).isZero();
  }

  @Test
  void retryAfterIsAtLeastOneSecondEvenForFastRates() {
    RateLimiter limiter = new RateLimiter(1_000_000, 1);
    limiter.acquire("k");
    long retry = limiter.acquire("k");
    assertThat(retry).isBetween(0L, 1L); // 0 when a token already refilled, else a whole second
  }

  @Test
  void aBurstBelowOneIsOne() {
    RateLimiter limiter = new RateLimiter(0.001, 0);
    assertThat(limiter.acquire("k")).isZero();
    assertThat(limiter.acquire("k")).isPositive();
  }

  @Test
  void tokensRefillOverTime() throws Exception {
    RateLimiter limiter = new RateLimiter(1000, 1); // a token per millisecond
    assertThat(limiter.acquire("k")).isZero();
    Thread.sleep(100);
    assertThat(limiter.acquire("k")).isZero();
  }

  @Test
  void concurrentCallersNeverGetMoreThanTheBurst() throws Exception {
    RateLimiter limiter = new RateLimiter(0.0001, 100); // refill is negligible during the test
    AtomicInteger admitted = new AtomicInteger();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            if (limiter.acquire("shared") == 0) {
              admitted.incrementAndGet();
            }
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    }
    assertThat(admitted.get()).isEqualTo(100);
  }

  @Test
  void unchangedLimitsKeepTheLimiterAndADrainedBucketStaysDrained() {
    RateLimiter limiter = new RateLimiter(0.01, 2); // one token per 100 s
    assertThat(limiter.acquire("alice")).isZero();
    assertThat(limiter.acquire("alice")).isZero();
    assertThat(limiter.acquire("alice")).isPositive();
    RateLimiter reloaded = limiter.reconfigured(0.01, 2);
    assertThat(reloaded).isSameAs(limiter);
    assertThat(reloaded.acquire("alice")).isPositive();
  }

  @Test
  void changedLimitsRescaleTheBucketsWithoutRefillingThem() {
    RateLimiter limiter = new RateLimiter(0.01, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire("alice")).isZero();
    }
    assertThat(limiter.acquire("bob")).isZero(); // bob keeps 2 of 3
    RateLimiter bigger = limiter.reconfigured(0.02, 10);
    assertThat(bigger.burst()).isEqualTo(10);
    assertThat(bigger.acquire("alice")).as("a larger burst grants no tokens").isPositive();
    assertThat(bigger.acquire("bob")).isZero();
    assertThat(bigger.acquire("bob")).isZero();
    assertThat(bigger.acquire("bob")).as("bob had 2 tokens, not 10").isPositive();
    assertThat(bigger.acquire("carol")).as("a new key starts with the new burst").isZero();

    RateLimiter smaller = new RateLimiter(0.01, 5).reconfigured(0.01, 1);
    assertThat(smaller.acquire("dave")).isZero();
    assertThat(smaller.acquire("dave")).isPositive();
  }

  @Test
  void aSmallerBurstCapsAFullBucket() {
    RateLimiter limiter = new RateLimiter(0.01, 5);
    assertThat(limiter.acquire("alice")).isZero(); // alice has 4 left
    RateLimiter capped = limiter.reconfigured(0.01, 2);
    assertThat(capped.acquire("alice")).isZero();
    assertThat(capped.acquire("alice")).isZero();
    assertThat(capped.acquire("alice")).isPositive();
  }

  @Test
  void turningTheLimitOffAdmitsEverything() {
    RateLimiter limiter = new RateLimiter(0.01, 1);
    limiter.acquire("alice");
    RateLimiter off = limiter.reconfigured(0, 0);
    for (int i = 0; i < 100; i++) {
      assertThat(off.acquire("alice")).isZero();
    }
  }
}
