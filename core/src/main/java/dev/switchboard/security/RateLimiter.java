package dev.switchboard.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A token bucket per key name: {@code perSecond} tokens refill continuously up to {@code burst}. A rate of 0 admits
 * everything. {@link #reconfigured} carries the buckets over to new limits, so a configuration reload never hands
 * every key a full bucket. Thread safe: each bucket has its own lock; a limiter and the one reconfigured from it
 * may be used at once while requests admitted under the old settings finish.
 */
public final class RateLimiter {
  private final double perSecond;
  private final int burst;
  private final Map<String, Bucket> buckets;

  public RateLimiter(double perSecond, int burst) {
    this(perSecond, burst, new ConcurrentHashMap<>());
  }

  private RateLimiter(double perSecond, int burst, Map<String, Bucket> buckets) {
    this.perSecond = perSecond;
    this.burst = Math.max(1, burst);
    this.buckets = buckets;
  }

  public double perSecond() {
    return perSecond;
  }

  public int burst() {
    return burst;
  }

  /** 0 when admitted, else how many whole seconds until a token is available (for {@code Retry-After}). */
  public long acquire(String key) {
    if (perSecond <= 0) {
      return 0;
    }
    return buckets.computeIfAbsent(key, k -> new Bucket(burst)).take(perSecond, burst);
  }

  /**
   * A limiter with these limits that keeps every key's bucket: unchanged limits return this limiter itself; changed
   * ones settle each bucket at the old rate up to now and then cap it at the new burst, so no key gains tokens from
   * the change. Turning the limit off forgets the buckets (they would start full when it is turned on again).
   */
  public RateLimiter reconfigured(double newPerSecond, int newBurst) {
    int cappedBurst = Math.max(1, newBurst);
    if (newPerSecond == perSecond && cappedBurst == burst) {
      return this;
    }
    if (newPerSecond <= 0 || perSecond <= 0) {
      return new RateLimiter(newPerSecond, cappedBurst);
    }
    buckets.values().forEach(b -> b.rescale(perSecond, burst, cappedBurst));
    return new RateLimiter(newPerSecond, cappedBurst, buckets);
  }

  /** Tokens and the time they were counted; the limits are the caller's, so two limiters can share a bucket. */
  private static final class Bucket {
    private final ReentrantLock lock = new ReentrantLock();
    private double tokens;
    private long last = System.nanoTime();

    Bucket(int burst) {
      this.tokens = burst;
    }

    long take(double perSecond, int burst) {
      lock.lock();
      try {
        settle(perSecond, burst);
        if (tokens >= 1) {
          tokens -= 1;
          return 0;
        }
        return (long) Math.ceil((1 - tokens) / perSecond);
      } finally {
        lock.unlock();
      }
    }

    void rescale(double oldPerSecond, int oldBurst, int newBurst) {
      lock.lock();
      try {
        settle(oldPerSecond, oldBurst);
        tokens = Math.min(tokens, newBurst);
      } finally {
        lock.unlock();
      }
    }

    private void settle(double perSecond, int burst) {
      long now = System.nanoTime();
      tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
      last = now;
    }
  }
}
