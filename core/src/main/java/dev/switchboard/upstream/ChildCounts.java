package dev.switchboard.upstream;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * What one server's children have done since the gateway started: started, ended (by cause), restarted after a
 * crash, time spent waiting for room to start one, and claims on its warm pool that found a child ready or not. Read
 * by the metrics at each scrape. Thread safe: counters only.
 */
public final class ChildCounts {
  /** For backends with no children (built-in servers). */
  public static final ChildCounts NONE = new ChildCounts();

  /** How a child ended. */
  public enum Ending {
    /** The gateway stopped it (its session ended, it idled out, a reload or shutdown retired it). */
    STOPPED,
    /** It exited or died on its own. */
    CRASHED,
    /** It could not be started at all. */
    FAILED_TO_START
  }

  private final LongAdder started = new LongAdder();
  private final LongAdder stopped = new LongAdder();
  private final LongAdder crashed = new LongAdder();
  private final LongAdder failedToStart = new LongAdder();
  private final LongAdder restarts = new LongAdder();
  /** A child crashed and none has started since: the next start is a restart. */
  private final AtomicBoolean crashPending = new AtomicBoolean();
  private final LongAdder waitedNanos = new LongAdder();
  private final LongAdder warmHits = new LongAdder();
  private final LongAdder warmMisses = new LongAdder();
  private volatile IntSupplier warmReady = () -> 0;

  public ChildCounts() {}

  void recordStart() {
    started.increment();
    if (crashPending.getAndSet(false)) {
      restarts.increment();
    }
  }

  void recordEnd(Ending how) {
    adder(how).increment();
    if (how == Ending.CRASHED) {
      crashPending.set(true);
    }
  }

  /** Time a new child waited for room ({@code pool.max}, {@code gateway.upstreams.maxChildren}) before it started. */
  void recordWait(long nanos) {
    waitedNanos.add(nanos);
  }

  /** A claim on the warm pool: {@code hit} when a started child was waiting. */
  void recordClaim(boolean hit) {
    (hit ? warmHits : warmMisses).increment();
  }

  /** Where the warm pool's count of children ready now is read. */
  void warmPool(IntSupplier ready) {
    warmReady = ready;
  }

  public long started() {
    return started.sum();
  }

  public long ended(Ending how) {
    return adder(how).sum();
  }

  private LongAdder adder(Ending how) {
    return switch (how) {
      case STOPPED -> stopped;
      case CRASHED -> crashed;
      case FAILED_TO_START -> failedToStart;
    };
  }

  /**
   * Children started in place of one that crashed: each start that follows a crash (several crashes before one
   * start count once, as one restart).
   */
  public long restarts() {
    return restarts.sum();
  }

  public long waitedNanos() {
    return waitedNanos.sum();
  }

  public long warmHits() {
    return warmHits.sum();
  }

  public long warmMisses() {
    return warmMisses.sum();
  }

  public int warmReady() {
    return warmReady.getAsInt();
  }
}
