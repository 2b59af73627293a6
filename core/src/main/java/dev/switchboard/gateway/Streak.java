package dev.switchboard.gateway;

/**
 * Counts the work a virtual thread found waiting, time after time, and gives its carrier to the other virtual threads
 * every so often. A virtual thread is never preempted and parks only when it waits, so a link owner or a stream
 * writer fed by a flood never parks; with as many of them as carriers, nothing else ran (a chaos run saw {@code
 * /health} wait 3 s behind a flooded link and a stream writer). Used by one thread at a time.
 */
final class Streak {
  private final int every;
  private final Runnable yielder;
  private int count;

  /** Yields after {@code every} items of work in a row (events handled, events written: about a millisecond). */
  Streak(int every) {
    this(every, Streak::pause);
  }

  /** With {@code yielder} instead of {@link #pause}, for tests. */
  Streak(int every, Runnable yielder) {
    this.every = every;
    this.yielder = yielder;
  }

  /** {@code work} items were waiting: counted, and the carrier yielded once {@code every} have been in a row. */
  void busy(int work) {
    count += work;
    if (count >= every) {
      count = 0;
      yielder.run();
    }
  }

  /**
   * Parks for a microsecond: the carrier is free at once, and the timer that wakes the thread queues it behind what
   * was waiting. Not {@link Thread#yield}: a yielded virtual thread can land back in the queue its carrier is still
   * draining, and run again before anyone else (a test with more busy writers than carriers saw exactly that).
   */
  static void pause() {
    java.util.concurrent.locks.LockSupport.parkNanos(1_000);
  }

  /** The thread had to wait: the streak is over. */
  void idle() {
    count = 0;
  }
}
