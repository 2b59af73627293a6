package dev.switchboard.gateway;

import dev.switchboard.protocol.Message;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * An ordered, bounded outbox of messages for one client stream: the answer stream of one POST, or a session's
 * standalone stream. Producers (upstream threads) {@link #offer} and never block; the one consumer (the HTTP thread
 * writing the stream) {@link #await}s events after its cursor. Events stay numbered so a client that reconnects with
 * {@code Last-Event-ID} gets what it missed; a consumer that falls too far behind is cut off instead of letting memory
 * grow. Thread safe.
 */
public final class EventStream {
  /** Delivered events kept for a reconnecting client. */
  private static final int REPLAY_WINDOW = 256;

  private final int id;
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Event> events = new ArrayDeque<>();
  private long nextSeq = 1;
  private long delivered;
  private int awaitingResponses;
  private boolean finished;
  private boolean cutOff;
  /** The consumer writing this stream now (0: none); a resuming client takes over from one that went silent. */
  private int owner;
  private int lastOwner;

  private final @Nullable Runnable onDrained;

  EventStream(int id, int capacity, int expectedResponses) {
    this(id, capacity, expectedResponses, null);
  }

  /** {@code onDrained} runs once a finished stream's consumer has written every event: nothing is left to resume. */
  EventStream(int id, int capacity, int expectedResponses, @Nullable Runnable onDrained) {
    this.id = id;
    this.capacity = capacity;
    this.awaitingResponses = expectedResponses;
    this.onDrained = onDrained;
  }

  /** One numbered message; {@code id()} is unique within the session. */
  public record Event(String id, long seq, Message message) {}

  /**
   * What a consumer got: new events, whether nothing more will ever come, whether it was cut off for falling behind,
   * and whether another consumer took the stream over (then it stops writing).
   */
  public record Batch(List<Event> events, boolean finished, boolean cutOff, boolean displaced) {
    public Batch(List<Event> events, boolean finished, boolean cutOff) {
      this(events, finished, cutOff, false);
    }
  }

  public int id() {
    return id;
  }

  /**
   * Appends a message; a response counts toward the ones this stream waits for and may finish it. False when the
   * stream had already finished: the message is not on it, and the caller decides where it goes instead.
   */
  public boolean offer(Message message) {
    lock.lock();
    try {
      if (finished) {
        return false;
      }
      events.addLast(new Event(id + "-" + nextSeq, nextSeq++, message));
      boolean isResponse = message instanceof Message.Response || message instanceof Message.ErrorResponse;
      if (isResponse && awaitingResponses > 0 && --awaitingResponses == 0) {
        finished = true;
      }
      enforceBound();
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Ends the stream: a consumer drains what is there and stops. */
  public void finish() {
    lock.lock();
    try {
      finished = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Counts one awaited response as settled without one (a cancelled request gets no response). */
  public void settleOne() {
    lock.lock();
    try {
      if (awaitingResponses > 0 && --awaitingResponses == 0) {
        finished = true;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code timeout} for events after {@code cursor} (a sequence number; 0 for the start). Returns at once
   * when there are some, or when the stream has finished or was cut off.
   */
  public Batch await(long cursor, Duration timeout) throws InterruptedException {
    return await(cursor, timeout, owner());
  }

  /** As {@link #await(long, Duration)}, for the consumer holding {@code token}; returns at once if displaced. */
  public Batch await(long cursor, Duration timeout, int token) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (!hasAfter(cursor) && !finished && !cutOff && owner == token && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
      if (owner != token) {
        return new Batch(List.of(), false, false, true);
      }
      return new Batch(after(cursor), finished, cutOff, false);
    } finally {
      lock.unlock();
    }
  }

  /** Records that the consumer wrote everything up to {@code seq}, so older events may be trimmed. */
  public void delivered(long seq) {
    lock.lock();
    try {
      delivered = Math.max(delivered, seq);
      while (!events.isEmpty() && events.peekFirst().seq() <= delivered - REPLAY_WINDOW) {
        events.removeFirst();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Claims the stream for a consumer: its token, or 0 when another consumer holds it. */
  public int attach() {
    lock.lock();
    try {
      return owner != 0 ? 0 : (owner = ++lastOwner);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Claims the stream even if a consumer holds it: a client resuming with {@code Last-Event-ID} knows its old
   * connection is gone before the server does. The old consumer wakes, sees it was displaced and stops.
   */
  public int takeOver() {
    lock.lock();
    try {
      owner = ++lastOwner;
      changed.signalAll();
      return owner;
    } finally {
      lock.unlock();
    }
  }

  /** Releases the stream if {@code token} still holds it. */
  public void detach(int token) {
    boolean drained;
    lock.lock();
    try {
      if (owner != token) {
        return;
      }
      owner = 0;
      drained = finished && delivered >= nextSeq - 1;
    } finally {
      lock.unlock();
    }
    if (drained && onDrained != null) {
      onDrained.run();
    }
  }

  int owner() {
    lock.lock();
    try {
      return owner;
    } finally {
      lock.unlock();
    }
  }

  public boolean isAttached() {
    lock.lock();
    try {
      return owner != 0;
    } finally {
      lock.unlock();
    }
  }

  /** The highest sequence number a consumer has written; where a fresh consumer of a standalone stream starts. */
  public long deliveredSeq() {
    lock.lock();
    try {
      return delivered;
    } finally {
      lock.unlock();
    }
  }

  public boolean isFinished() {
    lock.lock();
    try {
      return finished;
    } finally {
      lock.unlock();
    }
  }

  private void enforceBound() {
    long unread = nextSeq - 1 - delivered;
    if (unread <= capacity) {
      return;
    }
    if (owner != 0) {
      cutOff = true; // a consumer that cannot keep up is disconnected rather than buffered without bound
    } else {
      events.removeFirst();
      delivered = Math.max(delivered, events.isEmpty() ? nextSeq - 1 : events.peekFirst().seq() - 1);
    }
  }

  private boolean hasAfter(long cursor) {
    return !events.isEmpty() && events.peekLast().seq() > cursor;
  }

  private List<Event> after(long cursor) {
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      if (e.seq() > cursor) {
        out.add(e);
      }
    }
    return out;
  }

  static int streamOf(String eventId) {
    return Integer.parseInt(eventId.substring(0, eventId.indexOf('-')));
  }
}
