package dev.switchboard.access;

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
 */
final class AccessWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AccessWriter.class);
  private static final int BACKLOG = 10_000;
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
    try {
      for (Supplier<String> line = queue.take(); line != STOP; line = queue.take()) {
        write(line);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void write(Supplier<String> line) {
    try {
      sink.accept(line.get());
    } catch (RuntimeException e) {
      LOG.warn("could not write an access log line: {}", e.toString());
    }
  }
}
