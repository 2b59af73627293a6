package dev.switchboard.daemon;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigDiff;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.GatewaySettings;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.Reload;
import dev.switchboard.transport.http.HttpServer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switchboard running: a {@link Gateway} behind an {@link HttpServer}. {@link #close} is the graceful shutdown:
 * stop taking new work, give in-flight requests {@code gateway.shutdownGrace} to finish, fail the rest with a
 * JSON-RPC error, stop every child, then close the listener. Idempotent and safe from a shutdown hook.
 * {@link #reload} and {@link #preview} may be called from any thread once started; reloads run one at a time.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  private final Config config;
  private final dev.switchboard.transport.http.@Nullable AdminActions admin;
  private final java.nio.file.@Nullable Path serverLogDir;
  private final dev.switchboard.upstream.@Nullable ChildLedger ledger;
  private final AtomicReference<DaemonState> state = new AtomicReference<>(DaemonState.NEW);
  private final CountDownLatch terminated = new CountDownLatch(1);
  /** The config watcher, SIGHUP and the admin endpoint may ask at once; each reload diffs against the last. */
  private final ReentrantLock reloading = new ReentrantLock();
  private @Nullable Gateway gateway;
  private @Nullable HttpServer http;
  private final dev.switchboard.metrics.GatewayMetrics metrics =
      new dev.switchboard.metrics.GatewayMetrics(Version.current());
  private final dev.switchboard.access.AccessLog access;
  private dev.switchboard.transport.socket.@Nullable SocketListeners sockets;
  private dev.switchboard.cluster.@Nullable ClusterNode cluster;

  public Daemon(Config config) {
    this(config, null, null, null);
  }

  /**
   * With {@code admin}, the listener also serves the local control endpoint ({@code /admin/reload}); package-private
   * because the HTTP layer is not exported: {@link ManagedDaemon} is the one caller.
   *
   * @param serverLogDir where each stdio server's stderr is kept on disk, or null for memory only
   * @param ledger where children are recorded for orphan reaping after a crash, or null
   */
  Daemon(Config config, dev.switchboard.transport.http.@Nullable AdminActions admin,
      java.nio.file.@Nullable Path serverLogDir, dev.switchboard.upstream.@Nullable ChildLedger ledger) {
    this.config = config;
    this.admin = admin;
    this.serverLogDir = serverLogDir;
    this.ledger = ledger;
    this.access = dev.switchboard.access.AccessLog.toLogger(config.gateway().logging());
  }

  /** Binds and starts serving; throws when the port cannot be bound (the daemon is then FAILED). */
  public Daemon start() throws Exception {
    if (!state.compareAndSet(DaemonState.NEW, DaemonState.STARTING)) {
      throw new IllegalStateException("already " + state.get());
    }
    String exposed = exposure(config.gateway());
    if (exposed != null) {
      state.set(DaemonState.FAILED);
      terminated.countDown();
      throw new IllegalStateException(exposed);
    }
    try {
      gateway = new Gateway(config, Version.current(), serverLogDir, ledger,
          counting() ? dev.switchboard.gateway.RequestEvents.all(metrics, access) : access);
      metrics.bind(gateway);
      cluster = config.cluster().enabled()
          ? new dev.switchboard.cluster.ClusterNode(config.cluster(), gateway.sessionRegistry()) : null;
      http = bind(gateway);
      if (cluster != null) {
        cluster.start(java.net.URI.create(url()));
      }
      sockets = dev.switchboard.transport.socket.SocketListeners.start(gateway);
      if (counting()) {
        countWires(http, sockets);
      }
      state.set(DaemonState.RUNNING);
      LOG.info("Switchboard {} listening on {} serving {}", Version.current(), url(), config.servers().keySet());
      return this;
    } catch (Exception e) {
      state.set(DaemonState.FAILED);
      closeQuietly();
      terminated.countDown();
      throw e;
    }
  }

  /** Counts a reload attempt: applied, or refused as invalid. */
  public void reloaded(boolean ok) {
    metrics.reloaded(ok);
  }

  /** {@code gateway.metrics.enabled}: off, there is no {@code /metrics}, status page or per-request counting. */
  private boolean counting() {
    return config.gateway().security().metricsEnabled();
  }

  /** Tells the metrics where the bytes read and written by each listener are counted. */
  private void countWires(HttpServer server, dev.switchboard.transport.socket.SocketListeners listeners) {
    metrics.countWire("http", server::received, server::sent);
    for (var listener : listeners.listeners()) {
      var totals = listener.totals();
      metrics.countWire(listener.boundAddress().toString(), totals::received, totals::sent);
    }
  }

  /**
   * Binds the configured port, or, when another program holds it, the next ones ({@code gateway.portRetries}).
   * Port 0 (any free port) never needs a retry.
   */
  private HttpServer bind(Gateway g) throws Exception {
    int first = config.gateway().port();
    int tries = first == 0 ? 0 : config.gateway().portRetries();
    for (int i = 0;; i++) {
      HttpServer server = new HttpServer(g, config.gateway().host(), first + i, admin, counting() ? metrics : null,
          access,
          cluster);
      try {
        return server.start();
      } catch (java.io.IOException e) {
        server.close();
        if (i >= tries || !isAddressInUse(e)) {
          throw e;
        }
        LOG.warn("port {} is in use; trying {}", first + i, first + i + 1);
      }
    }
  }

  private static boolean isAddressInUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException) {
        return true;
      }
    }
    return false;
  }

  /** Why these settings would expose the gateway to anyone who can reach it, or null when they do not. */
  private static @Nullable String exposure(GatewaySettings gw) {
    if (gw.isLoopback() || gw.security().authRequired() || gw.security().insecureNoAuth()) {
      return null;
    }
    return "refusing to listen on " + gw.host() + " without API keys: anyone who can reach it could use your MCP "
        + "servers. Add gateway.auth.keys (or set SWITCHBOARD_API_KEY), bind 127.0.0.1, or pass --insecure-no-auth";
  }

  /**
   * Puts {@code next} in force as far as a running daemon can (see {@link ConfigDiff}): servers, keys and the other
   * live settings change now; settings read once at start keep their running values, and the report names them.
   * A configuration that would leave a non-loopback listener without keys is refused with a
   * {@link ConfigException}, as is one the gateway cannot apply; the running configuration then stays in force.
   */
  public Reload reload(Config next) {
    reloading.lock();
    try {
      Config running = gateway().config();
      ConfigDiff diff = check(running, next);
      Reload report = Reload.between(running, next);
      gateway().reload(diff.applicable());
      var before = running.gateway().logging();
      var after = diff.applicable().gateway().logging();
      if (!before.level().equals(after.level()) || before.requests() != after.requests()
          || before.access() != after.access()) {
        Logging.levels(after);
      }
      access.settings(after);
      return report;
    } finally {
      reloading.unlock();
    }
  }

  /** What {@link #reload} would do with {@code next}, without doing it; refuses what it would refuse. */
  public Reload preview(Config next) {
    Config running = gateway().config();
    check(running, next);
    return Reload.between(running, next);
  }

  private static ConfigDiff check(Config running, Config next) {
    ConfigDiff diff = ConfigDiff.between(running, next);
    String exposed = exposure(diff.applicable().gateway());
    if (exposed != null) {
      throw new ConfigException(next.source() == null ? "<config>" : next.source().toString(), java.util.List.of(
          new ConfigException.Problem("$.gateway.auth.keys", exposed)));
    }
    return diff;
  }

  public DaemonState state() {
    return state.get();
  }

  public Gateway gateway() {
    if (gateway == null) {
      throw new IllegalStateException("not started");
    }
    return gateway;
  }

  public int port() {
    return http == null ? -1 : http.port();
  }

  /** The base URL clients use, e.g. {@code http://127.0.0.1:7182}. */
  public String url() {
    String host = config.gateway().host();
    String shown = host.contains(":") ? "[" + host + "]" : host;
    return (http != null && http.isTls() ? "https" : "http") + "://" + shown + ":" + port();
  }

  /** The addresses {@code server} listens on besides HTTP (its {@code listen} list), with the ports actually bound. */
  public java.util.List<dev.switchboard.config.ListenAddress> listening(String server) {
    var bound = sockets;
    return bound == null ? java.util.List.of() : bound.listeners().stream().filter(l -> l.server().equals(server))
        .map(dev.switchboard.transport.socket.SocketListener::boundAddress).toList();
  }

  /** This node of a cluster, or null when {@code cluster} is not configured. */
  public dev.switchboard.cluster.@Nullable ClusterNode cluster() {
    return cluster;
  }

  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  @Override
  public void close() {
    if (!state.compareAndSet(DaemonState.RUNNING, DaemonState.STOPPING)) {
      return;
    }
    LOG.info("Switchboard stopping");
    Gateway g = gateway;
    if (g != null) {
      g.drain(g.config().gateway().shutdownGrace()); // the reloaded value
    }
    closeQuietly();
    state.set(DaemonState.TERMINATED);
    terminated.countDown();
    LOG.info("Switchboard stopped");
  }

  private void closeQuietly() {
    if (cluster != null) {
      cluster.close(); // after draining: until then other nodes still forward to this node's sessions
    }
    if (gateway != null) {
      gateway.close();
    }
    if (sockets != null) {
      sockets.close();
    }
    try {
      if (http != null) {
        http.close();
      }
    } catch (Exception e) {
      LOG.warn("closing the HTTP listener failed", e);
    }
    access.close(); // after the listener: its last exchanges are logged too
  }
}
