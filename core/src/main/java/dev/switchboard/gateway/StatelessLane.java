package dev.switchboard.gateway;

import dev.switchboard.protocol.JsonRpcError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Which dispatcher serves a server's 2026-07-28 requests. A {@code shared} or {@code call} server serves them with
 * the children it already has; a {@code session} server keeps its children one per client, and a sessionless request
 * has no client but its principal, so each principal (API key, OAuth subject) gets a child of its own, started on its
 * first request and stopped once it has served nothing for the idle timeout. Thread safe.
 */
final class StatelessLane {
  private final @Nullable Dispatcher same;
  private final Function<String, SharedDispatcher> factory;
  private final Supplier<Duration> idle;
  private final LongSupplier clock;
  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by {@code lock}. */
  private final Map<String, Own> own = new HashMap<>();
  /** Guarded by {@code lock}. */
  private boolean closed;

  /** One principal's dispatcher and when a request last took it. */
  private static final class Own {
    final SharedDispatcher dispatcher;
    long used;

    Own(SharedDispatcher dispatcher, long used) {
      this.dispatcher = dispatcher;
      this.used = used;
    }
  }

  private StatelessLane(@Nullable Dispatcher same, Function<String, SharedDispatcher> factory,
      Supplier<Duration> idle, LongSupplier clock) {
    this.same = same;
    this.factory = factory;
    this.idle = idle;
    this.clock = clock;
  }

  /** Sessionless requests share the dispatcher of the server's sessions. */
  static StatelessLane sharing(Dispatcher dispatcher) {
    return new StatelessLane(dispatcher, p -> {
      throw new IllegalStateException("a sharing lane makes no dispatcher");
    }, () -> Duration.ZERO, System::nanoTime);
  }

  /**
   * Sessionless requests get a dispatcher per principal, made by {@code factory} on its first request and closed
   * after {@code idle} with nothing bound to it ({@code clock} in nanoseconds, as {@link #tick} is given).
   */
  static StatelessLane perPrincipal(Function<String, SharedDispatcher> factory, Supplier<Duration> idle,
      LongSupplier clock) {
    return new StatelessLane(null, factory, idle, clock);
  }

  /** The dispatcher for a request of {@code principal}. */
  Dispatcher dispatcher(String principal) {
    if (same != null) {
      return same;
    }
    lock.lock();
    try {
      if (closed) {
        throw new GatewayException(Refusal.SHUTTING_DOWN,
            new JsonRpcError(JsonRpcError.SERVER_ERROR, "this server is being retired"));
      }
      Own mine = own.computeIfAbsent(principal, p -> new Own(factory.apply(p), 0));
      mine.used = clock.getAsLong();
      return mine.dispatcher;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ticks each principal's dispatcher, closes the ones idle for longer than the idle timeout, and stops the children
   * a burst left behind in the others once they are as idle.
   */
  void tick(long now) {
    retireIdle(now).forEach(Dispatcher::close);
    live(false).forEach(d -> {
      d.tick(now);
      d.reapSurplus(now, idle.get());
    });
  }

  /** Principals with a dispatcher now, for tests and status. */
  int principals() {
    lock.lock();
    try {
      return own.size();
    } finally {
      lock.unlock();
    }
  }

  /** Stops every principal's child; later requests are refused. Idempotent. */
  void close() {
    live(true).forEach(Dispatcher::close);
  }

  /** The dispatchers now live; with {@code retire}, they are forgotten and the lane takes no more requests. */
  private List<SharedDispatcher> live(boolean retire) {
    lock.lock();
    try {
      List<SharedDispatcher> all = own.values().stream().map(o -> o.dispatcher).toList();
      if (retire) {
        closed = true;
        own.clear();
      }
      return all;
    } finally {
      lock.unlock();
    }
  }

  private List<Dispatcher> retireIdle(long now) {
    long limit = idle.get().toNanos();
    lock.lock();
    try {
      List<Dispatcher> retired = new ArrayList<>();
      for (Iterator<Own> it = own.values().iterator(); it.hasNext();) {
        Own o = it.next();
        if (now - o.used > limit && o.dispatcher.unused()) {
          it.remove();
          retired.add(o.dispatcher);
        }
      }
      return retired;
    } finally {
      lock.unlock();
    }
  }
}
