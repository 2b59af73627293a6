package dev.switchboard.gateway;

import dev.switchboard.protocol.JsonRpcError;

import dev.switchboard.config.Limits;
import dev.switchboard.config.SessionSettings;
import dev.switchboard.upstream.BackendStatus;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All live sessions: creates them under the cap with unguessable ids, finds them, and expires idle ones with a
 * sweeper thread. Where each session of a server holds a child of its own ({@link BackendStatus.ChildSlots}), the
 * children are shared fairly between API keys: when a server (or the gateway) has as many such sessions as it can
 * have children, a key under its fair share gets room by closing the longest-idle session of the key furthest over
 * its share, and a key at its share is refused at once instead of waiting for a child that another key holds. With
 * one key alone nothing changes. Thread safe; {@link #close} ends every session.
 */
public final class SessionRegistry implements AutoCloseable, Session.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SessionSettings settings;
  private final Limits limits;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  /** The sessions that each hold a child of their own (their server's status has child slots). */
  private final Set<Session> childHolders = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final java.util.concurrent.locks.ReentrantLock creating = new java.util.concurrent.locks.ReentrantLock();
  /** Per server, sessions opened and ended (session churn, for metrics). */
  private final Map<String, java.util.concurrent.atomic.LongAdder> opened = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.atomic.LongAdder> ended = new ConcurrentHashMap<>();
  private final Thread sweeper;
  private final LongSupplier clock;
  private final RetainedEvents retained;
  /** What every id starts with: the owning node's {@code "n2."} in a cluster (see {@code cluster.node}), else "". */
  private final String idPrefix;
  /** Each principal's sessions counted across the nodes of a cluster (none without a shared registry). */
  private volatile SessionSlots shared = SessionSlots.LOCAL;

  public SessionRegistry(SessionSettings settings, Limits limits) {
    this(settings, limits, System::nanoTime, "");
  }

  /** With {@code clock} (nanosecond ticks) as the time every session's age and idleness are measured in. */
  public SessionRegistry(SessionSettings settings, Limits limits, LongSupplier clock) {
    this(settings, limits, clock, "");
  }

  /** As above; every id starts with {@code idPrefix}, so a load balancer can route a session to its node. */
  public SessionRegistry(SessionSettings settings, Limits limits, LongSupplier clock, String idPrefix) {
    this.idPrefix = idPrefix;
    this.clock = clock;
    this.settings = settings;
    this.limits = limits;
    this.retained = new RetainedEvents(limits.maxRetainedEvents());
    this.sweeper = Thread.ofVirtual().name("session-sweeper").start(this::sweepLoop);
  }

  /**
   * A new session served by {@code dispatcher} for {@code principal}. The caps are checked and the session added
   * under one lock, so a burst of initializes can never overshoot them: 429 past {@code perKey} sessions of this
   * principal, 503 past {@code sessions.max}; where sessions hold children, 429 for a key at its fair share of a
   * full server or gateway, and an idle session of a key over its share is closed to make room (see the class
   * comment). In a cluster sharing a registry, the key's cluster-wide slot is taken first (atomically there).
   */
  Session create(String server, Dispatcher dispatcher, String principal, int perKey) {
    // read before the lock: the backend's status takes the backend's own locks
    BackendStatus.@Nullable ChildSlots slots = dispatcher.status().childSlots();
    String id = idPrefix + newId();
    // the cluster-wide count first, outside the lock (a Redis round trip); the node's own count below still holds
    if (!shared.take(principal, id, perKey)) {
      throw tooManyForKey(principal, perKey);
    }
    @Nullable Session reclaimed = null;
    boolean created = false;
    creating.lock();
    try {
      if (closed.get()) {
        throw new GatewayException(Refusal.SHUTTING_DOWN,
            new JsonRpcError(JsonRpcError.SERVER_ERROR, "Switchboard is shutting down"));
      }
      if (countFor(principal) >= perKey) {
        throw tooManyForKey(principal, perKey);
      }
      if (sessions.size() >= settings.max()) {
        throw new GatewayException(Refusal.CAPACITY, new JsonRpcError(JsonRpcError.SERVER_ERROR,
            "Too many sessions: the limit of "
                + settings.max() + " is reached; close idle sessions or raise gateway.sessions.max"));
      }
      if (slots != null) {
        reclaimed = makeRoom(server, principal, slots);
      }
      Session session = new Session(id, server, principal, limits, retained, this, clock);
      session.attach(dispatcher);
      sessions.put(session.id(), session);
      created = true;
      opened.computeIfAbsent(server, k -> new java.util.concurrent.atomic.LongAdder()).increment();
      if (slots != null) {
        childHolders.add(session);
      }
      return session;
    } finally {
      creating.unlock();
      if (!created) {
        shared.give(principal, id);
      }
      closeReclaimed(reclaimed);
    }
  }

  private static GatewayException tooManyForKey(String principal, int perKey) {
    return new GatewayException(Refusal.TOO_MANY_SESSIONS_FOR_KEY, new JsonRpcError(JsonRpcError.SERVER_ERROR,
        "Too many sessions for API key '" + principal + "': the limit is " + perKey
            + " (gateway.auth.maxSessionsPerKey)"));
  }

  /** Closes, after the lock, the idle session taken away to make room for another key (if any). */
  private static void closeReclaimed(@Nullable Session reclaimed) {
    if (reclaimed != null) {
      reclaimed.close("closed to make room for another API key: '" + reclaimed.principal() + "' held more than "
          + "its fair share of the MCP server's children and this session was idle");
    }
  }

  /**
   * A group's member session on {@code server}, for the group session of {@code principal}. It is not registered (the
   * group's own session is, and counts once against the key's session limit), but where it holds a child of its own
   * it takes a place in the key's fair share of the children as a client's own session does: it may reclaim an idle
   * session of a key over its share, be refused, and be reclaimed itself.
   */
  Session member(String id, String server, Dispatcher dispatcher, String principal, Session.Listener listener) {
    BackendStatus.@Nullable ChildSlots slots = dispatcher.status().childSlots();
    if (slots == null) {
      return new Session(id, server, principal, limits, retained, listener, clock);
    }
    @Nullable Session reclaimed = null;
    creating.lock();
    try {
      reclaimed = makeRoom(server, principal, slots);
      Session session = new Session(id, server, principal, limits, retained, s -> {
        childHolders.remove(s);
        listener.closed(s);
      }, clock);
      childHolders.add(session);
      return session;
    } finally {
      creating.unlock();
      closeReclaimed(reclaimed);
    }
  }

  /** Sessions opened and ended so far, by server or group name: {@code [opened, ended]}. */
  public Map<String, long[]> churn() {
    Map<String, long[]> out = new java.util.TreeMap<>();
    opened.forEach((server, n) -> out.put(server, new long[] {n.sum(), 0}));
    ended.forEach((server, n) -> out.computeIfAbsent(server, k -> new long[2])[1] = n.sum());
    return out;
  }

  private void churned(String server) {
    ended.computeIfAbsent(server, k -> new java.util.concurrent.atomic.LongAdder()).increment();
  }

  /**
   * Under the lock: makes room for one more child-holding session of {@code principal} on {@code server}. Returns
   * the session taken away (already out of the books; the caller closes it after the lock), null when none needs
   * to go or none is idle; throws the refusal when the key is at its share of a full server or gateway.
   */
  private @Nullable Session makeRoom(String server, String principal, BackendStatus.ChildSlots slots) {
    // Session.isBusy/idleNanos only read atomics and take a stream's lock for an instant; nothing that holds such a
    // lock ever calls back into this registry, so holding `creating` meanwhile cannot deadlock
    List<Session> holders = childHolders.stream().filter(s -> s.state() != SessionState.CLOSED).toList();
    List<Session> onServer = holders.stream().filter(s -> s.server().equals(server)).toList();
    Session victim = onServer.size() >= slots.perServer()
        ? share(onServer, principal, slots.perServer(), "of MCP server '" + server + "' (pool.max " + slots.perServer()
            + ")")
        : share(holders, principal, slots.gateway(), "of the gateway (gateway.upstreams.maxChildren "
            + slots.gateway() + ")");
    if (victim != null) {
      forget(victim);
      childHolders.remove(victim);
      LOG.info("reclaiming idle session {} of '{}' (over its fair share of the children {}) for '{}'",
          victim.logId(), victim.principal(), server, principal);
    }
    return victim;
  }

  /**
   * Fair shares of {@code capacity} children among the keys holding {@code holders} plus {@code principal}: null
   * while there is room, with one key alone, or when no key over its share has an idle session; the longest-idle
   * session of the key furthest over its share when {@code principal} is under its own.
   */
  private @Nullable Session share(List<Session> holders, String principal, int capacity, String what) {
    if (holders.size() < capacity) {
      return null;
    }
    Map<String, List<Session>> byKey = holders.stream().collect(Collectors.groupingBy(Session::principal));
    int keys = byKey.size() + (byKey.containsKey(principal) ? 0 : 1);
    if (keys == 1) {
      return null; // one key alone waits for a child as it always did
    }
    int fair = Math.max(1, capacity / keys);
    int mine = byKey.getOrDefault(principal, List.of()).size();
    if (mine >= fair) {
      throw sharesRefusal(principal, mine, capacity, what, keys);
    }
    return byKey.entrySet().stream().filter(e -> e.getValue().size() > fair)
        .sorted(Comparator.comparingInt((Map.Entry<String, List<Session>> e) -> e.getValue().size()).reversed())
        .flatMap(e -> e.getValue().stream().filter(s -> !s.isBusy())
            .sorted(Comparator.comparingLong(Session::idleNanos).reversed()).limit(1))
        .findFirst().orElse(null);
  }

  private static GatewayException sharesRefusal(String principal, int mine, int capacity, String what, int keys) {
    return new GatewayException(Refusal.TOO_MANY_SESSIONS_FOR_KEY, new JsonRpcError(JsonRpcError.SERVER_ERROR,
        "Too many sessions for API key '" + principal + "': it holds " + mine + " of the " + capacity
            + " children " + what + ", its fair share while " + keys + " keys use them; close one of its "
            + "sessions or retry later"));
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
    forget(session);
    childHolders.remove(session);
  }

  /** Takes an ended (or reclaimed) session out of the books, its cluster-wide slot included, once. */
  private void forget(Session session) {
    if (sessions.remove(session.id(), session)) {
      churned(session.server());
      shared.give(session.principal(), session.id());
    }
  }

  /**
   * Expires sessions idle longer than the timeout (a session holding a stream open or with work in flight is never
   * idle), and sessions that made no request but {@code ping} within {@code sessions.unusedGrace} of the answer to
   * their {@code initialize}: probes clients open and forget, which often keep a listening stream open for as long
   * as the client runs (the TS SDK's GET stream; a legacy SSE, WebSocket or socket session's own stream). Such a
   * session goes even so, its stream ending; only a request in flight or a POST's answer stream being read keeps it
   * ({@link Session#isWorking}). Returns how many. Called by the sweeper, and by tests.
   */
  public int sweep() {
    long grace = settings.unusedGrace().toNanos();
    int expired = 0;
    for (Session s : sessions.values()) {
      Duration timeout = s.idleTimeout(settings.idleTimeout());
      if (!s.isBusy() && s.idleNanos() > timeout.toNanos()) {
        s.close("idle for longer than " + timeout);
        expired++;
      } else if (!s.used() && s.openNanos() > grace && !s.isWorking()) {
        s.close("no request within " + settings.unusedGrace() + " of initialize (gateway.sessions.unusedGrace)");
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
    Duration every = sweepInterval(Stream.of(settings.idleTimeout(), settings.rpcIdleTimeout(),
        settings.unusedGrace()).min(Comparator.naturalOrder()).orElseThrow());
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

  /**
   * Counts every principal's sessions in {@code shared} too (a cluster with a shared registry), so that
   * {@code gateway.auth.maxSessionsPerKey} holds across nodes; set once, before the first session.
   */
  public void shareSlots(SessionSlots shared) {
    this.shared = shared;
  }

  /** This registry's session ids per principal (what a cluster registry keeps alive for the other nodes). */
  public Map<String, List<String>> idsByPrincipal() {
    return sessions.values().stream().collect(Collectors.groupingBy(Session::principal,
        Collectors.mapping(Session::id, Collectors.toList())));
  }

  static Duration sweepInterval(Duration idle) {
    long millis = Math.max(250, Math.min(30_000, idle.toMillis() / 4));
    return Duration.ofMillis(millis);
  }

  /** The gateway-wide bound on events held for clients that are not reading their streams. */
  RetainedEvents retained() {
    return retained;
  }

  /** 32 random bytes in base64url: visible ASCII, as the spec requires, and unguessable. */
  static String newId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
