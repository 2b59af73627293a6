package dev.switchboard.gateway;

import dev.switchboard.protocol.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbered events of one {@link EventStream}: those its consumer has not written yet, and a window of written ones
 * kept for a client that resumes with {@code Last-Event-ID}. It knows what was delivered and what a cut or an eviction
 * dropped, so a resume from before a gap is refused rather than served with one. Not thread safe: its stream's lock
 * guards every call.
 */
final class EventWindow {
  /** Delivered events kept for a reconnecting client. */
  static final int REPLAY_WINDOW = 256;

  private final int streamId;
  private final ArrayDeque<EventStream.Event> events = new ArrayDeque<>();
  private long nextSeq = 1;
  private long delivered;
  /** The highest sequence number dropped undelivered (0: none): a resume from before it cannot be served. */
  private long lostThrough;

  EventWindow(int streamId) {
    this.streamId = streamId;
  }

  /** Numbers {@code message} and appends it. */
  void append(Message message) {
    events.addLast(new EventStream.Event(streamId + "-" + nextSeq, nextSeq++, message));
  }

  /** Events numbered but not yet written by a consumer. */
  long unread() {
    return nextSeq - 1 - delivered;
  }

  /** The consumer wrote everything up to {@code seq}: written events older than the replay window go. */
  void deliveredThrough(long seq) {
    delivered = Math.max(delivered, seq);
    while (!events.isEmpty() && events.peekFirst().seq() <= delivered - REPLAY_WINDOW) {
      events.removeFirst();
    }
  }

  long delivered() {
    return delivered;
  }

  /** Whether every event numbered so far has been written. */
  boolean drained() {
    return delivered >= nextSeq - 1;
  }

  /** A fresh consumer starts after everything numbered so far (what a cut dropped stays lost). */
  void skipToEnd() {
    delivered = nextSeq - 1;
  }

  /**
   * With no consumer to wait for, makes room for one more event under {@code capacity} unread ones: written events
   * go first, then the oldest unread (nobody is reading; a resuming client gets the newest).
   */
  void dropOldestBeyond(int capacity) {
    while (unread() >= capacity) {
      if (events.isEmpty()) {
        skipToEnd();
        return;
      }
      events.removeFirst();
      delivered = Math.max(delivered, events.isEmpty() ? nextSeq - 1 : events.peekFirst().seq() - 1);
    }
  }

  /** Drops everything held, undelivered events included: a resume from before now is refused. Returns how many. */
  int dropAll() {
    int dropped = events.size();
    lostThrough = Math.max(lostThrough, nextSeq - 1);
    events.clear();
    return dropped;
  }

  /** Frees what is held without marking a gap (nobody can ask for it again). */
  void clear() {
    events.clear();
  }

  /** Whether a consumer resuming after {@code cursor} would miss events that were dropped undelivered. */
  boolean lostAfter(long cursor) {
    return cursor < lostThrough;
  }

  int size() {
    return events.size();
  }

  boolean isEmpty() {
    return events.isEmpty();
  }

  boolean hasAfter(long cursor) {
    return !events.isEmpty() && events.peekLast().seq() > cursor;
  }

  List<EventStream.Event> after(long cursor) {
    List<EventStream.Event> out = new ArrayList<>();
    for (EventStream.Event e : events) {
      if (e.seq() > cursor) {
        out.add(e);
      }
    }
    return out;
  }
}
