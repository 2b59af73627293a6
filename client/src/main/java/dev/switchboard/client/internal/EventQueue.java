package dev.switchboard.client.internal;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs notification listeners in arrival order on one virtual thread, so transport reader threads never run
 * application code. The queue is bounded: when listeners fall this far behind, further events are dropped and logged.
 * Thread safe.
 */
public final class EventQueue implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EventQueue.class.getName());
  /** Queued by {@link #close()} to wake the event thread; recognised by identity. */
  private static final Runnable STOP = new Stop();

  private final BlockingQueue<Runnable> queue;
  private final AtomicLong queued = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition progressed = lock.newCondition();
  private final Thread thread;
  private final AtomicLong done = new AtomicLong();
  private volatile boolean closed;

  public EventQueue(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = Thread.ofVirtual().name("mcp-events").start(this::run);
  }

  /** Queues a listener call; returns false (and logs) when the queue is full or closed. */
  public boolean offer(Runnable event) {
    lock.lock();
    try {
      if (closed || !queue.offer(event)) {
        LOG.log(System.Logger.Level.WARNING, "listeners are {0} events behind; an event was dropped", queue.size());
        return false;
      }
      queued.incrementAndGet();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** How many events have been queued so far. */
  public long queued() {
    return queued.get();
  }

  /** Waits (at most {@code timeout}) until the first {@code count} queued events have run. */
  public void awaitDone(long count, Duration timeout) {
    if (Thread.currentThread() == thread) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (done.get() < count && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !progressed.await(left, TimeUnit.NANOSECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    closed = true;
    queue.offer(STOP);
    thread.interrupt();
  }

  private void run() {
    while (!closed) {
      try {
        Runnable event = queue.take();
        if (event == STOP) {
          return;
        }
        runSafely(event);
      } catch (InterruptedException e) {
        return;
      }
      lock.lock();
      try {
        done.incrementAndGet();
        progressed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** The stop marker's type; running it does nothing. */
  private static final class Stop implements Runnable {
    @Override
    public void run() {}
  }

  private static void runSafely(Runnable event) {
    try {
      event.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a notification listener failed", e);
    }
  }
}
