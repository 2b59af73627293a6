package dev.switchboard.security.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Active introspection answers by the SHA-256 digest of their token (never the token), each kept until the earlier
 * of {@code ttl} after the answer and the token's {@code exp} (RFC 7662 §4), at most {@code capacity} of them:
 * expired ones are dropped first, then the least recently used. Inactive answers are not cached: tokens sprayed at
 * random would fill a negative cache without ever hitting it, the failure throttle already slows whoever repeats a
 * bad token, and a token the server has only just issued must not stay refused. Failures are never cached.
 * Concurrent requests for one token share one round trip. Thread safe: the map is touched under a lock never held
 * across I/O; the round trip runs on the thread that asked first while the others wait on its future.
 */
final class IntrospectionCache {
  /** Asks the authorization server: the token if active, empty if not; throws when it cannot tell. */
  @FunctionalInterface
  interface Source {
    Optional<ActiveToken> ask(String token) throws Exception;
  }

  /** Answers found in the cache, taken from another request's round trip, or fetched by a round trip. */
  record Counts(long hits, long shared, long misses) {}

  private record Entry(ActiveToken token, Instant until) {}

  private final Source source;
  private final Duration ttl;
  private final int capacity;
  private final Duration wait;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by {@link #lock}; in access order, so the first entry is the least recently used. */
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final ConcurrentHashMap<String, CompletableFuture<Optional<ActiveToken>>> inflight =
      new ConcurrentHashMap<>();
  private final IntrospectionTally tally;

  /** {@code wait}: how long a request waits for another's round trip (which its own timeouts bound). */
  IntrospectionCache(Source source, Duration ttl, int capacity, Duration wait, InstantSource clock,
      IntrospectionTally tally) {
    this.source = source;
    this.ttl = ttl;
    this.capacity = capacity;
    this.wait = wait;
    this.clock = clock;
    this.tally = tally;
  }

  /** The token if the authorization server says (or recently said) it is active; empty if it says not. */
  Optional<ActiveToken> get(String token) throws Exception {
    String key = digest(token);
    ActiveToken known = cached(key);
    if (known != null) {
      tally.hits.increment();
      return Optional.of(known);
    }
    CompletableFuture<Optional<ActiveToken>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<ActiveToken>> running = inflight.putIfAbsent(key, mine);
    if (running != null) {
      tally.shared.increment();
      return await(key, running);
    }
    return fetch(key, token, mine);
  }

  private Optional<ActiveToken> fetch(String key, String token, CompletableFuture<Optional<ActiveToken>> mine)
      throws Exception {
    try {
      Optional<ActiveToken> answer = lookOrAsk(key, token);
      mine.complete(answer);
      return answer;
    } catch (Throwable e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inflight.remove(key, mine); // after the store: a request arriving now finds the entry
    }
  }

  private Optional<ActiveToken> lookOrAsk(String key, String token) throws Exception {
    ActiveToken stored = cached(key); // another round trip may have ended since the first look
    if (stored != null) {
      tally.hits.increment();
      return Optional.of(stored);
    }
    tally.misses.increment();
    Optional<ActiveToken> answer = source.ask(token);
    answer.ifPresent(t -> store(key, t));
    return answer;
  }

  private Optional<ActiveToken> await(String key, CompletableFuture<Optional<ActiveToken>> running)
      throws Exception {
    try {
      return running.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      inflight.remove(key, running); // a stuck round trip must not hold this token's later requests too
      throw e;
    } catch (ExecutionException e) {
      // the other thread's interrupt is not this one's
      throw e.getCause() instanceof Exception cause && !(cause instanceof InterruptedException) ? cause : e;
    }
  }

  private @Nullable ActiveToken cached(String key) {
    Instant now = clock.instant();
    lock.lock();
    try {
      Entry e = entries.get(key);
      if (e == null || now.isBefore(e.until())) {
        return e == null ? null : e.token();
      }
      entries.remove(key); // expired: never served
      return null;
    } finally {
      lock.unlock();
    }
  }

  private void store(String key, ActiveToken token) {
    Instant now = clock.instant();
    Instant expiry = token.expiry();
    Instant until = expiry != null && expiry.isBefore(now.plus(ttl)) ? expiry : now.plus(ttl);
    if (!until.isAfter(now)) {
      return; // a zero TTL, or a token already past its exp
    }
    lock.lock();
    try {
      entries.put(key, new Entry(token, until));
      if (entries.size() > capacity) {
        entries.values().removeIf(e -> !now.isBefore(e.until()));
      }
      Iterator<Entry> eldest = entries.values().iterator();
      while (entries.size() > capacity) {
        eldest.next();
        eldest.remove();
      }
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }

  Counts counts() {
    return new Counts(tally.hits.sum(), tally.shared.sum(), tally.misses.sum());
  }

  private static String digest(String token) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(sha);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
