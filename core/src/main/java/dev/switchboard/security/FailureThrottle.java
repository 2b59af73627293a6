package dev.switchboard.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows key guessing: an address with {@code limit} authentication failures within the window is refused (429)
 * until the window has passed since its last failure. Thread safe; memory is bounded by pruning old entries.
 */
public final class FailureThrottle {
  private static final int MAX_TRACKED = 10_000;

  private final int limit;
  private final long windowNanos;
  private final Map<String, Record> failures = new ConcurrentHashMap<>();

  public FailureThrottle(int limit, Duration window) {
    this.limit = limit;
    this.windowNanos = window.toNanos();
  }

  private record Record(int count, long first, long last) {}

  /** Seconds the address must wait, or 0 when it may try. */
  public long blockedFor(String address) {
    Record r = failures.get(address);
    long now = System.nanoTime();
    if (r == null || now - r.last() > windowNanos) {
      return 0;
    }
    return r.count() >= limit ? Math.max(1, (windowNanos - (now - r.last())) / 1_000_000_000L) : 0;
  }

  public void failed(String address) {
    long now = System.nanoTime();
    if (failures.size() > MAX_TRACKED) {
      failures.values().removeIf(r -> now - r.last() > windowNanos);
    }
    failures.merge(address, new Record(1, now, now), (old, one) -> now - old.first() > windowNanos
        ? new Record(1, now, now) : new Record(old.count() + 1, old.first(), now));
  }

  public void succeeded(String address) {
    failures.remove(address);
  }
}
