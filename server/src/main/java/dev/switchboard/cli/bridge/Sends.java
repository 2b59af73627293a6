package dev.switchboard.cli.bridge;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sends in progress on one session, whether the bridge has given the session up, and whether the session was
 * used (see {@link #use}). A send begins only on a
 * session not yet given up, so a message the bridge refuses to send there provably never reached the server; and a
 * given-up session is closed only once its sends have ended (or after a bound), so a send already under way gets the
 * server's own answer (an HTTP 404 for a forgotten session) rather than being cut off mid-exchange, which would leave
 * the bridge unable to tell whether the request ran. Thread safe.
 */
final class Sends {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private int running;
  private boolean givenUp;
  private volatile boolean used;

  /**
   * A request that uses the session is going out on it: anything but {@code initialize} and {@code ping}, as the
   * gateway counts use ({@code gateway.sessions.unusedGrace}).
   */
  void use(String method) {
    if (isUse(method)) {
      used = true;
    }
  }

  /** Whether a request of {@code method} counts as using its session, as the gateway counts it. */
  static boolean isUse(String method) {
    return !method.equals("initialize") && !method.equals("ping");
  }

  /** Whether a request that uses the session went out on it. */
  boolean used() {
    return used;
  }

  /** Counts one send in; false (and nothing counted) once the session is given up. */
  boolean begin() {
    lock.lock();
    try {
      if (givenUp) {
        return false;
      }
      running++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Counts one send that {@link #begin} let through out. */
  void end() {
    lock.lock();
    try {
      if (--running == 0) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** From now on {@link #begin} refuses. */
  void giveUp() {
    lock.lock();
    try {
      givenUp = true;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until no send runs, at most {@code bound}; true when none does. */
  boolean awaitIdle(Duration bound) throws InterruptedException {
    long left = bound.toNanos();
    lock.lock();
    try {
      while (running > 0 && left > 0) {
        left = idle.awaitNanos(left);
      }
      return running == 0;
    } finally {
      lock.unlock();
    }
  }
}
