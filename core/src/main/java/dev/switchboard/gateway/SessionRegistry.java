package dev.switchboard.gateway;

import dev.switchboard.protocol.JsonRpcError;

import dev.switchboard.config.Limits;
import dev.switchboard.config.SessionSettings;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All live sessions: creates them under the cap with unguessable ids, finds them, and expires idle ones with a
 * sweeper thread. Thread safe; {@link #close} ends every session.
 */
public final class SessionRegistry implements AutoCloseable, Session.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SessionSettings settings;
  private final Limits limits;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final java.util.concurrent.locks.ReentrantLock creating = new java.util.concurrent.locks.ReentrantLock();
  private final Thread sweeper;

  public SessionRegistry(SessionSettings settings, Limits limits) {
    this.settings = settings;
    this.limits = limits;
    this.sweeper = Thread.ofVirtual().name("session-sweeper").start(this::sweepLoop);
  }

  /**
   * A new session served by {@code dispatcher} for {@code principal}. The caps are checked and the session added
   * under one lock, so a burst of initializes can never overshoot them: 429 past {@code perKey} sessions of this
   * principal, 503 past {@code sessions.max}.
   */
  Session create(String server, Dispatcher dispatcher, String principal, int perKey) {
    creating.lock();
    try {
      if (closed.get()) {
        throw new GatewayException(503, new JsonRpcError(JsonRpcError.SERVER_ERROR, "Switchboard is shutting down"));
      }
      if (countFor(principal) >= perKey) {
        throw new GatewayException(429, new JsonRpcError(JsonRpcError.SERVER_ERROR, "Too many sessions for API key '"
            + principal + "': the limit is " + perKey + " (gateway.auth.maxSessionsPerKey)"));
      }
      if (sessions.size() >= settings.max()) {
        throw new GatewayException(503, new JsonRpcError(JsonRpcError.SERVER_ERROR, "Too many sessions: the limit of "
            + settings.max() + " is reached; close idle sessions or raise gateway.sessions.max"));
      }
      Session session = new Session(newId(), server, principal, limits, this);
      session.attach(dispatcher);
      sessions.put(session.id(), session);
      return session;
    } finally {
      creating.unlock();
    }
  }

  /** The live session with this id; closed, expired and unknown ids find nothing. */
  public Optional<Session> find(String id) {
    Session s = sessions.get(id);
    return s == null || s.state() == SessionState.CLOSED ? Optional.empty() : Optional.of(s);
  }

  public List<Session> all() {
    return List.copyOf(sessions.values());
  }

  /** Live sessions created with this principal (an API key's name). */
  public int countFor(String principal) {
    int n = 0;
    for (Session s : sessions.values()) {
      n += s.principal().equals(principal) ? 1 : 0;
    }
    return n;
  }

  public int size() {
    return sessions.size();
  }

  @Override
  public void closed(Session session) {
    sessions.remove(session.id(), session);
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
