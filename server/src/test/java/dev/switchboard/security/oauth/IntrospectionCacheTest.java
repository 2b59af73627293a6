package dev.switchboard.security.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The introspection cache against a recording authorization server (a {@link IntrospectionCache.Source} counting
 * round trips) and a clock moved by hand: what is cached, for how long, how many, and one round trip per token in
 * flight.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IntrospectionCacheTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration TTL = Duration.ofSeconds(60);

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final RecordingServer as = new RecordingServer();

  /** Answers from {@link #active}; inactive for any other token; fails while {@link #failing}. */
  private static final class RecordingServer implements IntrospectionCache.Source {
    final Map<String, ActiveToken> active = new ConcurrentHashMap<>();
    final AtomicInteger asked = new AtomicInteger();
    volatile boolean failing;
    volatile @Nullable CountDownLatch gate;

    @Override
    public Optional<ActiveToken> ask(String token) throws Exception {
      asked.incrementAndGet();
      CountDownLatch g = gate;
      if (g != null) {
        g.await();
      }
      if (failing) {
        throw new IOException("the introspection endpoint answered 503");
      }
      return Optional.ofNullable(active.get(token));
    }
  }

  private IntrospectionCache cache(Duration ttl, int capacity) {
    return new IntrospectionCache(as, ttl, capacity, Duration.ofSeconds(20), now::get,
        new IntrospectionTally());
  }

  private String active(String token, @Nullable Instant exp) {
    as.active.put(token, new ActiveToken("https://as.test", List.of("https://gw.test"), exp, "sub-" + token, null,
        Set.of("mcp")));
    return token;
  }

  private void advance(Duration d) {
    now.set(now.get().plus(d));
  }

  @Test
  void aSecondRequestWithTheSameTokenMakesNoRoundTrip() throws Exception {
    IntrospectionCache cache = cache(TTL, 10);
    String token = active("t1", T0.plusSeconds(3600));
    assertThat(cache.get(token)).get().extracting(ActiveToken::subject).isEqualTo("sub-t1");
    assertThat(cache.get(token)).get().extracting(ActiveToken::subject).isEqualTo("sub-t1");
    assertThat(as.asked).hasValue(1);
    assertThat(cache.counts()).isEqualTo(new IntrospectionCache.Counts(1, 0, 1));
  }

  @Test
  void anAnswerIsServedUntilTheTtlEndsAndNeverAfter() throws Exception {
    IntrospectionCache cache = cache(TTL, 10);
    String token = active("t1", null); // no exp: the TTL alone bounds it
    cache.get(token);
    advance(TTL.minusMillis(1));
    cache.get(token);
    assertThat(as.asked).as("within the TTL").hasValue(1);
    advance(Duration.ofMillis(1));
    cache.get(token);
    assertThat(as.asked).as("at the TTL: asked again").hasValue(2);
  }

  @Test
  void aTokenExpiringBeforeTheTtlIsCachedOnlyUntilItsExp() throws Exception {
    IntrospectionCache cache = cache(TTL, 10);
    String token = active("t1", T0.plusSeconds(10));
    cache.get(token);
    advance(Duration.ofSeconds(9));
    cache.get(token);
    assertThat(as.asked).hasValue(1);
    advance(Duration.ofSeconds(1));
    as.active.remove(token); // the server now says what it says of an expired token
    assertThat(cache.get(token)).as("not served past exp").isEmpty();
    assertThat(as.asked).hasValue(2);
  }

  @Test
  void aTokenAlreadyPastItsExpIsNotCached() throws Exception {
    IntrospectionCache cache = cache(TTL, 10);
    String token = active("t1", T0.minusSeconds(5)); // within the clock skew, so the server may call it active
    cache.get(token);
    cache.get(token);
    assertThat(as.asked).hasValue(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void anInactiveAnswerIsNotCached() throws Exception {
    IntrospectionCache cache = cache(TTL, 10);
    assertThat(cache.get("new-token")).isEmpty();
    active("new-token", null); // the server catches up with a token it has just issued
    assertThat(cache.get("new-token")).isPresent();
    assertThat(as.asked).hasValue(2);
  }

  @Test
  void aFailureIsNotCached() throws Exception {
    IntrospectionCache cache = cache(TTL, 10);
    String token = active("t1", null);
    as.failing = true;
    assertThatThrownBy(() -> cache.get(token)).hasMessageContaining("503");
    as.failing = false;
    assertThat(cache.get(token)).isPresent();
    assertThat(cache.get(token)).isPresent();
    assertThat(as.asked).as("the failure asked once, the recovery once, then the cache answered").hasValue(2);
  }

  @Test
  void aZeroTtlCachesNothing() throws Exception {
    IntrospectionCache cache = cache(Duration.ZERO, 10);
    String token = active("t1", null);
    cache.get(token);
    cache.get(token);
    assertThat(as.asked).hasValue(2);
  }

  @Test
  void manyDistinctTokensNeverGrowTheCachePastItsBound() throws Exception {
    IntrospectionCache cache = cache(TTL, 100);
    for (int i = 0; i < 5_000; i++) {
      cache.get(active("t" + i, null));
      assertThat(cache.size()).isLessThanOrEqualTo(100);
    }
    assertThat(cache.size()).isEqualTo(100);
    int asked = as.asked.get();
    cache.get("t4999");
    cache.get("t0");
    assertThat(as.asked).as("the newest is kept, the oldest went").hasValue(asked + 1);
  }

  @Test
  void whenFullExpiredEntriesGoFirstThenTheLeastRecentlyUsed() throws Exception {
    IntrospectionCache cache = cache(TTL, 3);
    cache.get(active("old", null));
    cache.get(active("used", null));
    cache.get(active("short", T0.plusSeconds(5)));
    advance(Duration.ofSeconds(10));
    cache.get(active("new1", null));
    int asked = as.asked.get();
    cache.get("old");
    cache.get("used");
    cache.get("new1");
    assertThat(as.asked).as("the expired entry made room, not the oldest").hasValue(asked);
    cache.get("used");
    cache.get("new1"); // now "old" is the least recently used
    cache.get(active("new2", null));
    asked = as.asked.get();
    cache.get("used");
    cache.get("new1");
    cache.get("new2");
    assertThat(as.asked).hasValue(asked);
    cache.get("old");
    assertThat(as.asked).as("the least recently used made room").hasValue(asked + 1);
  }

  @Test
  void concurrentRequestsForOneTokenShareOneRoundTrip() throws Exception {
    IntrospectionCache cache = cache(TTL, 10);
    String token = active("t1", null);
    List<Future<Optional<ActiveToken>>> answers = concurrently(cache, token, 16);
    for (Future<Optional<ActiveToken>> a : answers) {
      assertThat(a.get()).get().extracting(ActiveToken::subject).isEqualTo("sub-t1");
    }
    assertThat(as.asked).hasValue(1);
    assertThat(cache.counts()).isEqualTo(new IntrospectionCache.Counts(0, 15, 1));
  }

  @Test
  void aSharedRoundTripThatFailsFailsEveryWaiterAndIsForgotten() throws Exception {
    IntrospectionCache cache = cache(TTL, 10);
    String token = active("t1", null);
    as.failing = true;
    for (Future<Optional<ActiveToken>> a : concurrently(cache, token, 8)) {
      assertThatThrownBy(a::get).hasMessageContaining("503");
    }
    as.failing = false;
    assertThat(cache.get(token)).isPresent();
    assertThat(as.asked).as("one failed round trip, then a new one").hasValue(2);
  }

  @Test
  void aRoundTripThatNeverEndsHoldsItsWaitersOnlyUntilTheirWaitAndNotTheNextRequest() throws Exception {
    IntrospectionCache cache = new IntrospectionCache(as, TTL, 10, Duration.ofMillis(200), now::get,
        new IntrospectionTally());
    String token = active("t1", null);
    CountDownLatch stuck = new CountDownLatch(1);
    as.gate = stuck;
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Optional<ActiveToken>> first = threads.submit(() -> cache.get(token));
      await().atMost(Duration.ofSeconds(10)).until(() -> as.asked.get() == 1);

      assertThatThrownBy(() -> cache.get(token)).as("waited its bound").isInstanceOf(TimeoutException.class);
      as.gate = null;
      assertThat(cache.get(token)).as("not held by the stuck one").isPresent();
      assertThat(as.asked).hasValue(2);

      stuck.countDown();
      assertThat(first.get()).isPresent();
    }
  }

  /** {@code n} requests for {@code token}, released once all but the first wait on the first's round trip. */
  private List<Future<Optional<ActiveToken>>> concurrently(IntrospectionCache cache, String token, int n)
      throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    as.gate = gate;
    List<Future<Optional<ActiveToken>>> answers = new ArrayList<>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        answers.add(threads.submit(() -> cache.get(token)));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> cache.counts().shared() == n - 1);
      gate.countDown();
    }
    as.gate = null;
    return answers;
  }
}
