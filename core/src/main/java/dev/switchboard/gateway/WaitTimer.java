package dev.switchboard.gateway;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines for waits that nearly always end early: a stream's consumer waits a heartbeat for events that mostly come
 * in milliseconds. A virtual thread's own timed park schedules and then cancels a task on the JDK's delay scheduler,
 * a thread wake-up each (a seventh of the gateway's CPU per call in a profile, BENCHMARKS.md); here setting and
 * cancelling an {@link Alarm} is an insertion into and removal from an ordered concurrent map, and one platform thread
 * sleeps until the earliest deadline (plus {@link #SLACK}, so deadlines that close together ring in one wake-up) and
 * rings what is due. Thread safe; an alarm's {@code ring} runs on the timer's thread and must only wake someone.
 */
final class WaitTimer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WaitTimer.class);
  /** How late an alarm may ring: thousands of idle connections' rechecks cost at most a thousand wake-ups a second. */
  static final long SLACK = 1_000_000;

  /** What the timer thread is doing: ringing (then every new alarm wakes it), or sleeping untimed or until a time. */
  private record Plan(boolean ringing, boolean forever, long wakeAt) {
    static final Plan RINGING = new Plan(true, false, 0);
    static final Plan FOREVER = new Plan(false, true, 0);

    /** Whether an alarm due at {@code deadline} would ring later than its slack unless the timer is woken. */
    boolean misses(long deadline) {
      return ringing || forever || deadline + SLACK - wakeAt < 0;
    }
  }

  /** Earliest first; ties in the order set, so that no two alarms are equal. */
  private static final Comparator<Alarm> DUE = (a, b) -> a.deadline != b.deadline
      ? Long.signum(a.deadline - b.deadline) // nanoTime values compare by difference
      : Long.compare(a.order, b.order);

  /**
   * The process's timer, started by its first alarm; its daemon thread sleeps untimed while no alarm is set. Declared
   * after {@link #DUE}, which its map needs at construction.
   */
  static final WaitTimer SHARED = new WaitTimer("wait-timer");

  private final String name;
  private final ConcurrentSkipListMap<Alarm, Boolean> alarms = new ConcurrentSkipListMap<>(DUE);
  private final AtomicLong orders = new AtomicLong();
  private volatile Plan plan = Plan.RINGING;
  private final AtomicReference<@Nullable Thread> thread = new AtomicReference<>();
  private volatile boolean closed;

  WaitTimer(String name) {
    this.name = name;
  }

  /** A deadline; {@link #cancel} it when the wait ends early. */
  final class Alarm {
    private final long deadline;
    private final long order = orders.incrementAndGet();
    private final Runnable ring;

    private Alarm(long deadline, Runnable ring) {
      this.deadline = deadline;
      this.ring = ring;
    }

    /** Idempotent; the alarm may have rung already. */
    void cancel() {
      alarms.remove(this);
    }
  }

  /**
   * Runs {@code ring} on the timer's thread once {@link System#nanoTime} has reached {@code deadline} (never before,
   * at most about {@link #SLACK} after), unless cancelled first.
   */
  Alarm at(long deadline, Runnable ring) {
    Alarm alarm = new Alarm(deadline, ring);
    alarms.put(alarm, Boolean.TRUE);
    if (plan.misses(deadline)) {
      LockSupport.unpark(thread());
    }
    return alarm;
  }

  /** Alarms set and neither rung nor cancelled. */
  int pending() {
    return alarms.size();
  }

  /** Ends the timer's thread; alarms set later never ring. {@link #SHARED} lives as long as the process. Idempotent. */
  @Override
  public void close() {
    closed = true;
    Thread running = thread.get();
    if (running != null) {
      LockSupport.unpark(running);
    }
  }

  /** The timer's thread, started by whoever needs it first. */
  private Thread thread() {
    Thread running = thread.get();
    if (running != null) {
      return running;
    }
    Thread fresh = Thread.ofPlatform().name(name).daemon().stackSize(256 * 1024).unstarted(this::run);
    if (thread.compareAndSet(null, fresh)) {
      fresh.start();
      return fresh;
    }
    return java.util.Objects.requireNonNull(thread.get());
  }

  /** The timer's loop: ring what is due, then sleep until the next deadline (an unpark cuts the sleep short). */
  private void run() {
    while (!closed) {
      plan = Plan.RINGING;
      long now = System.nanoTime();
      Alarm next = ringDue(now);
      if (next == null) {
        plan = Plan.FOREVER;
        LockSupport.park(this);
      } else {
        long wakeAt = next.deadline + SLACK;
        plan = new Plan(false, false, wakeAt);
        LockSupport.parkNanos(this, wakeAt - now);
      }
    }
  }

  /** Rings and removes the alarms due at {@code now}, earliest first; returns the earliest one left. */
  private @Nullable Alarm ringDue(long now) {
    for (Map.Entry<Alarm, Boolean> first = alarms.firstEntry(); first != null; first = alarms.firstEntry()) {
      Alarm alarm = first.getKey();
      if (alarm.deadline - now > 0) {
        return alarm;
      }
      if (alarms.remove(alarm) != null) { // else cancelled meanwhile: the wait ended on its own
        ring(alarm);
      }
    }
    return null;
  }

  private static void ring(Alarm alarm) {
    try {
      alarm.ring.run();
    } catch (RuntimeException e) {
      LOG.warn("a wait's alarm failed; the timer goes on", e); // a bug in a waiter must not stop every other deadline
    }
  }
}
