package dev.switchboard.gateway;

import dev.switchboard.config.UpstreamPolicy;
import dev.switchboard.upstream.Backend;
import dev.switchboard.upstream.UpstreamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The children of one {@link SharedDispatcher} and how they start, are chosen and stop: least-loaded for a shared
 * server's sessions, claimed one per request for a principal's, kept warm, replaced after a crash. Children start
 * under one lock, so the pool never passes {@code pool.max}; nothing starts once closed. Thread safe.
 */
final class SharedChildren {
  private static final Logger LOG = LoggerFactory.getLogger(SharedChildren.class);

  private final Backend backend;
  private final UpstreamPolicy policy;
  private final @Nullable String principal;
  private final SharedDispatcher.Connector connector;
  private final Link.Owner owner;
  private final String version;
  private final Executor closer;
  /** Nanoseconds, as the supervisor's ticks are given. */
  private final LongSupplier clock;
  private final List<SharedChild> children = new CopyOnWriteArrayList<>();
  private final Map<Link, SharedChild> byLink = new ConcurrentHashMap<>();
  private final ReentrantLock spawning = new ReentrantLock();
  /** Claims and reaping of a principal's children, one at a time; taken before {@code spawning}. */
  private final ReentrantLock claiming = new ReentrantLock();
  private final AtomicBoolean spareStarting = new AtomicBoolean();
  private volatile boolean closed;

  SharedChildren(Backend backend, UpstreamPolicy policy, @Nullable String principal,
      SharedDispatcher.Connector connector, Link.Owner owner, String version, Executor closer, LongSupplier clock) {
    this.backend = backend;
    this.policy = policy;
    this.principal = principal;
    this.connector = connector;
    this.owner = owner;
    this.version = version;
    this.closer = closer;
    this.clock = clock;
  }

  /** Starts {@code pool.warm} children in the background. */
  void warmUp() {
    if (policy.warm() > 0) {
      Thread.ofVirtual().name("shared-warm-" + backend.name()).start(this::startWarm);
    }
  }

  @Nullable SharedChild of(Link link) {
    return byLink.get(link);
  }

  /** The children now serving. */
  List<SharedChild> list() {
    return List.copyOf(children);
  }

  /** Forgets the child whose link closed; null when it was not one of these. */
  @Nullable SharedChild removed(Link link) {
    SharedChild child = byLink.remove(link);
    if (child != null) {
      children.remove(child);
    }
    return child;
  }

  /** For a session of a shared server: an idle child, a new one while {@code pool.max} allows, else the least loaded. */
  SharedChild forNewSession() {
    SharedChild best = leastLoaded();
    if (best != null && (best.link.inFlight() == 0 || children.size() >= policy.max())) {
      return best;
    }
    spawning.lock();
    try {
      best = leastLoaded();
      if (best != null && (best.link.inFlight() == 0 || children.size() >= policy.max())) {
        return best;
      }
      return spawn();
    } finally {
      spawning.unlock();
    }
  }

  /**
   * For a principal's request: the first live child not in {@code held}, else a new one while {@code pool.max}
   * allows, else the least loaded; {@code bind} records the choice before another claim can look.
   */
  SharedChild claim(Supplier<Set<SharedChild>> held, java.util.function.Consumer<SharedChild> bind) {
    claiming.lock();
    try {
      SharedChild child = free(held.get());
      if (child == null) {
        spawning.lock();
        try {
          child = free(held.get());
          SharedChild busiest = children.size() < policy.max() ? null : leastLoaded();
          child = child != null ? child : busiest != null ? busiest : spawn();
        } finally {
          spawning.unlock();
        }
      }
      bind.accept(child);
      child.used(clock.getAsLong());
      return child;
    } finally {
      claiming.unlock();
    }
  }

  /**
   * For a session whose child died: a principal's session claims another (under the claim lock, so the reaper cannot
   * stop it meanwhile); a shared server's session takes one as a new session would. {@code bind} records it.
   */
  SharedChild replacement(Supplier<Set<SharedChild>> held, java.util.function.Consumer<SharedChild> bind) {
    if (principal != null) {
      return claim(held, bind);
    }
    SharedChild next = forNewSession();
    bind.accept(next);
    return next;
  }

  /** A request gave the child back: its idle time starts now. */
  void released(SharedChild child) {
    child.used(clock.getAsLong());
  }

  /** With every child held, one more starts in the background, so the next request need not wait for it. */
  void keepSpare(Supplier<Set<SharedChild>> held) {
    if (free(held.get()) != null || children.size() >= policy.max() || !spareStarting.compareAndSet(false, true)) {
      return;
    }
    Thread.ofVirtual().name("spare-" + backend.name()).start(() -> {
      spawning.lock();
      try {
        if (!closed && free(held.get()) == null && children.size() < policy.max()) {
          spawn();
        }
      } catch (UpstreamException e) {
        LOG.debug("{}: no spare child for {}: {}", backend.name(), principal, e.getMessage());
      } finally {
        spawning.unlock();
        spareStarting.set(false);
      }
    });
  }

  /**
   * Stops the children a burst left behind: of those no session is bound to, the most recently used live one stays
   * (the spare), the others go once unused for {@code idle}. Never waits: a claim may hold the lock across a child's
   * start, and this runs on the supervisor's thread, so a busy lock leaves the reaping to a later tick. Returns how
   * many stopped.
   */
  int reapSurplus(long now, Duration idle, Supplier<Set<SharedChild>> bound) {
    List<SharedChild> surplus = new ArrayList<>();
    if (!claiming.tryLock()) {
      return 0;
    }
    try {
      Set<SharedChild> taken = bound.get(); // under the claim lock: no claim can bind one of these meanwhile
      List<SharedChild> unbound = children.stream().filter(c -> c.link.isOpen() && !taken.contains(c))
          .sorted(Comparator.comparingLong(SharedChild::lastUsed).reversed()).toList();
      unbound.stream().skip(1).filter(c -> now - c.lastUsed() > idle.toNanos()).forEach(surplus::add);
      surplus.forEach(c -> removed(c.link));
    } finally {
      claiming.unlock();
    }
    surplus.forEach(c -> Closers.close(closer, c.link::close));
    return surplus.size();
  }

  /** Starts a replacement after a crash, after the backend's backoff, unless another child came meanwhile. */
  void replaceLater() {
    Thread.ofVirtual().name("shared-replace-" + backend.name()).start(this::replace);
  }

  /** Stops every child; none starts after this. Idempotent. */
  void close() {
    spawning.lock();
    try {
      closed = true; // under the spawn lock: no child can be added after this
    } finally {
      spawning.unlock();
    }
    children.forEach(c -> Closers.close(closer, c.link::close));
  }

  /** The first live child not in {@code held}. */
  private @Nullable SharedChild free(Set<SharedChild> held) {
    return children.stream().filter(c -> c.link.isOpen() && !held.contains(c)).findFirst().orElse(null);
  }

  private @Nullable SharedChild leastLoaded() {
    SharedChild best = null;
    for (SharedChild c : children) {
      if (c.link.isOpen() && (best == null || c.link.inFlight() < best.link.inFlight())) {
        best = c;
      }
    }
    return best;
  }

  /** Called with {@code spawning} held. */
  private SharedChild spawn() {
    if (closed) {
      throw new UpstreamException(backend.name(), "MCP server '" + backend.name() + "' is being stopped");
    }
    Link link = Link.open(backend.name(), owner, policy, closer);
    String who = principal;
    link.connect(() -> connector.connect(link, who));
    try {
      SharedChild child = new SharedChild(link, ChildHandshake.perform(link, version,
          policy.timeoutFor("initialize"), who != null || !backend.roots().isEmpty()), policy.pinned());
      child.used(clock.getAsLong());
      byLink.put(link, child);
      children.add(child);
      if (who == null) {
        LOG.info("{}: shared child ready ({} of at most {})", backend.name(), children.size(), policy.max());
      } else {
        LOG.info("{}: child ready for the 2026-07-28 requests of {}", backend.name(), who);
      }
      return child;
    } catch (UpstreamException e) {
      Closers.close(closer, link::close);
      throw e;
    }
  }

  private void replace() {
    sleep(backend.failures().backoff());
    if (closed || backend.failures().isCrashLooping() || !children.isEmpty()) {
      return;
    }
    try {
      spawning.lock();
      try {
        if (children.isEmpty()) {
          spawn();
        }
      } finally {
        spawning.unlock();
      }
    } catch (UpstreamException e) {
      LOG.warn("{}: replacement failed: {}", backend.name(), e.getMessage());
    }
  }

  private void startWarm() {
    try {
      while (!closed && children.size() < Math.min(policy.warm(), policy.max())) {
        spawning.lock();
        try {
          spawn();
        } finally {
          spawning.unlock();
        }
      }
    } catch (UpstreamException e) {
      LOG.warn("{}: could not start a warm shared child: {}", backend.name(), e.getMessage());
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
