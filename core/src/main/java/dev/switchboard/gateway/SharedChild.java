package dev.switchboard.gateway;

import dev.switchboard.protocol.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * One child serving many sessions under {@code sharing: shared}: its link, its cached {@code InitializeResult},
 * who subscribed to what, and the pinning state. Pinned, it serves one session at a time — needed when the server
 * sends requests or log messages that could belong to any of several sessions — and queues the others. A pin taken
 * for such a message ends when the child is idle (nothing in flight, nobody waiting): then nothing it sends can be
 * ambiguous any more. A pin from {@code pool.pinned} lasts. Thread safe.
 */
final class SharedChild {
  final Link link;
  final ObjectNode initializeResult;
  final Subscriptions subscriptions = new Subscriptions();
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Queued> waiting = new ArrayDeque<>();
  private final boolean alwaysPinned;
  private volatile boolean pinned;
  private volatile @Nullable Caller pinnedTo;
  volatile int level = LogLevels.UNSET;
  /** When a request last took or gave back this child ({@link System#nanoTime()}). */
  private volatile long lastUsed;

  /** A request waiting for its session's turn on a pinned child. */
  record Queued(Caller session, Message.Request request, EventStream out, long since) {}

  SharedChild(Link link, ObjectNode initializeResult, boolean pinned) {
    this.link = link;
    this.initializeResult = initializeResult;
    this.pinned = pinned;
    this.alwaysPinned = pinned;
  }

  void used(long now) {
    lastUsed = now;
  }

  long lastUsed() {
    return lastUsed;
  }

  boolean isPinned() {
    return pinned;
  }

  /** From now on, one session at a time. */
  boolean pin() {
    boolean was = pinned;
    pinned = true;
    return !was;
  }

  @Nullable Caller pinnedTo() {
    return pinnedTo;
  }

  /**
   * Whether {@code session} may send now; if not, its request waits in line. The child goes to a new session only
   * when nothing is in flight on it, so everything the child sends while pinned belongs to {@link #pinnedTo()}.
   */
  boolean admitOrQueue(Caller session, Message.Request request, EventStream out) {
    lock.lock();
    try {
      if (!pinned) {
        return true; // unpinned since the caller looked
      }
      if (pinnedTo == null && waiting.isEmpty() && link.inFlight() == 0) {
        if (alwaysPinned) {
          pinnedTo = session;
        } else {
          pinned = false; // idle: nothing it sends now can be ambiguous, the pin has done its job
        }
        return true;
      }
      if (pinnedTo == session) {
        return true;
      }
      waiting.addLast(new Queued(session, request, out, System.nanoTime()));
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Called after each answer: when the pinned session has nothing left in flight, the next waiting session gets
   * the child; returns its queued requests, to be sent in order.
   */
  List<Queued> release() {
    lock.lock();
    try {
      if (!pinned || link.inFlight() > 0) {
        return List.of(); // requests sent before pinning must finish too: their traffic has no owner
      }
      if (waiting.isEmpty() && !alwaysPinned) {
        pinned = false; // idle: the attribution question is gone, sessions share the child again
        pinnedTo = null;
        return List.of();
      }
      pinnedTo = waiting.isEmpty() ? null : waiting.peekFirst().session();
      List<Queued> next = new ArrayList<>();
      waiting.removeIf(q -> q.session() == pinnedTo && next.add(q));
      return next;
    } finally {
      lock.unlock();
    }
  }

  /** The session ended: its waiting requests are removed (and returned), and it gives up the child. */
  List<Queued> drop(Caller session) {
    lock.lock();
    try {
      List<Queued> out = new ArrayList<>();
      waiting.removeIf(q -> q.session() == session && out.add(q));
      if (pinnedTo == session) {
        pinnedTo = null;
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** The child is gone: every waiting request is removed and returned. */
  List<Queued> dropAll() {
    lock.lock();
    try {
      List<Queued> out = new ArrayList<>(waiting);
      waiting.clear();
      pinnedTo = null;
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Removes and returns waiting requests older than their timeout. */
  List<Queued> expired(long now, java.util.function.ToLongFunction<Queued> timeoutNanos) {
    lock.lock();
    try {
      List<Queued> out = new ArrayList<>();
      waiting.removeIf(q -> now - q.since() > timeoutNanos.applyAsLong(q) && out.add(q));
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Takes a waiting request out of line (its client cancelled it); null when it is not waiting. */
  @Nullable Queued cancel(Caller session, dev.switchboard.protocol.RequestId id) {
    lock.lock();
    try {
      for (Queued q : waiting) {
        if (q.session() == session && q.request().id().equals(id)) {
          waiting.remove(q);
          return q;
        }
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  int waiting(Caller session) {
    lock.lock();
    try {
      return (int) waiting.stream().filter(q -> q.session() == session).count();
    } finally {
      lock.unlock();
    }
  }
}
