package dev.switchboard.upstream;

import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child's stdin. Messages queue for one platform thread ({@link #run}) that writes them. A child of one client (the
 * {@code session} and {@code call} policies) may also take a short message straight into the pipe on the sender's
 * thread, when nothing is queued before it and it has read all it was sent ({@link StdinLedger}), so the write cannot
 * block: that spares the writer's wake-up, a fifth of the gateway's CPU per call at 64 sessions. Not for a shared
 * child: there the first request after each lull went out alone, and the burst behind it no longer reached the child
 * in one batch (BENCHMARKS.md). Thread safe: {@link #send} never blocks; writers hold one lock while they write.
 */
final class StdinWriter {
  private static final Logger LOG = LoggerFactory.getLogger(StdinWriter.class);
  /** Messages waiting for the pipe; past this the child is not reading and {@link #send} refuses. */
  static final int CAPACITY = 4096;

  private final String child;
  private final OutputStream stdin;
  private final BlockingQueue<Outgoing> outbound = new ArrayBlockingQueue<>(CAPACITY);
  /** Held by whoever writes: the writer thread for each queued message, a sender for a direct write. */
  private final ReentrantLock lock = new ReentrantLock();
  /** Messages queued and not yet written and flushed: a sender writes directly only while there are none. */
  private final AtomicInteger queued = new AtomicInteger();
  private final StdinLedger ledger = new StdinLedger();
  private final AtomicLong directWrites = new AtomicLong();
  private final boolean direct;
  /** When the direct write under way began ({@link System#nanoTime}), or 0 while none is. */
  private volatile long directSince;
  private volatile boolean closing;

  /** {@code child} names it in logs; {@code direct}: whether senders may write themselves (a child of one client). */
  StdinWriter(String child, OutputStream stdin, boolean direct) {
    this.child = child;
    this.stdin = stdin;
    this.direct = direct;
  }

  /** Writes or queues {@code message}; false when the queue is full, i.e. the child is not reading. */
  boolean send(Message message) {
    byte[] bytes = message.bytes();
    if (direct && bytes.length < StdinLedger.DIRECT_MAX && writeDirectly(message, bytes)) {
      return true;
    }
    queued.incrementAndGet();
    if (!outbound.offer(new Outgoing(message, bytes))) {
      queued.decrementAndGet();
      return false;
    }
    return true;
  }

  /** The child answered {@code id}: proof that it read that request and everything written before it. */
  void answered(RequestId id) {
    if (direct) {
      ledger.answered(id); // a shared child never writes directly: its hot path keeps no ledger
    }
  }

  /** Drops what is queued and has the writer thread close stdin. */
  void close() {
    closing = true;
    outbound.clear();
    outbound.offer(Outgoing.POISON);
  }

  /**
   * Whether a sender's direct write has lasted more than {@code limitNanos}: the ledger's proof was wrong — the child
   * answered requests it had not read — and the pipe is full. Stopping the child ends the write (a broken pipe).
   */
  boolean writeStalled(long now, long limitNanos) {
    long since = directSince;
    return since != 0 && now - since > limitNanos;
  }

  /** Messages the senders wrote themselves, not through the writer thread. */
  long directWrites() {
    return directWrites.get();
  }

  /** The writer thread's loop, until {@link #close} or the pipe breaks; then stdin is closed. */
  void run() {
    try {
      Outgoing next = outbound.take();
      while (!next.isPoison()) {
        writeQueued(next);
        next = outbound.take();
      }
    } catch (IOException e) {
      LOG.debug("{} closed its stdin: {}", child, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeStdin();
    }
  }

  /** Nothing queued before it (order), the pipe empty (the ledger), the message short: the write cannot block. */
  private boolean writeDirectly(Message message, byte[] bytes) {
    if (queued.get() != 0 || !lock.tryLock()) {
      return false;
    }
    try {
      if (queued.get() != 0 || closing || !ledger.drained()) {
        return false;
      }
      directSince = System.nanoTime() | 1; // never 0, which means none
      write(message, bytes);
      stdin.flush();
      directWrites.incrementAndGet();
    } catch (IOException e) {
      LOG.debug("{} closed its stdin: {}", child, e.toString()); // its exit will end what it was sent
    } finally {
      directSince = 0;
      lock.unlock();
    }
    return true;
  }

  /** One queued message; flushed when it was the last, and counted out only then (a direct write may follow). */
  private void writeQueued(Outgoing next) throws IOException {
    lock.lock();
    try {
      write(next.message(), next.bytes());
      if (outbound.isEmpty()) {
        stdin.flush();
      }
    } finally {
      queued.decrementAndGet();
      lock.unlock();
    }
  }

  /** Under the lock. */
  private void write(Message message, byte[] bytes) throws IOException {
    if (direct) {
      ledger.writing(message, bytes.length + 1);
    }
    stdin.write(bytes);
    stdin.write('\n');
  }

  private void closeStdin() {
    lock.lock();
    try {
      stdin.close();
    } catch (IOException e) {
      LOG.debug("{}: closing stdin: {}", child, e.toString());
    } finally {
      lock.unlock();
    }
  }

  /** A message for stdin, serialized once by the sender. */
  @SuppressWarnings("ArrayRecordComponent") // never compared or hashed, only written
  private record Outgoing(Message message, byte[] bytes) {
    /** Tells the writer thread to close stdin and end; no message serializes to nothing. */
    static final Outgoing POISON = new Outgoing(Message.notification("switchboard/close-stdin", null), new byte[0]);

    boolean isPoison() {
      return bytes.length == 0;
    }
  }
}
