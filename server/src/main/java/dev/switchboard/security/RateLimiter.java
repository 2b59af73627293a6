package dev.switchboard.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A token bucket per key name: {@code perSecond} tokens refill continuously up to {@code burst}. Thread safe; a
 * rate of 0 admits everything.
 */
public final class RateLimiter {
  private final double perSecond;
  private final int burst;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(double perSecond, int burst) {
    this.perSecond = perSecond;
    this.burst = Math.max(1, burst);
  }

  /** 0 when admitted, else how many whole seconds until a token is available (for {@code Retry-After}). */
  public long acquire(String key) {
    if (perSecond <= 0) {
      return 0;
    }
    return buckets.computeIfAbsent(key, k -> new Bucket()).take();
  }

  private final class Bucket {
    private final ReentrantLock lock = new ReentrantLock();
    private double tokens = burst;
    private long last = System.nanoTime();

    long take() {
      lock.lock();
      try {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
        last = now;
        if (tokens >= 1) {
          tokens -= 1;
          return 0;
        }
        return (long) Math.ceil((1 - tokens) / perSecond);
      } finally {
        lock.unlock();
      }
    }
  }
}
