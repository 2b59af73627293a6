package dev.switchboard.daemon;

import dev.switchboard.config.Config;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.transport.http.HttpServer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switchboard running: a {@link Gateway} behind an {@link HttpServer}. {@link #close} is the graceful shutdown:
 * stop taking new work, give in-flight requests {@code gateway.shutdownGrace} to finish, fail the rest with a
 * JSON-RPC error, stop every child, then close the listener. Idempotent and safe from a shutdown hook.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  private final Config config;
  private final dev.switchboard.transport.http.@Nullable AdminActions admin;
  private final java.nio.file.@Nullable Path serverLogDir;
  private final dev.switchboard.upstream.@Nullable ChildLedger ledger;
  private final AtomicReference<DaemonState> state = new AtomicReference<>(DaemonState.NEW);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private @Nullable Gateway gateway;
  private @Nullable HttpServer http;

  public Daemon(Config config) {
    this(config, null);
  }

  /** With {@code admin}, the listener also serves the local control endpoint ({@code /admin/reload}). */
  public Daemon(Config config, dev.switchboard.transport.http.@Nullable AdminActions admin) {
    this(config, admin, null, null);
  }

  /**
   * @param serverLogDir where each stdio server's stderr is kept on disk, or null for memory only
   * @param ledger where children are recorded for orphan reaping after a crash, or null
   */
  public Daemon(Config config, dev.switchboard.transport.http.@Nullable AdminActions admin,
      java.nio.file.@Nullable Path serverLogDir, dev.switchboard.upstream.@Nullable ChildLedger ledger) {
    this.config = config;
    this.admin = admin;
    this.serverLogDir = serverLogDir;
    this.ledger = ledger;
  }

  /** Binds and starts serving; throws when the port cannot be bound (the daemon is then FAILED). */
  public Daemon start() throws Exception {
    if (!state.compareAndSet(DaemonState.NEW, DaemonState.STARTING)) {
      throw new IllegalStateException("already " + state.get());
    }
    var gw = config.gateway();
    if (!gw.isLoopback() && !gw.security().authRequired() && !gw.security().insecureNoAuth()) {
      state.set(DaemonState.FAILED);
      terminated.countDown();
      throw new IllegalStateException("refusing to listen on " + gw.host() + " without API keys: anyone who can "
          + "reach it could use your MCP servers. Add gateway.auth.keys (or set SWITCHBOARD_API_KEY), bind 127.0.0.1, "
          + "or pass --insecure-no-auth");
    }
    try {
      gateway = new Gateway(config, Version.current(), serverLogDir, ledger);
      http = bind(gateway);
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

  /**
   * Binds the configured port, or, when another program holds it, the next ones ({@code gateway.portRetries}).
   * Port 0 (any free port) never needs a retry.
   */
  private HttpServer bind(Gateway g) throws Exception {
    int first = config.gateway().port();
    int tries = first == 0 ? 0 : config.gateway().portRetries();
    for (int i = 0; ; i++) {
      HttpServer server = new HttpServer(g, config.gateway().host(), first + i, admin);
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
      g.drain(config.gateway().shutdownGrace());
    }
    closeQuietly();
    state.set(DaemonState.TERMINATED);
    terminated.countDown();
    LOG.info("Switchboard stopped");
  }

  private void closeQuietly() {
    if (gateway != null) {
      gateway.close();
    }
    try {
      if (http != null) {
        http.close();
      }
    } catch (Exception e) {
      LOG.warn("closing the HTTP listener failed", e);
    }
  }
}
