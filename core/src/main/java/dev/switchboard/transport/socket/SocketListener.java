package dev.switchboard.transport.socket;

import dev.switchboard.config.ListenAddress;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.GatewayException;
import dev.switchboard.protocol.Message;
import dev.switchboard.transport.Conversation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code listen} address of one server: accepts connections on a virtual thread and gives each its own session
 * ({@link SocketConnection}). A watchdog closes a connection whose client has not taken a write within
 * {@link #WRITE_TIMEOUT}. {@link #close} stops accepting, closes every connection (their sessions end) and removes a
 * socket file; it is idempotent. Thread safe.
 */
public final class SocketListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SocketListener.class);
  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

  private final Gateway gateway;
  private final String server;
  private final ListenAddress address;
  private final ServerSocketChannel channel;
  private final Set<SocketConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ByteTotals totals = new ByteTotals();
  private final Duration writeTimeout;

  private SocketListener(Gateway gateway, String server, ListenAddress address, ServerSocketChannel channel,
      Duration writeTimeout) {
    this.gateway = gateway;
    this.server = server;
    this.address = address;
    this.channel = channel;
    this.writeTimeout = writeTimeout;
  }

  /** Binds {@code address} for {@code server} and starts accepting; throws when it cannot be bound. */
  public static SocketListener start(Gateway gateway, String server, ListenAddress address) throws IOException {
    return start(gateway, server, address, WRITE_TIMEOUT);
  }

  static SocketListener start(Gateway gateway, String server, ListenAddress address, Duration writeTimeout)
      throws IOException {
    ServerSocketChannel channel = switch (address) {
      case ListenAddress.Tcp tcp -> bindTcp(tcp);
      case ListenAddress.Unix unix -> SocketFiles.bind(unix.path());
    };
    SocketListener listener = new SocketListener(gateway, server, address, channel, writeTimeout);
    Thread.ofVirtual().name("listen-" + server).start(listener::accept);
    Thread.ofVirtual().name("listen-" + server + "-watchdog").start(listener::watch);
    LOG.info("server {} also listening on {}", server, listener.boundAddress());
    return listener;
  }

  public String server() {
    return server;
  }

  /** Bytes its connections have read and written. */
  public ByteTotals totals() {
    return totals;
  }

  /** The address actually bound: for TCP with port 0, the port chosen. */
  public ListenAddress boundAddress() {
    if (address instanceof ListenAddress.Tcp tcp) {
      try {
        return new ListenAddress.Tcp(tcp.host(), ((InetSocketAddress) channel.getLocalAddress()).getPort());
      } catch (IOException | RuntimeException e) {
        return address;
      }
    }
    return address;
  }

  int connections() {
    return connections.size();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing listener {} failed: {}", address, e.toString());
    }
    connections.forEach(c -> c.close("Switchboard is shutting down"));
    if (address instanceof ListenAddress.Unix unix) {
      SocketFiles.remove(unix.path());
    }
  }

  private static ServerSocketChannel bindTcp(ListenAddress.Tcp tcp) throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    try {
      channel.bind(new InetSocketAddress(tcp.host(), tcp.port()));
      return channel;
    } catch (IOException e) {
      channel.close();
      throw new IOException("cannot listen on " + tcp + ": " + e.getMessage(), e);
    }
  }

  private void accept() {
    while (!closed.get()) {
      try {
        serve(channel.accept());
      } catch (IOException e) {
        if (!closed.get()) {
          LOG.warn("listener {} stopped accepting: {}", address, e.toString());
          close();
        }
      }
    }
  }

  private void serve(SocketChannel client) throws IOException {
    if (address instanceof ListenAddress.Tcp) {
      client.setOption(StandardSocketOptions.TCP_NODELAY, true);
      client.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
    }
    Conversation conversation;
    try {
      conversation = Conversation.open(gateway, server, "listener " + address);
      conversation.session().origin("socket", peer(client));
    } catch (GatewayException e) {
      refuse(client, e);
      return;
    }
    SocketConnection[] self = new SocketConnection[1];
    SocketConnection connection = new SocketConnection(client, conversation,
        gateway.config().gateway().limits().maxLineBytes(), totals, () -> connections.remove(self[0]));
    self[0] = connection;
    connections.add(connection);
    if (closed.get()) {
      connection.close("Switchboard is shutting down");
      return;
    }
    connection.start(server + "-" + accepted.incrementAndGet());
  }

  /** The client's IP address over TCP, as the HTTP wires name it; a Unix socket's peer has none. */
  private static String peer(SocketChannel client) throws IOException {
    return client.getRemoteAddress() instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : "";
  }

  /** No session for this client (unknown server, capacity, shutting down): one error line, then the socket closes. */
  private static void refuse(SocketChannel client, GatewayException e) {
    try (client) {
      byte[] line = (new String(Message.error(null, e.error()).bytes(), java.nio.charset.StandardCharsets.UTF_8)
          + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      client.write(ByteBuffer.wrap(line));
    } catch (IOException io) {
      LOG.debug("could not tell a refused socket client why: {}", io.toString());
    }
  }

  private void watch() {
    long tick = Math.max(10, Math.min(1000, writeTimeout.toMillis() / 4));
    while (!closed.get()) {
      try {
        Thread.sleep(tick);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      connections.stream().filter(c -> c.writingFor(now) > writeTimeout.toNanos())
          .forEach(c -> c.close("the client did not read its messages for " + writeTimeout.toSeconds() + " s"));
    }
  }
}
