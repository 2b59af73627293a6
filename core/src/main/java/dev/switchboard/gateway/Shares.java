package dev.switchboard.gateway;

import dev.switchboard.protocol.RequestId;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ShareClock} of one {@link EventStream}, made by the first timing: most streams are never timed, and
 * those cost this holder only. Reads before that find nothing to report. Thread safe.
 */
final class Shares {
  /** The stream's lock, which the clock shares. */
  private final ReentrantLock lock;
  private volatile @Nullable ShareClock clock;

  Shares(ReentrantLock lock) {
    this.lock = lock;
  }

  void timeFrom(long begun) {
    clock().timeFrom(begun);
  }

  void timeRequest(RequestId id, long begun) {
    clock().begin(id, begun);
  }

  ShareClock.@Nullable Claim claim(RequestId id) {
    ShareClock made = clock;
    return made == null ? null : made.claim(id);
  }

  void share(ShareClock.Claim claim, RequestEvents events, RequestEvents.Exchange exchange) {
    clock().share(claim, events, exchange);
  }

  void written(long now) {
    ShareClock made = clock;
    if (made != null) {
      made.written(now);
    }
  }

  void written(RequestId id, long now) {
    ShareClock made = clock;
    if (made != null) {
      made.written(id, now);
    }
  }

  void forget(RequestId id) {
    ShareClock made = clock;
    if (made != null) {
      made.forget(id);
    }
  }

  int timed() {
    ShareClock made = clock;
    return made == null ? 0 : made.timed();
  }

  private ShareClock clock() {
    ShareClock made = clock;
    if (made != null) {
      return made;
    }
    lock.lock();
    try {
      if (clock == null) {
        clock = new ShareClock(lock);
      }
      return java.util.Objects.requireNonNull(clock);
    } finally {
      lock.unlock();
    }
  }
}
