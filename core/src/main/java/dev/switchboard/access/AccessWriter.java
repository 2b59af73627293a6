package dev.switchboard.access;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats and writes access-log lines on a platform thread of its own, so neither a link's owner nor an HTTP thread
 * ever waits on the file. Lines past a bounded backlog are dropped and counted. {@link #offer} from any thread;
 * {@link #close} writes what is queued, then stops (an interrupt while it waits is kept, not thrown).
 *
 * <p>Under load the thread writes in batches, a {@link #LINGER} apart, and between them it sleeps instead of waiting
 * on the queue: an offer then wakes nobody. Waking it for every line (one per client request) cost the gateway about
 * a third of its CPU per call. Once a linger finds nothing new it waits on the queue again, so an idle gateway has a
 * thread that sleeps and a line is written at most a linger after it was offered.
 */
final class AccessWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AccessWriter.class);
  private static final int BACKLOG = 10_000;
  static final Duration LINGER = Duration.ofMillis(20);
  private static final Supplier<String> STOP = String::new; // compared by identity: the end of the queue

  private final BlockingQueue<Supplier<String>> queue = new ArrayBlockingQueue<>(BACKLOG);
  private final Consumer<String> sink;
  private final AtomicLong dropped = new AtomicLong();
  private final ReentrantLock starting = new ReentrantLock();
  private volatile @Nullable Thread thread;

  AccessWriter(Consumer<String> sink) {
    this.sink = sink;
  }

  void offer(Supplier<String> line) {
    started();
    if (!queue.offer(line) && dropped.incrementAndGet() % 1_000 == 1) {
      LOG.warn("access log is {} lines behind; dropped {} so far", BACKLOG, dropped.get());
    }
  }

  long dropped() {
    return dropped.get();
  }

  @Override
  public void close() {
    Thread t;
    starting.lock();
    try {
      t = thread;
    } finally {
      starting.unlock();
    }
    if (t == null) {
      return;
    }
    try {
      queue.put(STOP);
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the caller's to see; what was queued may be lost
    }
  }

  /** The thread starts with the first line: a daemon with the access log off never has one. */
  private void started() {
    if (thread != null) {
      return;
    }
    starting.lock();
    try {
      if (thread == null) {
        thread = Thread.ofPlatform().name("access-log").daemon().start(this::run);
      }
    } finally {
      starting.unlock();
    }
  }

  private void run() {
    List<Supplier<String>> batch = new ArrayList<>();
    try {
      boolean stopped = false;
      while (!stopped) {
        batch.add(queue.take()); // idle: the next line wakes the thread
        do {
          queue.drainTo(batch);
          stopped = writeAll(batch);
          batch.clear();
        } while (!stopped && lingered());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sleeps one linger (offers meanwhile wake nobody); whether lines arrived in the meantime. */
  private boolean lingered() throws InterruptedException {
    Thread.sleep(LINGER);
    return !queue.isEmpty();
  }

  /** Writes the batch in order, up to the end marker; whether it was there. */
  private boolean writeAll(List<Supplier<String>> batch) {
    for (Supplier<String> line : batch) {
      if (line == STOP) {
        return true;
      }
      write(line);
    }
    return false;
  }

  private void write(Supplier<String> line) {
    try {
      sink.accept(line.get());
    } catch (RuntimeException e) {
      LOG.warn("could not write an access log line: {}", e.toString());
    }
  }
}
