package dev.switchboard.security.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The JWKS cache fetches lazily, refetches for an unknown {@code kid} or old keys, and never faster than allowed. */
class JwksCacheTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final AtomicInteger fails = new AtomicInteger();

  private static JWKSelector kid(String kid) {
    return new JWKSelector(new JWKMatcher.Builder().keyID(kid).build());
  }

  private JwksCache cache(TestIssuer issuer) {
    return new JwksCache(() -> {
      if (fails.get() > 0) {
        fails.decrementAndGet();
        throw new java.io.IOException("authorization server down");
      }
      return issuer.fetch();
    }, Duration.ofSeconds(30), Duration.ofMinutes(10), now::get);
  }

  @Test
  void anUnknownKidRefetchesOnceThenWaitsOutTheMinimumInterval() throws Exception {
    try (TestIssuer issuer = TestIssuer.inMemory()) {
      JwksCache cache = cache(issuer);
      assertThat(cache.get(kid("rsa-1"), null)).hasSize(1);
      assertThat(cache.get(kid("rsa-1"), null)).hasSize(1);
      assertThat(issuer.jwksFetches()).as("fetched on first use, then cached").isEqualTo(1);

      now.addAndGet(Duration.ofSeconds(31).toNanos());
      issuer.rotate("rsa-2");
      assertThat(cache.get(kid("rsa-2"), null)).as("rotation: the new kid is fetched").hasSize(1);
      for (int i = 0; i < 50; i++) {
        assertThat(cache.get(kid("made-up-" + i), null)).isEmpty();
      }
      assertThat(issuer.jwksFetches()).as("made-up kids within the interval cost nothing").isEqualTo(2);

      now.addAndGet(Duration.ofSeconds(30).toNanos());
      assertThat(cache.get(kid("made-up-again"), null)).isEmpty();
      assertThat(issuer.jwksFetches()).isEqualTo(3);
    }
  }

  @Test
  void keysOlderThanTheMaximumAgeAreRefetchedAndAFailedFetchKeepsTheOldOnes() throws Exception {
    try (TestIssuer issuer = TestIssuer.inMemory()) {
      JwksCache cache = cache(issuer);
      assertThat(cache.get(kid("ec-1"), null)).hasSize(1);
      now.addAndGet(Duration.ofMinutes(11).toNanos());
      fails.set(1);
      assertThat(cache.get(kid("ec-1"), null)).as("the old keys serve while the server is down").hasSize(1);
      assertThat(cache.get(kid("ec-1"), null)).hasSize(1);
      assertThat(fails.get()).isZero();
      assertThat(issuer.jwksFetches()).as("the failed attempt also waits out the interval").isEqualTo(1);
      now.addAndGet(Duration.ofSeconds(30).toNanos());
      cache.get(kid("ec-1"), null);
      assertThat(issuer.jwksFetches()).isEqualTo(2);
    }
  }

  @Test
  void anEmptyCacheWithTheServerDownFindsNoKeyRatherThanFailing() throws Exception {
    try (TestIssuer issuer = TestIssuer.inMemory()) {
      fails.set(1);
      JwksCache cache = cache(issuer);
      assertThat(cache.get(kid("rsa-1"), null)).isEmpty();
      assertThat(cache.get(kid("rsa-1"), null)).as("no second try within the interval").isEmpty();
      now.addAndGet(Duration.ofSeconds(30).toNanos());
      assertThat(cache.get(kid("rsa-1"), null)).as("the server is back").hasSize(1);
    }
  }
}
