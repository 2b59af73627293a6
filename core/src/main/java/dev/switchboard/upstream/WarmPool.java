package dev.switchboard.upstream;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Children started ahead of demand and held before their {@code initialize}, so the client that claims one sends
 * its own handshake (its capabilities, its version) to a process that is already up. Each claim starts a
 * replacement in the background, with the backend's backoff after failures. Thread safe; {@link #close} stops the
 * unclaimed children.
 */
public final class WarmPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WarmPool.class);

  private final Backend backend;
  private final int size;
  private final ConcurrentLinkedQueue<Warm> ready = new ConcurrentLinkedQueue<>();
  private final AtomicInteger starting = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  private record Warm(Upstream upstream, SwitchableListener listener) {}

  private final java.util.concurrent.Executor closer;

  /** {@code closer} stops unclaimed children when the pool closes (the gateway awaits it on shutdown). */
  public WarmPool(Backend backend, int size, java.util.concurrent.Executor closer) {
    this.backend = backend;
    this.size = size;
    this.closer = closer;
  }

  /** Starts filling the pool in the background. */
  public WarmPool start() {
    backend.counts().warmPool(ready::size);
    refill();
    return this;
  }

  /** A warm child now routed to {@code listener}, or a freshly started one when none is ready; whose is unknown. */
  public Upstream take(Upstream.Listener listener) {
    return take(listener, null);
  }

  /**
   * As {@link #take(Upstream.Listener)} for a session of {@code principal} (an API key's name), so that a stdio
   * server counts the child's failures, and shows its stderr, to that principal only.
   */
  public Upstream take(Upstream.Listener listener, @Nullable String principal) {
    Warm warm;
    while ((warm = ready.poll()) != null) {
      if (warm.upstream().isOpen() && warm.listener().claim(listener)) {
        if (backend instanceof StdioBackend stdio) {
          stdio.claimed(warm.upstream(), principal);
        }
        backend.counts().recordClaim(true);
        refill();
        return warm.upstream();
      }
    }
    backend.counts().recordClaim(false);
    refill();
    if (principal != null && backend instanceof StdioBackend stdio) {
      return stdio.connect(listener, principal);
    }
    return backend.connect(listener);
  }

  private void refill() {
    int missing = size - ready.size() - starting.get();
    for (int i = 0; i < missing && !closed.get(); i++) {
      starting.incrementAndGet();
      Thread.ofVirtual().name("warm-" + backend.name()).start(this::startOne);
    }
  }

  private void startOne() {
    try {
      sleep(backend.failures().backoff());
      if (closed.get() || backend.failures().isCrashLooping()) {
        return;
      }
      SwitchableListener listener = new SwitchableListener(this::refillLater);
      Upstream upstream = backend instanceof StdioBackend stdio ? stdio.connectWarm(listener)
          : backend.connect(listener);
      ready.add(new Warm(upstream, listener));
      if (closed.get()) {
        close();
      }
    } catch (UpstreamException e) {
      LOG.warn("could not start a warm child for {}: {}", backend.name(), e.getMessage());
    } finally {
      starting.decrementAndGet();
    }
  }

  /** An unclaimed child died: replace it (after the backoff the failure earned). */
  private void refillLater() {
    ready.removeIf(w -> !w.upstream().isOpen());
    refill();
  }

  @Override
  public void close() {
    closed.set(true);
    Warm warm;
    while ((warm = ready.poll()) != null) {
      Upstream upstream = warm.upstream();
      try {
        closer.execute(upstream::close);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        upstream.close(); // the gateway is already past its closer: stop it here
      }
    }
  }

  private static void sleep(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
