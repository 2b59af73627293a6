package dev.switchboard.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway-wide bound on events held for clients that are not reading: each stream with no consumer keeps its
 * unread events and a replay window for a {@code Last-Event-ID} resume, so without this the total grew with every
 * abandoned session until the session ended. Past the bound the streams left longest ago lose what they hold (a
 * resume from before then is refused as after a cut) until the total is back under 90 % of it. Streams being written
 * are bounded each by {@code maxStreamEvents} and are not counted. Thread safe: streams report here under their own
 * lock (atomics and a concurrent map only); {@link #reclaim} takes streams' locks one at a time and is never called
 * while one is held.
 */
final class RetainedEvents {
  private static final Logger LOG = LoggerFactory.getLogger(RetainedEvents.class);

  /** No bound: for streams no client can come back to (private answer streams, tests). */
  static final RetainedEvents UNBOUNDED = new RetainedEvents(Long.MAX_VALUE);

  private final long bound;
  private final AtomicLong held = new AtomicLong();
  private final AtomicLong order = new AtomicLong();
  /** Streams holding events with no consumer, by the order they started holding them. */
  private final Map<EventStream, Long> idle = new ConcurrentHashMap<>();
  private final ReentrantLock reclaiming = new ReentrantLock();
  private final AtomicLong dropped = new AtomicLong();

  RetainedEvents(long bound) {
    this.bound = bound;
  }

  /**
   * A stream's count of held events changed by {@code delta}; {@code holds}: whether it now holds events with no
   * consumer. True when the gateway is over its bound (the caller reclaims once it has released its own lock).
   */
  boolean adjust(EventStream stream, long delta, boolean holds) {
    if (bound == Long.MAX_VALUE) {
      return false; // untracked: nothing would ever be reclaimed, and the map would keep the streams alive
    }
    if (holds) {
      idle.putIfAbsent(stream, order.incrementAndGet());
    } else {
      idle.remove(stream);
    }
    return held.addAndGet(delta) > bound;
  }

  /** Events held now by streams nobody is reading. */
  long held() {
    return held.get();
  }

  /** Events dropped by {@link #reclaim} since start. */
  long dropped() {
    return dropped.get();
  }

  /** Empties the streams left longest ago until the total is under 90 % of the bound; one caller at a time. */
  void reclaim() {
    if (!reclaiming.tryLock()) {
      return; // another producer is already at it
    }
    try {
      long target = bound - bound / 10;
      long before = held.get();
      int streams = 0;
      for (EventStream s : oldestFirst()) {
        if (held.get() <= target) {
          break;
        }
        streams += s.evict() ? 1 : 0;
      }
      long freed = before - held.get();
      dropped.addAndGet(Math.max(0, freed));
      LOG.warn("{} events held for clients that left freed from {} streams: gateway.limits.maxRetainedEvents ({}) "
          + "was reached; those clients cannot resume from before now", freed, streams, bound);
    } finally {
      reclaiming.unlock();
    }
  }

  private List<EventStream> oldestFirst() {
    List<Map.Entry<EventStream, Long>> entries = new ArrayList<>(idle.entrySet());
    entries.sort(Map.Entry.comparingByValue());
    return entries.stream().map(Map.Entry::getKey).toList();
  }
}
