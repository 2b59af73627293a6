package dev.switchboard.gateway;

import dev.switchboard.protocol.RequestId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Times the gateway's share of the requests answered on one {@link EventStream}: from the request's first byte, as
 * its wire saw it, to its answer written to the client, less the time in the server. A wire that answers one exchange
 * per stream (a Streamable HTTP POST) times the whole stream; a wire that carries a session's messages on one outbox
 * (sockets, WebSocket, legacy SSE, the seed API) times each request by its id. The link claims a request's share
 * before its answer is on the stream and hands over the exchange once it has ended; the share is reported when both
 * ends are known, else the link reports its own narrower measure. Thread safe.
 */
final class ShareClock {
  /** Requests timed by id at once; past it the oldest is given up (a client that never reads its answers). */
  static final int MAX_TIMED = 1_024;

  /** The stream's lock: nothing here waits, and a stream that nobody times costs no lock of its own. */
  private final ReentrantLock lock;
  /** The stream's own exchange: when it began (0: not timed) and when its writer finished (0: not yet). */
  private final Claim whole = new Claim(null, 0);
  /** Requests timed by id, oldest first; made for the first one (most streams time no request by id). */
  private @Nullable Map<RequestId, Claim> byId;

  ShareClock(ReentrantLock lock) {
    this.lock = lock;
  }

  /** One timed exchange, as a claim hands it to the link: its ends, and the request's end once known. */
  static final class Claim {
    private final @Nullable RequestId id;
    private long begun;
    private long written;
    private boolean claimed;
    /** Given up (dropped for a newer request, or its id reused): the link's measure is reported instead. */
    private boolean dropped;
    private RequestEvents.@Nullable Exchange exchange;
    private @Nullable RequestEvents events;

    private Claim(@Nullable RequestId id, long begun) {
      this.id = id;
      this.begun = begun;
    }

    /** What to report now, to be told outside the lock; null while an end is missing. */
    private @Nullable Report report() {
      if (exchange == null || events == null) {
        return null;
      }
      if (dropped) {
        return new Report(events, exchange, -1);
      }
      return written == 0 ? null : new Report(events, exchange, written - begun);
    }
  }

  /** A share ready to go (span -1: the link's own measure); told outside the lock: the listener is another component. */
  private record Report(RequestEvents events, RequestEvents.Exchange exchange, long span) {
    void send() {
      events.gatewayShare(exchange, span < 0 ? exchange.gatewayNanos()
          : Math.max(0, span - exchange.upstreamNanos()));
    }
  }

  /** The whole stream's exchange began at {@code nanos} ({@link System#nanoTime()}); set before any request is sent. */
  void timeFrom(long nanos) {
    lock.lock();
    try {
      whole.begun = nanos;
    } finally {
      lock.unlock();
    }
  }

  /** The request {@code id} on this stream began at {@code nanos}. */
  void begin(RequestId id, long nanos) {
    @Nullable Report reused;
    @Nullable Report oldest = null;
    lock.lock();
    try {
      if (byId == null) {
        byId = new LinkedHashMap<>();
      }
      Map<RequestId, Claim> timed = byId;
      reused = drop(timed.put(id, new Claim(id, nanos)));
      if (timed.size() > MAX_TIMED) {
        Iterator<Claim> first = timed.values().iterator();
        oldest = drop(first.next());
        first.remove();
      }
    } finally {
      lock.unlock();
    }
    send(reused);
    send(oldest);
  }

  /**
   * Leaves the share of the request {@code id} to this stream's writer; null (report it yourself) if nobody times it or
   * it is already claimed.
   */
  @Nullable Claim claim(RequestId id) {
    lock.lock();
    try {
      Claim t = byId == null ? null : byId.get(id);
      if (t != null && !t.claimed && t.written == 0) {
        t.claimed = true;
        return t;
      }
      if (whole.begun == 0 || whole.claimed || whole.written != 0) {
        return null;
      }
      whole.claimed = true;
      return whole;
    } finally {
      lock.unlock();
    }
  }

  /** The claimed request's end: reported now if its answer is already written, else when it is. */
  void share(Claim claim, RequestEvents events, RequestEvents.Exchange exchange) {
    @Nullable Report ready;
    lock.lock();
    try {
      claim.exchange = exchange;
      claim.events = events;
      ready = claim.report();
      if (ready != null && claim.id != null && byId != null) {
        byId.remove(claim.id, claim);
      }
    } finally {
      lock.unlock();
    }
    send(ready);
  }

  /** The whole stream's writer is done (the answer written, or the client gone). */
  void written(long now) {
    @Nullable Report ready;
    lock.lock();
    try {
      if (whole.begun == 0 || whole.written != 0) {
        return;
      }
      whole.written = now;
      ready = whole.report();
    } finally {
      lock.unlock();
    }
    send(ready);
  }

  /** The answer to {@code id} was written; an answer the gateway made itself (never claimed) just ends the timing. */
  void written(RequestId id, long now) {
    @Nullable Report ready;
    lock.lock();
    try {
      Claim t = byId == null ? null : byId.get(id);
      if (t == null) {
        return;
      }
      t.written = now;
      ready = t.report();
      if ((ready != null || !t.claimed) && byId != null) {
        byId.remove(id);
      }
    } finally {
      lock.unlock();
    }
    send(ready);
  }

  /** The request {@code id} ends without an answer (the client cancelled it): its timing goes. */
  void forget(RequestId id) {
    lock.lock();
    try {
      if (byId != null) {
        byId.remove(id);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Requests timed by id and not yet reported, for tests. */
  int timed() {
    lock.lock();
    try {
      return byId == null ? 0 : byId.size();
    } finally {
      lock.unlock();
    }
  }

  /** Marks a claim given up; what it already knows is reported with the link's measure. Under the lock. */
  private static @Nullable Report drop(@Nullable Claim t) {
    if (t == null) {
      return null;
    }
    t.dropped = true;
    return t.report();
  }

  private static void send(@Nullable Report report) {
    if (report != null) {
      report.send();
    }
  }
}
