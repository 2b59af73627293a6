package dev.switchboard.gateway;

import dev.switchboard.config.Limits;
import dev.switchboard.config.SessionSettings;
import dev.switchboard.upstream.Upstream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All live sessions: creates them under the cap with unguessable ids, finds them, expires idle ones with a sweeper
 * thread, and stops their upstreams off the caller's thread (stopping a child can take seconds). Thread safe;
 * {@link #close} ends every session and waits for their upstreams.
 */
public final class SessionRegistry implements AutoCloseable, Session.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SessionSettings settings;
  private final Limits limits;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final ExecutorService closers = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread sweeper;

  public SessionRegistry(SessionSettings settings, Limits limits) {
    this.settings = settings;
    this.limits = limits;
    this.sweeper = Thread.ofVirtual().name("session-sweeper").start(this::sweepLoop);
  }

  /** A new session, or empty when {@code sessions.max} are already live. */
  public Optional<Session> create(String server) {
    if (closed.get() || sessions.size() >= settings.max()) {
      return Optional.empty();
    }
    Session session = new Session(newId(), server, limits, this);
    sessions.put(session.id(), session);
    return Optional.of(session);
  }

  /** The live session with this id; closed, expired and unknown ids find nothing. */
  public Optional<Session> find(String id) {
    Session s = sessions.get(id);
    return s == null || s.state() == SessionState.CLOSED ? Optional.empty() : Optional.of(s);
  }

  public Collection<Session> all() {
    return List.copyOf(sessions.values());
  }

  public int size() {
    return sessions.size();
  }

  @Override
  public void closed(Session session, @Nullable Upstream upstream, String reason) {
    sessions.remove(session.id(), session);
    if (upstream != null) {
      closers.execute(upstream::close);
    }
  }

  /** Expires sessions idle longer than the timeout; returns how many. Called by the sweeper, and by tests. */
  public int sweep() {
    long limit = settings.idleTimeout().toNanos();
    int expired = 0;
    for (Session s : sessions.values()) {
      if (!s.isBusy() && s.idleNanos() > limit) {
        s.close("idle for longer than " + settings.idleTimeout());
        expired++;
      }
    }
    return expired;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    sweeper.interrupt();
    sessions.values().forEach(s -> s.close("Switchboard is shutting down"));
    closers.shutdown();
    try {
      if (!closers.awaitTermination(15, TimeUnit.SECONDS)) {
        LOG.warn("some upstreams did not stop within 15 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sweepLoop() {
    Duration every = sweepInterval(settings.idleTimeout());
    while (!closed.get()) {
      try {
        Thread.sleep(every);
        sweep();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("session sweep failed", e);
      }
    }
  }

  static Duration sweepInterval(Duration idle) {
    long millis = Math.max(250, Math.min(30_000, idle.toMillis() / 4));
    return Duration.ofMillis(millis);
  }

  /** 32 random bytes in base64url: visible ASCII, as the spec requires, and unguessable. */
  static String newId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
