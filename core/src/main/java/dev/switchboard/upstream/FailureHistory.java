package dev.switchboard.upstream;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Recent unexpected exits of one server's children: enough of them within the window is a crash loop, during which
 * new work fails fast instead of spawning again; replacements wait an exponentially growing backoff. Thread safe.
 */
public final class FailureHistory {
  private final int maxFailures;
  private final Duration window;
  private final Duration initial;
  private final Duration max;
  private final ArrayDeque<Long> failures = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private int consecutive;

  public FailureHistory(int maxFailures, Duration window, Duration initial, Duration max) {
    this.maxFailures = maxFailures;
    this.window = window;
    this.initial = initial;
    this.max = max;
  }

  public void failed() {
    lock.lock();
    try {
      failures.addLast(System.nanoTime());
      consecutive++;
      trim();
    } finally {
      lock.unlock();
    }
  }

  /** A child answered: the streak of failures is over (the window still remembers them). */
  public void succeeded() {
    lock.lock();
    try {
      consecutive = 0;
    } finally {
      lock.unlock();
    }
  }

  public boolean isCrashLooping() {
    lock.lock();
    try {
      trim();
      return failures.size() >= maxFailures && consecutive > 0;
    } finally {
      lock.unlock();
    }
  }

  /** How long to wait before the next replacement: 0 after a success, then initial × 2ⁿ up to the maximum. */
  public Duration backoff() {
    lock.lock();
    try {
      if (consecutive == 0) {
        return Duration.ZERO;
      }
      long millis = initial.toMillis() << Math.min(20, consecutive - 1);
      return Duration.ofMillis(Math.min(millis, max.toMillis()));
    } finally {
      lock.unlock();
    }
  }

  private void trim() {
    long horizon = System.nanoTime() - window.toNanos();
    while (!failures.isEmpty() && failures.peekFirst() - horizon < 0) {
      failures.removeFirst();
    }
  }
}
