package dev.switchboard.transport.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A gateway-wide bound on the memory held by request bodies still being received. {@link Bodies#read} reserves as its
 * buffer grows (with the bytes that arrive, never with what a header declares) and releases when the body is read or
 * refused; a reservation past the bound fails, and the request is refused with 503 instead of the heap running out.
 * Thread safe.
 */
final class BodyBudget {
  /** The default when a generous heap allows it: {@code 4 × maxBodyBytes}, at least this. */
  static final long DEFAULT_FLOOR = 256L << 20;

  private final long limit;
  private final AtomicLong used = new AtomicLong();

  BodyBudget(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("a body budget must be positive: " + limit);
    }
    this.limit = limit;
  }

  /**
   * {@code max(4 × maxBodyBytes, 256 MiB)}, but no more than a quarter of the heap — and never less than one body of
   * the largest size (plus the slack a body of unknown length reads ahead), so any allowed body fits on its own.
   */
  static BodyBudget forLimit(long maxBodyBytes) {
    return new BodyBudget(defaultLimit(maxBodyBytes, Runtime.getRuntime().maxMemory()));
  }

  static long defaultLimit(long maxBodyBytes, long heapBytes) {
    long wanted = Math.max(saturatedTimes4(maxBodyBytes), DEFAULT_FLOOR);
    long affordable = heapBytes == Long.MAX_VALUE ? wanted : heapBytes / 4;
    return Math.max(Math.min(wanted, affordable), maxBodyBytes + Bodies.INITIAL_CAPACITY);
  }

  private static long saturatedTimes4(long n) {
    return n > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : n * 4;
  }

  /** Takes {@code bytes} from the budget: false (and nothing taken) when that would exceed it. */
  boolean tryReserve(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative reservation: " + bytes);
    }
    while (true) {
      long now = used.get();
      if (bytes > limit - now) {
        return false;
      }
      if (used.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  /** Gives back {@code bytes} taken by {@link #tryReserve}. */
  void release(long bytes) {
    long after = used.addAndGet(-bytes);
    if (after < 0) {
      throw new IllegalStateException("released more than was reserved: " + after);
    }
  }

  /** Bytes reserved now by bodies being received. */
  long inUse() {
    return used.get();
  }

  long limit() {
    return limit;
  }
}
