package dev.switchboard.security.oauth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorization server's signing keys, fetched on first use and again when they are older than
 * {@code maxAge} or a token names a key they lack (rotation) — but never sooner than {@code minRefresh} after the
 * last attempt, so tokens with made-up {@code kid}s cannot turn the gateway into a JWKS flooder. Thread safe:
 * readers take the current snapshot without locking; one request thread at a time fetches, under a lock, while the
 * others needing a fetch wait for it and then use its result.
 */
public final class JwksCache implements JWKSource<SecurityContext> {
  private static final Logger LOG = LoggerFactory.getLogger(JwksCache.class);

  /** Fetches the current key set; blocking, bounded by its own timeouts. */
  @FunctionalInterface
  public interface Fetch {
    JWKSet fetch() throws Exception;
  }

  /** The keys last fetched and when; {@code attempted} also moves on a failed fetch ({@code tried}: ever). */
  private record Snapshot(JWKSet keys, long fetched, long attempted, boolean loaded, boolean tried) {}

  private final Fetch fetch;
  private final long minRefreshNanos;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Snapshot snapshot;

  public JwksCache(Fetch fetch, Duration minRefresh, Duration maxAge, LongSupplier nanoTime) {
    this.fetch = fetch;
    this.minRefreshNanos = minRefresh.toNanos();
    this.maxAgeNanos = Math.max(maxAge.toNanos(), minRefreshNanos);
    this.nanoTime = nanoTime;
    this.snapshot = new Snapshot(new JWKSet(), 0, 0, false, false);
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) {
    Snapshot s = snapshot;
    if (!s.loaded() || nanoTime.getAsLong() - s.fetched() >= maxAgeNanos) {
      s = refresh(s);
    }
    List<JWK> found = selector.select(s.keys());
    return found.isEmpty() ? selector.select(refresh(s).keys()) : found;
  }

  /**
   * A snapshot at least as new as {@code seen}: one another thread fetched meanwhile, a fresh fetch, or
   * {@code seen} itself while the last attempt is younger than {@code minRefresh}.
   */
  @SuppressWarnings("ReferenceEquality") // identity intended: a fetch installs a new snapshot instance
  private Snapshot refresh(Snapshot seen) {
    lock.lock();
    try {
      Snapshot now = snapshot;
      if (now != seen) {
        return now; // another thread fetched while this one waited
      }
      long t = nanoTime.getAsLong();
      if (now.tried() && t - now.attempted() < minRefreshNanos) {
        return now;
      }
      snapshot = load(now, t);
      return snapshot;
    } finally {
      lock.unlock();
    }
  }

  private Snapshot load(Snapshot old, long t) {
    try {
      JWKSet keys = fetch.fetch();
      LOG.debug("fetched {} signing key(s) from the JWKS", keys.getKeys().size());
      return new Snapshot(keys, t, t, true, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Snapshot(old.keys(), old.fetched(), t, old.loaded(), true);
    } catch (Exception e) {
      LOG.warn("could not fetch the JWKS (keeping {} known key(s)): {}", old.keys().getKeys().size(), e.toString());
      return new Snapshot(old.keys(), old.fetched(), t, old.loaded(), true);
    }
  }
}
