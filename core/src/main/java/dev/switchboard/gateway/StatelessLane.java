package dev.switchboard.gateway;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Which dispatcher serves a server's 2026-07-28 requests. A {@code shared} or {@code call} server serves them with
 * the children it already has; a {@code session} server keeps its children one per client, so its sessionless
 * requests get a child each, as under {@code call} (made on first use, with its own warm child). Thread safe.
 */
final class StatelessLane {
  private final @Nullable Dispatcher same;
  private final Supplier<Dispatcher> factory;
  private final ReentrantLock making = new ReentrantLock();
  private volatile @Nullable Dispatcher own;
  private volatile boolean closed;

  private StatelessLane(@Nullable Dispatcher same, Supplier<Dispatcher> factory) {
    this.same = same;
    this.factory = factory;
  }

  /** Sessionless requests share the dispatcher of the server's sessions. */
  static StatelessLane sharing(Dispatcher dispatcher) {
    return new StatelessLane(dispatcher, () -> dispatcher);
  }

  /** Sessionless requests get a dispatcher of their own, made by {@code factory} when the first one comes. */
  static StatelessLane separate(Supplier<Dispatcher> factory) {
    return new StatelessLane(null, factory);
  }

  Dispatcher dispatcher() {
    Dispatcher d = same != null ? same : own;
    return d != null ? d : make();
  }

  void tick(long now) {
    Dispatcher d = own;
    if (d != null) {
      d.tick(now);
    }
  }

  void close() {
    making.lock();
    try {
      closed = true;
      Dispatcher d = own;
      if (d != null) {
        d.close();
      }
    } finally {
      making.unlock();
    }
  }

  private Dispatcher make() {
    making.lock();
    try {
      Dispatcher d = own;
      if (d == null) {
        if (closed) {
          throw new GatewayException(Refusal.SHUTTING_DOWN, new dev.switchboard.protocol.JsonRpcError(
              dev.switchboard.protocol.JsonRpcError.SERVER_ERROR, "this server is being retired"));
        }
        d = factory.get();
        own = d;
      }
      return d;
    } finally {
      making.unlock();
    }
  }
}
