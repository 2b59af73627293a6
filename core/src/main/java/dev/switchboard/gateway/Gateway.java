package dev.switchboard.gateway;

import dev.switchboard.config.Config;
import dev.switchboard.config.GroupSpec;
import dev.switchboard.config.ServerSpec;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestMeta;
import dev.switchboard.upstream.Backend;
import dev.switchboard.upstream.BackendStatus;
import dev.switchboard.upstream.ChildLedger;
import dev.switchboard.upstream.ChildLimits;
import dev.switchboard.upstream.LogFile;
import dev.switchboard.upstream.StdioBackend;
import dev.switchboard.upstream.builtin.BuiltinBackend;
import dev.switchboard.upstream.builtin.BuiltinServers;
import dev.switchboard.upstream.builtin.Introspection;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The routing core behind every transport: the configured servers (each a backend plus the dispatcher its sharing
 * policy calls for), the live sessions, and a supervisor thread that times out requests and probes children. It
 * never touches a socket. Thread safe; {@link #close} ends every session and waits for every child to stop.
 */
public final class Gateway implements Introspection, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final Duration TICK = Duration.ofMillis(250);

  private volatile Config config;
  private final String version;
  private final Instant started = Instant.now();
  private final @Nullable Path serverLogDir;
  private final @Nullable ChildLedger ledger;
  private final ChildLimits limits;
  private final SessionRegistry sessions;
  /** Stopping a child takes seconds; it happens here, never on a request or reader thread. */
  private final ExecutorService closer = Executors.newVirtualThreadPerTaskExecutor();
  private final ReentrantLock reloading = new ReentrantLock();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread supervisor;
  /** Replaced whole on reload, so readers never see a half-applied change. */
  private volatile Map<String, Route> routes;
  /** The groups over those routes; replaced whole on reload, after the routes. */
  private volatile Map<String, GroupDispatcher> groups;
  private volatile boolean draining;
  private final RequestEvents events;
  private final StatelessFront stateless;
  private final AtomicLong statelessIds = new AtomicLong();
  /** The 2026-07-28 requests being served (or parked), for the in-flight count. */
  private final java.util.Set<StatelessRequest> statelessLive = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public Gateway(Config config, String version) {
    this(config, version, null, null);
  }

  /**
   * @param serverLogDir where each stdio server's stderr is also kept ({@code NAME.log}), or null
   * @param ledger where live children are recorded so a restarted gateway can reap orphans, or null
   */
  public Gateway(Config config, String version, @Nullable Path serverLogDir, @Nullable ChildLedger ledger) {
    this(config, version, serverLogDir, ledger, RequestEvents.NONE);
  }

  /** As above; {@code events} hears how every client request ended (the daemon's metrics). */
  public Gateway(Config config, String version, @Nullable Path serverLogDir, @Nullable ChildLedger ledger,
      RequestEvents events) {
    this.events = events;
    this.config = config;
    this.version = version;
    this.serverLogDir = serverLogDir;
    this.ledger = ledger;
    this.limits = new ChildLimits(config.gateway().upstreams());
    this.sessions = new SessionRegistry(config.gateway().sessions(), config.gateway().limits(), System::nanoTime,
        config.cluster().sessionPrefix());
    Map<String, Route> initial = new LinkedHashMap<>();
    config.servers().values().forEach(spec -> initial.put(spec.name(), routeFor(spec)));
    this.routes = Collections.unmodifiableMap(initial);
    this.stateless = new StatelessFront(this::statelessRequest, () -> this.config.gateway().sessions().inputTimeout(),
        config.cluster().sessionPrefix());
    this.groups = groupsFor(config, routes, Map.of());
    this.supervisor = Thread.ofVirtual().name("supervisor").start(this::supervise);
  }

  public Config config() {
    return config;
  }

  /** Who hears how requests ended and what the frame wires carried (the daemon's metrics and access log). */
  public RequestEvents events() {
    return events;
  }

  public String version() {
    return version;
  }

  public Instant started() {
    return started;
  }

  public SessionRegistry sessionRegistry() {
    return sessions;
  }

  /** Whether {@code server} names a configured server or group. */
  public boolean isKnown(String server) {
    return routes.containsKey(server) || groups.containsKey(server);
  }

  public Optional<String> defaultServer() {
    return config.defaultServer();
  }

  public boolean isClosed() {
    return closed.get();
  }

  public boolean isDraining() {
    return draining;
  }

  /**
   * A new session on a server for a principal (an API key's name); its {@code initialize} connects it. 404 for an
   * unknown server, 429 when that key has its maximum of sessions, 503 at the gateway's cap.
   */
  public Session open(String server, String principal) {
    return sessions.create(server, dispatcherFor(server, null), principal,
        config.gateway().security().maxSessionsPerKey());
  }

  /**
   * What serves sessions on a server or group; with a {@code principal}, what serves that principal's 2026-07-28
   * requests. 404 for an unknown name, 503 while draining.
   */
  private Dispatcher dispatcherFor(String server, @Nullable String principal) {
    Route route = routes.get(server);
    Dispatcher dispatcher = route == null ? groups.get(server)
        : principal != null ? route.lane().dispatcher(principal) : route.dispatcher();
    if (dispatcher == null) {
      throw new GatewayException(Refusal.UNKNOWN_SERVER, new JsonRpcError(JsonRpcError.METHOD_NOT_FOUND,
          "No MCP server named '" + server + "' is configured"));
    }
    if (closed.get() || draining) {
      throw new GatewayException(Refusal.SHUTTING_DOWN,
          new JsonRpcError(JsonRpcError.SERVER_ERROR, "Switchboard is shutting down"));
    }
    return dispatcher;
  }

  /**
   * Serves one 2026-07-28 request (no session): the exchange yields what to write until its final answer. 404 for
   * an unknown server, 503 while draining.
   */
  public StatelessExchange serveStateless(String server, String principal, Message.Request request,
      RequestMeta meta) {
    return serveStateless(server, principal, request, meta, Arrival.UNKNOWN);
  }

  /**
   * As {@link #serveStateless(String, String, Message.Request, RequestMeta)}, for a request from the client at
   * {@code arrival}'s address whose first byte arrived at its {@code begun}: its gateway share runs from there to
   * {@link StatelessExchange#written}.
   */
  public StatelessExchange serveStateless(String server, String principal, Message.Request request,
      RequestMeta meta, Arrival arrival) {
    return stateless.serve(server, principal, request, meta, arrival);
  }

  /**
   * The caller of one 2026-07-28 request (no session): on the server's stateless lane, or on a group's dispatcher
   * (whose member sessions then use each member's own policy, opened for the request).
   */
  private StatelessRequest statelessRequest(String server, String principal, RequestMeta meta, String address,
      int expectedResponses, boolean listening) {
    Dispatcher dispatcher = dispatcherFor(server, principal);
    StatelessRequest request = new StatelessRequest(statelessIds.incrementAndGet(), server, principal, dispatcher,
        meta, address, expectedResponses, listening, config.gateway().limits(), sessions.retained(),
        statelessLive::remove);
    statelessLive.add(request);
    return request;
  }

  /**
   * Requests in flight for 2026-07-28 clients (no session, so not in {@link #sessions()}), by server or group:
   * a request being served, or a call parked until its client answers the server's question.
   */
  public Map<String, Integer> statelessInFlight() {
    Map<String, Integer> out = new LinkedHashMap<>();
    statelessLive.forEach(s -> out.merge(s.server(), s.inFlight(), Integer::sum));
    return out;
  }

  public Optional<Session> session(String id) {
    return sessions.find(id);
  }

  /**
   * Applies a new configuration without a restart: added servers appear, removed ones stop taking sessions and
   * their sessions end once their requests are answered, changed ones restart the same way; sessions of unchanged
   * servers are untouched. Listener settings (host, port, allow-lists) need a restart and are reported as such.
   */
  public Reload reload(Config next) {
    reloading.lock();
    try {
      Reload report = Reload.between(config, next);
      Map<String, Route> updated = new LinkedHashMap<>();
      try {
        for (ServerSpec spec : next.servers().values()) {
          Route current = routes.get(spec.name());
          updated.put(spec.name(), current != null && report.unchanged().contains(spec.name()) ? recheck(current)
              : routeFor(spec));
        }
      } catch (RuntimeException e) {
        updated.values().stream().filter(r -> !routes.containsValue(r)).forEach(Route::close);
        throw e; // the old configuration stays in force
      }
      Map<String, Route> old = routes;
      Set<String> refiltered = KeyFilters.changed(config, next);
      routes = Collections.unmodifiableMap(updated);
      config = next;
      report.retired().forEach(name -> retire(name,
          Objects.requireNonNull(old.get(name), "every server of the running configuration has a route")::close));
      regroup(next);
      groups.values().forEach(g -> g.toolFiltersChanged(refiltered));
      return report;
    } finally {
      reloading.unlock();
    }
  }

  /**
   * Restarts one server (the status page's action): a fresh route (backend, dispatcher, children, failure history, so
   * a crash loop is cleared) takes new sessions at once; the old route's sessions end once their requests are
   * answered, and its children stop, as for a server changed by a reload. Groups over it follow. False for an
   * unknown server.
   */
  public boolean restart(String server) {
    reloading.lock();
    try {
      Route old = routes.get(server);
      ServerSpec spec = config.servers().get(server);
      if (old == null || spec == null || closed.get()) {
        return false;
      }
      Map<String, Route> updated = new LinkedHashMap<>(routes);
      updated.put(server, routeFor(spec));
      routes = Collections.unmodifiableMap(updated);
      LOG.info("restarting server '{}' on request", server);
      retire(server, old::close);
      regroup(config);
      return true;
    } finally {
      reloading.unlock();
    }
  }

  /** Under the reload lock, after the routes changed: groups whose members changed get new dispatchers. */
  private void regroup(Config cfg) {
    Map<String, GroupDispatcher> oldGroups = groups;
    groups = groupsFor(cfg, routes, oldGroups);
    oldGroups.forEach((name, group) -> {
      if (groups.get(name) != group) {
        retire(name, group::close);
      }
    });
  }

  /** A kept stdio server's command is looked up again: it may have appeared on (or left) {@code PATH}. */
  private static Route recheck(Route route) {
    if (route.backend() instanceof StdioBackend stdio) {
      stdio.checkCommand();
    }
    return route;
  }

  /**
   * Stops taking new sessions and requests (they get 503) and waits up to {@code grace} for requests in flight to
   * be answered. Whatever is still running afterwards is failed by {@link #close}.
   */
  public void drain(Duration grace) {
    draining = true;
    awaitIdle(sessions.all(), grace);
  }

  /** What each configured server's children have done since its route was made (a changed server starts over). */
  public Map<String, dev.switchboard.upstream.ChildCounts> childCounts() {
    Map<String, dev.switchboard.upstream.ChildCounts> out = new LinkedHashMap<>();
    routes.forEach((name, route) -> out.put(name, route.backend().counts()));
    return out;
  }

  @Override
  public List<BackendStatus> servers() {
    return routes.values().stream().map(r -> r.dispatcher().status()).toList();
  }

  /** Each server's live child processes, by server name in configuration order (none for built-in servers). */
  public Map<String, List<ProcessHandle>> children() {
    Map<String, List<ProcessHandle>> out = new LinkedHashMap<>();
    routes.forEach((name, route) -> out.put(name, route.backend().childPids().stream()
        .flatMap(pid -> ProcessHandle.of(pid).stream()).toList()));
    return out;
  }

  /** Each configured group, in configuration order. */
  public List<GroupStatus> groups() {
    return groups.values().stream().map(GroupDispatcher::snapshot).toList();
  }

  @Override
  public List<SessionInfo> sessions() {
    return sessions.all().stream().map(s -> new SessionInfo(s.logId(), s.server(), s.protocolVersion(),
        s.state().name().toLowerCase(Locale.ROOT), s.created(), Instant.now().minusNanos(s.idleNanos()),
        s.inFlight())).toList();
  }

  @Override
  public boolean mayReadLogsOf(@Nullable String principal, String server) {
    var security = config.gateway().security();
    return !security.authRequired() || security.keys().stream()
        .anyMatch(k -> k.name().equals(principal) && k.allows(server));
  }

  @Override
  public Optional<List<String>> stderrTail(String server, int lines) {
    return Optional.ofNullable(routes.get(server)).map(r -> r.backend().log().tail(lines));
  }

  /** The body of {@code GET /health}. */
  public ObjectNode health() {
    return GatewayHealth.health(new GatewayHealth.Figures(closed.get() || draining, version,
        Duration.between(started, Instant.now()).toSeconds(), sessions.size(), limits.liveChildren(),
        stateless.waiting()), servers(), groups(), routes);
  }

  /**
   * The body of {@code GET /ready}: ready when the gateway takes work and every server can (started or startable);
   * a failed or crash-looping server, or a draining gateway, makes it not ready, with the reasons.
   */
  public ObjectNode readiness() {
    return GatewayHealth.readiness(servers(), closed.get() || draining);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    supervisor.interrupt();
    stateless.close();
    sessions.close();
    routes.values().forEach(Route::close);
    groups.values().forEach(GroupDispatcher::close);
    closer.shutdown();
    try {
      if (!closer.awaitTermination(20, TimeUnit.SECONDS)) {
        LOG.warn("some children did not stop within 20 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void retire(String server, Runnable closing) {
    List<Session> affected = sessions.all().stream().filter(s -> s.server().equals(server)).toList();
    closer.execute(() -> {
      awaitIdle(affected, config.gateway().shutdownGrace());
      affected.forEach(s -> s.close("server '" + server + "' was removed or changed in the configuration"));
      closing.run();
    });
  }

  private static void awaitIdle(List<Session> affected, Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() < deadline && affected.stream().anyMatch(s -> s.inFlight() > 0)) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void supervise() {
    while (!closed.get()) {
      try {
        Thread.sleep(TICK);
        long now = System.nanoTime();
        routes.values().forEach(r -> r.tick(now));
        groups.values().forEach(g -> g.tick(now));
        stateless.tick(now);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("supervision failed", e);
      }
    }
  }

  /**
   * A dispatcher per configured group over the routes' dispatchers; a group whose definition and members are what
   * they were keeps its dispatcher (and its sessions).
   */
  private Map<String, GroupDispatcher> groupsFor(Config cfg, Map<String, Route> current,
      Map<String, GroupDispatcher> old) {
    Map<String, GroupDispatcher> out = new LinkedHashMap<>();
    for (GroupSpec spec : cfg.gateway().groups().values()) {
      List<Member> members = new java.util.ArrayList<>();
      for (String name : spec.members(cfg.servers(), cfg.builtinImplicit())) {
        Route route = current.get(name);
        if (route != null) {
          members.add(new Member(name, route.dispatcher(), route.lane()));
        }
      }
      GroupDispatcher kept = old.get(spec.name());
      out.put(spec.name(), kept != null && kept.spec().equals(spec) && kept.members().equals(members) ? kept
          : new GroupDispatcher(spec, members, cfg.gateway().limits(), version, principal -> KeyFilters.of(config,
              principal),
              sessions::member));
    }
    return Collections.unmodifiableMap(out);
  }

  private Route routeFor(ServerSpec spec) {
    Backend backend = backendFor(spec);
    return switch (spec.policy().sharing()) {
      case SESSION -> {
        SessionDispatcher sessions = new SessionDispatcher(backend, closer, events);
        yield new Route(backend, sessions, StatelessLane.perPrincipal(p -> SharedDispatcher.forPrincipal(backend, p,
            (link, owner) -> sessions.connect(link, p), version, closer, events, System::nanoTime),
            () -> config.gateway().sessions().idleTimeout(), System::nanoTime));
      }
      case SHARED -> lane(backend, new SharedDispatcher(backend, version, closer, events));
      case CALL -> lane(backend, new CallDispatcher(backend, version, closer, events));
    };
  }

  /** A route whose 2026-07-28 requests use the dispatcher its sessions use. */
  private static Route lane(Backend backend, Dispatcher dispatcher) {
    return new Route(backend, dispatcher, StatelessLane.sharing(dispatcher));
  }

  private Backend backendFor(ServerSpec spec) {
    if (!spec.isBuiltin()) {
      LogFile file = serverLogDir == null ? null : new LogFile(serverLogDir.resolve(spec.name() + ".log"),
          config.gateway().logging().maxFileSize());
      return new StdioBackend(spec, config.gateway().limits().maxLineBytes(), file, limits, ledger);
    }
    return new BuiltinBackend(spec.name(), builtin(spec));
  }

  /**
   * A built-in server, made by its provider (the {@code switchboard} one reports on this gateway). One whose options
   * are unusable (a missing vault, a bad rule file) is a configuration error.
   */
  private dev.switchboard.upstream.builtin.BuiltinServer builtin(ServerSpec spec) {
    try {
      return BuiltinServers.create(spec, new dev.switchboard.upstream.builtin.BuiltinServer.Context(version, this,
          config.gateway().isLoopback()));
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      String source = config.source() == null ? "<config>" : config.source().toString();
      throw new dev.switchboard.config.ConfigException(source, List.of(
          new dev.switchboard.config.ConfigException.Problem("$.mcpServers." + spec.name(), Objects.requireNonNullElse(e
              .getMessage(), e.toString()))));
    }
  }
}
