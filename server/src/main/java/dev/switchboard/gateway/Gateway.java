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
import tools.jackson.databind.node.ObjectNode;

/**
 * The routing core behind every transport: the configured servers, the live sessions, and how a session is opened.
 * It never touches a socket. Thread safe; {@link #close} ends every session and stops every child.
 */
public final class Gateway implements Introspection, AutoCloseable {
  private final Config config;
  private final String version;
  private final Instant started = Instant.now();
  private final Map<String, Backend> backends = new LinkedHashMap<>();
  private final SessionRegistry sessions;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean draining;

  public Gateway(Config config, String version) {
    this.config = config;
    this.version = version;
    this.sessions = new SessionRegistry(config.gateway().sessions(), config.gateway().limits());
    config.servers().values().forEach(spec -> backends.put(spec.name(), backendFor(spec)));
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
      return new StdioBackend(spec, config.gateway().limits().maxLineBytes());
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
