package dev.switchboard.upstream;

import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How much of what was written to a child's stdin it has certainly read: everything up to the end of the last request
 * it answered, since a child reads its input in order and cannot answer a request it has not read. While it has read
 * all that was written its pipe is empty, and one short message ({@link #DIRECT_MAX}, under the one 4 KiB page that
 * is the smallest pipe buffer Linux, macOS or Windows gives) fits without blocking, so {@link StdioUpstream} lets the
 * sender write it itself rather than wake the stdin writer. Thread safe: a lock of its own, never held across I/O.
 */
final class StdinLedger {
  /** The longest message, newline included, that a sender writes itself into an empty pipe. */
  static final int DIRECT_MAX = 4000;

  private record Sent(RequestId id, long end) {}

  private final ReentrantLock lock = new ReentrantLock();
  /** Requests written and not yet known read, in the order written (so their ends increase). */
  private final ArrayDeque<Sent> unanswered = new ArrayDeque<>();
  private long written;
  private long read;

  /** Before the bytes go out: {@code message}, {@code length} bytes with its newline, is written next. */
  void writing(Message message, int length) {
    lock.lock();
    try {
      written += length;
      if (message instanceof Message.Request request) {
        unanswered.addLast(new Sent(request.id(), written));
      }
    } finally {
      lock.unlock();
    }
  }

  /** The child answered {@code id}: it has read everything up to that request's end (and earlier ones unanswered). */
  void answered(RequestId id) {
    lock.lock();
    try {
      if (!holds(id)) {
        return; // not one of ours, or already answered
      }
      Sent sent;
      do {
        sent = unanswered.removeFirst();
      } while (!sent.id().equals(id));
      read = Math.max(read, sent.end());
    } finally {
      lock.unlock();
    }
  }

  private boolean holds(RequestId id) {
    for (Sent sent : unanswered) {
      if (sent.id().equals(id)) {
        return true;
      }
    }
    return false;
  }

  /** True when the child has certainly read all that was written: its pipe is empty. */
  boolean drained() {
    lock.lock();
    try {
      return read == written;
    } finally {
      lock.unlock();
    }
  }
}
