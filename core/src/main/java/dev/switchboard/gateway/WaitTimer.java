package dev.switchboard.gateway;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines for waits that nearly always end early: a stream's consumer waits a heartbeat for events that mostly come
 * in milliseconds. A virtual thread's own timed park schedules and then cancels a task on the JDK's delay scheduler,
 * a thread wake-up each (a seventh of the gateway's CPU per call, BENCHMARKS.md); here setting and cancelling an
 * {@link Alarm} is a set insertion and removal, and one platform thread sleeps until the earliest deadline and rings
 * what is due. Thread safe; an alarm's {@code ring} runs on the timer's thread and must only wake someone.
 */
final class WaitTimer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WaitTimer.class);
  /** The process's timer, started by its first alarm; its daemon thread sleeps untimed while no alarm is set. */
  static final WaitTimer SHARED = new WaitTimer("wait-timer");

  /** What the timer thread is doing: scanning the alarms (then every new alarm wakes it) or sleeping. */
  private record Plan(boolean scanning, boolean forever, long wakeAt) {
    static final Plan SCANNING = new Plan(true, false, 0);
    static final Plan FOREVER = new Plan(false, true, 0);

    /** Whether an alarm due at {@code deadline} would ring late unless the timer thread is woken. */
    boolean misses(long deadline) {
      return scanning || forever || deadline - wakeAt < 0;
    }
  }

  private final String name;
  private final Set<Alarm> alarms = ConcurrentHashMap.newKeySet();
  private volatile Plan plan = Plan.SCANNING;
  private final AtomicReference<@Nullable Thread> thread = new AtomicReference<>();
  private volatile boolean closed;

  WaitTimer(String name) {
    this.name = name;
  }

  /** A deadline; {@link #cancel} it when the wait ends early. */
  final class Alarm {
    private final long deadline;
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

  /** Runs {@code ring} on the timer's thread once {@link System#nanoTime} reaches {@code deadline}, unless cancelled. */
  Alarm at(long deadline, Runnable ring) {
    Alarm alarm = new Alarm(deadline, ring);
    alarms.add(alarm);
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
      plan = Plan.SCANNING;
      long now = System.nanoTime();
      Alarm next = ringDue(now);
      if (next == null) {
        plan = Plan.FOREVER;
        LockSupport.park(this);
      } else {
        plan = new Plan(false, false, next.deadline);
        LockSupport.parkNanos(this, next.deadline - now);
      }
    }
  }

  /** Rings and removes the alarms due at {@code now}; returns the earliest one left. */
  private @Nullable Alarm ringDue(long now) {
    Alarm next = null;
    for (var all = alarms.iterator(); all.hasNext();) { // weakly consistent: removal while iterating is safe
      Alarm alarm = all.next();
      if (alarm.deadline - now <= 0) {
        if (alarms.remove(alarm)) {
          ring(alarm);
        }
      } else if (next == null || alarm.deadline - next.deadline < 0) {
        next = alarm;
      }
    }
    return next;
  }

  private static void ring(Alarm alarm) {
    try {
      alarm.ring.run();
    } catch (RuntimeException e) {
      LOG.warn("a wait's alarm failed; the timer goes on", e); // a bug in a waiter must not stop every other deadline
    }
  }
}
