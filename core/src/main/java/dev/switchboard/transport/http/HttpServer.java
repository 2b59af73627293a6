package dev.switchboard.transport.http;

import dev.switchboard.gateway.Gateway;
import java.time.Duration;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * The Jetty server around a {@link GatewayHandler}. Lifecycle: {@link #start} binds (port 0 picks a free port),
 * {@link #close} stops accepting and closes connections; it is idempotent. Not thread safe for start/close.
 * An interrupt during close is kept (the thread stays interrupted), not thrown.
 */
public final class HttpServer implements AutoCloseable {
  /** With platform I/O threads: acceptor, selectors and the probes; all blocking work runs on virtual threads. */
  private static final int IO_THREADS = 32;
  private final Server server;
  private final ServerConnector connector;
  private final WireBytes bytes = new WireBytes();

  public HttpServer(Gateway gateway, String host, int port, @Nullable AdminActions admin) {
    this(gateway, host, port, admin, null);
  }

  /** With {@code metrics}, the listener also serves {@code GET /metrics}. */
  public HttpServer(Gateway gateway, String host, int port, @Nullable AdminActions admin,
      dev.switchboard.metrics.@Nullable GatewayMetrics metrics) {
    this(gateway, host, port, admin, metrics, null);
  }

  /** With {@code access}, every exchange is offered to the access log once it has ended. */
  public HttpServer(Gateway gateway, String host, int port, @Nullable AdminActions admin,
      dev.switchboard.metrics.@Nullable GatewayMetrics metrics, dev.switchboard.access.@Nullable AccessLog access) {
    this(gateway, host, port, admin, metrics, access, null);
  }

  /** With {@code cluster}, a node of several (see {@code cluster.node}). */
  public HttpServer(Gateway gateway, String host, int port, @Nullable AdminActions admin,
      dev.switchboard.metrics.@Nullable GatewayMetrics metrics, dev.switchboard.access.@Nullable AccessLog access,
      dev.switchboard.cluster.@Nullable ClusterNode cluster) {
    VirtualThreadPool virtual = new VirtualThreadPool();
    // The default cap is 200 concurrent tasks, and every open SSE stream holds one for its whole life.
    virtual.setMaxConcurrentTasks(100_000);
    virtual.setName("http");
    boolean platformIo = gateway.config().gateway().ioThreads().platform(gateway.config().gateway().isLoopback());
    this.server = new Server(platformIo ? platformIo(virtual) : virtual);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    http.setRequestHeaderSize(gateway.config().gateway().limits().maxHeaderBytes());
    var tls = gateway.config().gateway().security().tls();
    this.connector = tls == null ? new ServerConnector(server, new HttpConnectionFactory(http))
        : Tls.connector(server, tls, http);
    connector.setHost(host);
    connector.setPort(port);
    // Longer than any heartbeat interval: idle SSE streams stay open because heartbeats keep them busy.
    connector.setIdleTimeout(Math.max(Duration.ofMinutes(5).toMillis(),
        gateway.config().gateway().heartbeat().toMillis() * 4));
    connector.addBean(bytes);
    server.addConnector(connector);
    var websockets = dev.switchboard.transport.websocket.WebSockets.install(server, gateway);
    GatewayHandler handler = new GatewayHandler(gateway, admin, new dev.switchboard.security.Audit(), websockets,
        metrics, cluster);
    server.setHandler(platformIo ? new ProbesFirst(handler, virtual) : handler);
    server.setErrorHandler(new JsonErrorHandler());
    if (access != null) {
      server.setRequestLog(new AccessRequestLog(gateway, access));
    }
    server.setStopTimeout(2_000);
  }

  /**
   * {@code gateway.ioThreads: platform} (and {@code auto} off loopback): platform threads accept, select and parse
   * (and answer plain probes, see {@link ProbesFirst}); requests run on virtual threads. With virtual threads only
   * (loopback's default, which serves more calls per second), a flood that keeps every carrier busy holds up the
   * selectors too, and with them every probe.
   */
  private static QueuedThreadPool platformIo(VirtualThreadPool virtual) {
    QueuedThreadPool threads = new QueuedThreadPool(IO_THREADS, 4);
    threads.setName("http-io");
    threads.setVirtualThreadsExecutor(virtual);
    return threads;
  }

  public HttpServer start() throws Exception {
    server.start();
    return this;
  }

  /** The port actually bound (differs from the configured one when it was 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** Bytes read from clients so far, request heads included. */
  public long received() {
    return bytes.received();
  }

  /** Bytes written to clients so far, response heads included. */
  public long sent() {
    return bytes.sent();
  }

  /** Whether connections are accepted and read on platform threads ({@code gateway.ioThreads}, resolved). */
  public boolean platformIo() {
    return !(server.getThreadPool() instanceof VirtualThreadPool);
  }

  public boolean isTls() {
    return connector.getDefaultProtocol().toLowerCase(java.util.Locale.ROOT).contains("ssl");
  }

  @Override
  public void close() {
    if (!server.isStarted()) {
      return;
    }
    try {
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // for the caller to see; Jetty has stopped what it could
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("stopping the HTTP server failed", e);
    }
  }
}
