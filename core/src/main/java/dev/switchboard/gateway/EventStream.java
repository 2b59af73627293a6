package dev.switchboard.gateway;

import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ordered, bounded outbox of messages for one client stream: the answer stream of one POST, or a session's
 * standalone stream. Producers (upstream threads) {@link #offer} and never block; the one consumer (the HTTP thread
 * writing the stream) {@link #await}s events after its cursor. Events stay numbered so a client that reconnects with
 * {@code Last-Event-ID} gets what it missed; a consumer that falls too far behind is cut off instead of letting memory
 * grow: the stream drops everything it holds and refuses further messages, and the consumer ends its response when
 * it next looks. A request stream stays cut (it counts as finished); the standalone stream is usable again by the
 * next consumer that attaches afresh. Resuming from before a cut is impossible ({@link #lostAfter}). Thread safe.
 */
public final class EventStream {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  /** Events a consumer takes in a row without waiting before it lets others have its carrier (~1 ms of writes). */
  private static final int FAIR_EVENTS = 256;
  /** A wait longer than this (about 73 years) is that long: a deadline in {@link System#nanoTime} must not wrap. */
  private static final long LONGEST_WAIT = Long.MAX_VALUE / 4;

  private final int id;
  private final int capacity;
  /** A POST's answer stream (it waits for responses), as opposed to a session's standalone stream. */
  private final boolean requestStream;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** Rings when a consumer's wait has lasted its timeout. */
  private final Runnable wake = this::wake;
  private final EventWindow events;
  /** Events its consumer found waiting, batch after batch; touched by the consumer only, outside the lock. */
  private final Streak eager = new Streak(FAIR_EVENTS);
  private int awaitingResponses;
  private boolean finished;
  private boolean cutOff;
  /** The consumer writing this stream now (0: none); a resuming client takes over from one that went silent. */
  private int owner;
  private int lastOwner;

  private final @Nullable Runnable onDrained;
  private final RetainedEvents retained;
  /** Events of this stream counted in {@link #retained} (those it holds while no consumer is writing it). */
  private long counted;
  /** Its session ended: once no consumer is writing it, nothing it holds can be asked for again. */
  private boolean discarded;
  /** The gateway's share of the requests answered here, timed from the wire's first byte to the answer written. */
  private final Shares shares = new Shares(lock);

  EventStream(int id, int capacity, int expectedResponses) {
    this(id, capacity, expectedResponses, null, RetainedEvents.UNBOUNDED);
  }

  /**
   * {@code onDrained} runs once a finished stream's consumer has written every event: nothing is left to resume.
   * {@code retained}: the gateway-wide bound its events count against while no consumer is writing it.
   */
  EventStream(int id, int capacity, int expectedResponses, @Nullable Runnable onDrained, RetainedEvents retained) {
    this.id = id;
    this.capacity = capacity;
    this.requestStream = expectedResponses > 0;
    this.awaitingResponses = expectedResponses;
    this.onDrained = onDrained;
    this.retained = retained;
    this.events = new EventWindow(id);
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
   * stream had already finished, or is (or by this message would be) cut off: the message is not on it, and the
   * caller decides where it goes instead.
   */
  public boolean offer(Message message) {
    boolean overBound;
    lock.lock();
    try {
      if (finished || cutOff || !makeRoom()) {
        return false;
      }
      events.append(message);
      boolean isResponse = message instanceof Message.Response || message instanceof Message.ErrorResponse;
      if (isResponse && awaitingResponses > 0 && --awaitingResponses == 0) {
        finished = true;
      }
      changed.signalAll();
      overBound = account();
    } finally {
      lock.unlock();
    }
    if (overBound) {
      retained.reclaim(); // after the unlock: reclaiming takes other streams' locks
    }
    return true;
  }

  /**
   * Its writer times the exchange from {@code begun} ({@link System#nanoTime()} of the request's first byte) to
   * {@link #written(long)}, and reports the first answered request's gateway share then. Set before any request is
   * sent; for a stream that answers one exchange (a POST's).
   */
  public void timeFrom(long begun) {
    shares.timeFrom(begun);
  }

  /**
   * The request {@code id} began arriving at {@code begun}: its writer reports its gateway share once it has written
   * the answer ({@link #written(RequestId, long)}). For a stream that carries many exchanges (a session's outbox).
   */
  public void timeRequest(RequestId id, long begun) {
    shares.timeRequest(id, begun);
  }

  /** Leaves request {@code id}'s gateway share to the writer; null (report it yourself) if nobody times it. */
  ShareClock.@Nullable Claim claimShare(RequestId id) {
    return shares.claim(id);
  }

  /** The claimed request's end: reported now if the writer is already done, else when it is. */
  void share(ShareClock.Claim claim, RequestEvents events, RequestEvents.Exchange exchange) {
    shares.share(claim, events, exchange);
  }

  /** The writer is done (the answer written, or the client gone): the claimed share, if its end is known, goes now. */
  public void written(long now) {
    shares.written(now);
  }

  /** The request {@code id} ends with no answer to write (cancelled): nobody times it any more. */
  void forgetShare(RequestId id) {
    shares.forget(id);
  }

  /** Requests timed by id whose share is not reported yet, for tests. */
  int timedRequests() {
    return shares.timed();
  }

  /** The answer to request {@code id} is written (flushed to the wire). */
  public void written(RequestId id, long now) {
    shares.written(id, now);
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
    long deadline = System.nanoTime() + Math.min(timeout.toNanos(), LONGEST_WAIT); // no overflow past it
    boolean waited = false;
    WaitTimer.@Nullable Alarm alarm = null;
    Batch batch;
    lock.lock();
    try {
      while (!events.hasAfter(cursor) && !finished && !cutOff && owner == token && deadline - System.nanoTime() > 0) {
        if (alarm == null) {
          alarm = WaitTimer.SHARED.at(deadline, wake); // not awaitNanos: see WaitTimer
        }
        waited = true;
        changed.await();
      }
      batch = owner != token ? new Batch(List.of(), false, false, true)
          : new Batch(events.after(cursor), finished, cutOff, false);
    } finally {
      lock.unlock();
      if (alarm != null) {
        alarm.cancel();
      }
    }
    if (waited || batch.events().isEmpty()) {
      eager.idle();
    } else {
      eager.busy(batch.events().size()); // a flooded stream's writer never waits: it must still share its carrier
    }
    return batch;
  }

  /** The wait's deadline passed: its consumer wakes and sees so (on the timer's thread; only a signal). */
  private void wake() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Records that the consumer wrote everything up to {@code seq}, so older events may be trimmed. */
  public void delivered(long seq) {
    lock.lock();
    try {
      events.deliveredThrough(seq);
      account();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Claims the stream for a consumer: its token, or 0 when another consumer holds it. A fresh consumer of a standalone
   * stream that was cut off starts after the cut, and the stream takes messages again.
   */
  public int attach() {
    lock.lock();
    try {
      if (owner != 0) {
        return 0;
      }
      if (cutOff && !requestStream && !finished) {
        cutOff = false;
        events.skipToEnd();
      }
      owner = ++lastOwner;
      account();
      return owner;
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
      account();
      return owner;
    } finally {
      lock.unlock();
    }
  }

  /** Releases the stream if {@code token} still holds it. */
  public void detach(int token) {
    boolean drained;
    boolean overBound;
    lock.lock();
    try {
      if (owner != token) {
        return;
      }
      owner = 0;
      drained = finished && events.drained();
      if (discarded) {
        events.clear();
      }
      overBound = account();
    } finally {
      lock.unlock();
    }
    if (overBound) {
      retained.reclaim();
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
      return events.delivered();
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

  /**
   * Whether a consumer resuming after {@code cursor} would miss events a cut dropped: it cannot be served, the client
   * must be told (and start over) rather than handed a stream with a silent gap.
   */
  public boolean lostAfter(long cursor) {
    lock.lock();
    try {
      return events.lostAfter(cursor);
    } finally {
      lock.unlock();
    }
  }

  /** Whether a consumer fell too far behind and the stream was cut (until a fresh consumer of a standalone stream). */
  public boolean isCutOff() {
    lock.lock();
    try {
      return cutOff;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Drops what this stream holds for a client that is not reading it, under the gateway-wide bound: a resume from
   * before now is refused as after a cut, and a request stream is cut for good (its client may send the request
   * again). False when a consumer took the stream meanwhile or it held nothing.
   */
  boolean evict() {
    lock.lock();
    try {
      if (owner != 0 || events.isEmpty()) {
        account();
        return false;
      }
      events.dropAll();
      events.skipToEnd();
      if (requestStream && !finished) {
        cutOff = true;
        finished = true;
      }
      changed.signalAll();
      account();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Its session ended: what it holds is freed now, or when its consumer (draining the last events) lets go. */
  void discard() {
    lock.lock();
    try {
      discarded = true;
      finished = true;
      if (owner == 0) {
        events.clear();
      }
      changed.signalAll();
      account();
    } finally {
      lock.unlock();
    }
  }

  /** Events held now (unread ones plus the replay window), for tests and diagnostics. */
  int retained() {
    lock.lock();
    try {
      return events.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Keeps the bound before a message is appended: true when there is room. With no consumer attached the oldest
   * unread event is dropped (nobody is reading; a resuming client gets the newest). With one attached that has fallen
   * {@code capacity} events behind, the stream is cut: everything it holds is dropped at once (its consumer may be
   * stuck in a write to a client that reads nothing, so waiting for it to notice would let memory grow), further
   * messages are refused, and the consumer ends its response when it next looks.
   */
  private boolean makeRoom() {
    if (events.unread() < capacity) {
      return true;
    }
    if (owner == 0) {
      events.dropOldestBeyond(capacity);
      return true;
    }
    cutOff = true;
    // logged here, not by the writer: a writer stuck in a write to a client that reads nothing ends by its write
    // deadline or the closed socket, and never looks at the stream again
    LOG.warn("stream {} cut off: its client fell {} events behind (gateway.limits.maxStreamEvents); {} events freed",
        id, capacity, events.dropAll());
    if (requestStream) {
      finished = true; // nothing more will come on it: the session may forget it once resuming is refused
    }
    changed.signalAll();
    return false;
  }

  /** Under the lock: reports this stream's unconsumed holding to the gateway-wide count; true when over the bound. */
  private boolean account() {
    long now = owner == 0 ? events.size() : 0;
    if (now == counted) {
      return false; // nothing changed (a stream being read holds nothing): no trip to the gateway-wide count
    }
    boolean over = retained.adjust(this, now - counted, now > 0);
    counted = now;
    return over;
  }

  static int streamOf(String eventId) {
    return Integer.parseInt(eventId.substring(0, eventId.indexOf('-')));
  }
}
