package dev.switchboard.gateway;

import dev.switchboard.config.Config;
import dev.switchboard.config.ServerSpec;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.upstream.Backend;
import dev.switchboard.upstream.BackendStatus;
import dev.switchboard.upstream.StdioBackend;
import dev.switchboard.upstream.Upstream;
import dev.switchboard.upstream.UpstreamException;
import dev.switchboard.upstream.builtin.BuiltinBackend;
import dev.switchboard.upstream.builtin.Introspection;
import dev.switchboard.upstream.builtin.SwitchboardServer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.node.ObjectNode;

/**
 * The routing core behind every transport: the configured servers, the live sessions, and how a session is opened.
 * It never touches a socket. Thread safe; {@link #close} ends every session and stops every child.
 */
public final class Gateway implements Introspection, AutoCloseable {
  private volatile Config config;
  private final String version;
  private final Instant started = Instant.now();
  /** Replaced whole on reload, so readers never see a half-applied change. */
  private volatile Map<String, Backend> backends = Map.of();
  private final ReentrantLock reloading = new ReentrantLock();
  private final java.nio.file.@org.jspecify.annotations.Nullable Path serverLogDir;
  private final SessionRegistry sessions;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean draining;

  public Gateway(Config config, String version) {
    this(config, version, null);
  }

  /** With {@code serverLogDir}, each stdio server's stderr is also kept in {@code serverLogDir/NAME.log}. */
  public Gateway(Config config, String version, java.nio.file.@org.jspecify.annotations.Nullable Path serverLogDir) {
    this.config = config;
    this.version = version;
    this.serverLogDir = serverLogDir;
    this.sessions = new SessionRegistry(config.gateway().sessions(), config.gateway().limits());
    Map<String, Backend> initial = new LinkedHashMap<>();
    config.servers().values().forEach(spec -> initial.put(spec.name(), backendFor(spec)));
    this.backends = java.util.Collections.unmodifiableMap(initial);
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
      Map<String, Backend> updated = new LinkedHashMap<>();
      for (ServerSpec spec : next.servers().values()) {
        Backend current = backends.get(spec.name());
        boolean keep = current != null && report.unchanged().contains(spec.name());
        updated.put(spec.name(), keep ? current : backendFor(spec));
      }
      Map<String, Backend> old = backends;
      backends = java.util.Collections.unmodifiableMap(updated);
      config = next;
      report.retired().forEach(name -> retire(name, old.get(name)));
      return report;
    } finally {
      reloading.unlock();
    }
  }

  private void retire(String server, Backend backend) {
    List<Session> affected = sessions.all().stream().filter(s -> s.server().equals(server)).toList();
    Thread.ofVirtual().name("retire-" + server).start(() -> {
      drainSessions(affected, config.gateway().shutdownGrace());
      affected.forEach(s -> s.close("server '" + server + "' was removed or changed in the configuration"));
      backend.close();
    });
  }

  private static void drainSessions(List<Session> affected, Duration grace) {
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

  public Config config() {
    return config;
  }

  public String version() {
    return version;
  }

  public SessionRegistry sessionRegistry() {
    return sessions;
  }

  public Optional<Backend> backend(String name) {
    return Optional.ofNullable(backends.get(name));
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
   * Stops taking new sessions and requests (they get 503) and waits up to {@code grace} for requests in flight to
   * be answered. Whatever is still running afterwards is failed by {@link #close}.
   */
  public void drain(Duration grace) {
    draining = true;
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() < deadline && sessions.all().stream().anyMatch(s -> s.inFlight() > 0)) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Opens a session on a server and connects its upstream (for stdio: spawns the child). Fails with 503 at the
   * session cap, 404 for an unknown server, and a JSON-RPC error naming the cause when the server cannot start.
   */
  public Session open(String server) {
    Backend backend = backend(server).orElseThrow(() -> unknownServer(server));
    if (closed.get() || draining) {
      throw new GatewayException(503, new JsonRpcError(JsonRpcError.SERVER_ERROR, "Switchboard is shutting down"));
    }
    Session session = sessions.create(server).orElseThrow(() -> new GatewayException(503, new JsonRpcError(
        JsonRpcError.SERVER_ERROR, "Too many sessions: the limit of " + config.gateway().sessions().max()
        + " is reached; close idle sessions or raise gateway.sessions.max")));
    try {
      Upstream upstream = backend.connect(session.channel());
      session.bind(upstream);
      return session;
    } catch (UpstreamException e) {
      session.close(e.getMessage());
      throw e;
    }
  }

  public Optional<Session> session(String id) {
    return sessions.find(id);
  }

  @Override
  public List<BackendStatus> servers() {
    return backends.values().stream().map(Backend::status).toList();
  }

  @Override
  public List<SessionInfo> sessions() {
    return sessions.all().stream().map(s -> new SessionInfo(s.logId(), s.server(), s.protocolVersion(),
        s.state().name().toLowerCase(java.util.Locale.ROOT), s.created(),
        Instant.now().minusNanos(s.idleNanos()), s.inFlight())).toList();
  }

  @Override
  public Optional<List<String>> stderrTail(String server, int lines) {
    return backend(server).map(b -> b.log().tail(lines));
  }

  /** The body of {@code GET /health}. */
  public ObjectNode health() {
    ObjectNode out = Json.object().put("status", closed.get() || draining ? "stopping" : "ok").put("version", version)
        .put("uptimeSeconds", Duration.between(started, Instant.now()).toSeconds())
        .put("activeSessions", sessions.size());
    var list = out.putArray("servers");
    servers().forEach(s -> {
      ObjectNode node = list.addObject().put("name", s.name()).put("kind", s.kind())
          .put("state", s.state().name().toLowerCase(java.util.Locale.ROOT)).put("connections", s.connections());
      if (s.lastError() != null) {
        node.put("error", s.lastError());
      }
    });
    return out;
  }

  public Instant started() {
    return started;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      sessions.close();
      backends.values().forEach(Backend::close);
    }
  }

  private Backend backendFor(ServerSpec spec) {
    if (!spec.isBuiltin()) {
      var file = serverLogDir == null ? null : new dev.switchboard.upstream.LogFile(
          serverLogDir.resolve(spec.name() + ".log"), config.gateway().logging().maxFileSize());
      return new StdioBackend(spec, config.gateway().limits().maxLineBytes(), file);
    }
    return switch (spec.builtin()) {
      case Config.BUILTIN_NAME -> new BuiltinBackend(spec.name(), new SwitchboardServer(this, version));
      default -> throw new IllegalArgumentException("unknown built-in server " + spec.builtin());
    };
  }

  private static GatewayException unknownServer(String server) {
    return new GatewayException(404, new JsonRpcError(JsonRpcError.METHOD_NOT_FOUND,
        "No MCP server named '" + server + "' is configured"));
  }
}
