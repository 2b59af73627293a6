package dev.switchboard.security;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows key guessing per address: an address with {@code limit} authentication failures within any window (a sliding
 * one: each failure stops counting a window after it happened) is refused (429) until a window has passed since its
 * last failure. Successes do not touch the count — a caller holding one valid key cannot interleave it to keep
 * guessing others' keys unthrottled — so fewer than {@code limit} failures per window get through, whatever else
 * the address sends. Thread safe; memory is bounded (at most {@code limit} instants per address, and addresses with
 * nothing left to remember are pruned).
 */
public final class FailureThrottle {
  private static final int MAX_TRACKED = 10_000;

  private final int limit;
  private final long windowNanos;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();

  public FailureThrottle(int limit, Duration window) {
    if (limit < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the failure throttle needs a limit of at least 1 and a positive window");
    }
    this.limit = limit;
    this.windowNanos = window.toNanos();
  }

  /**
   * An address's recent failures ({@code System.nanoTime()} instants within the window, oldest first, at most
   * {@code limit}) and whether they reached the limit (then the block lasts a window from the newest). Immutable.
   */
  @SuppressWarnings("ArrayRecordComponent") // never compared or hashed: the map only stores and replaces it
  private record Failures(long[] times, boolean blocked) {
    long last() {
      return times[times.length - 1];
    }
  }

  /** Seconds the address must wait, or 0 when it may try. */
  public long blockedFor(String address) {
    Failures r = failures.get(address);
    if (r == null || !r.blocked()) {
      return 0;
    }
    long remaining = windowNanos - (System.nanoTime() - r.last());
    return remaining <= 0 ? 0 : Math.max(1, (remaining + 999_999_999L) / 1_000_000_000L);
  }

  /** One failed authentication from {@code address}. */
  public void failed(String address) {
    long now = System.nanoTime();
    if (failures.size() > MAX_TRACKED) {
      failures.values().removeIf(r -> now - r.last() > windowNanos);
    }
    failures.compute(address, (key, old) -> {
      long[] recent = old == null ? new long[0]
          : Arrays.stream(old.times()).filter(t -> now - t <= windowNanos).toArray();
      boolean stillBlocked = old != null && old.blocked() && now - old.last() <= windowNanos;
      long[] times = Arrays.copyOfRange(recent, Math.max(0, recent.length + 1 - limit), recent.length + 1);
      times[times.length - 1] = now;
      return new Failures(times, stillBlocked || times.length >= limit);
    });
  }

  /**
   * A successful authentication from {@code address}. It deliberately changes nothing: failures are counted per
   * address independent of successes and age out with time only (see the class comment).
   */
  public void succeeded(String address) {
    // nothing to forget: see above
  }
}
