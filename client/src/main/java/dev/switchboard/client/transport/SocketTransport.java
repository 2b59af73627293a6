package dev.switchboard.client.transport;

import dev.switchboard.protocol.LineReader;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import dev.switchboard.protocol.ProtocolException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Newline-delimited JSON-RPC over a TCP or Unix-domain socket — Switchboard's per-server {@code listen} addresses.
 * One connection is one session. A virtual thread reads (socket reads do not pin a carrier); writes are serialized by
 * a lock. Thread safe; {@link #close} is idempotent.
 */
public final class SocketTransport implements Transport {
  private static final System.Logger LOG = System.getLogger(SocketTransport.class.getName());
  private static final int MAX_LINE = 64 * 1024 * 1024;

  private final SocketAddress address;
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile @Nullable SocketChannel channel;
  private volatile @Nullable OutputStream out;
  private volatile @Nullable Receiver receiver;
  private volatile boolean closed;

  private SocketTransport(SocketAddress address) {
    this.address = address;
  }

  public static SocketTransport tcp(String host, int port) {
    return new SocketTransport(new InetSocketAddress(host, port));
  }

  public static SocketTransport unix(Path path) {
    return new SocketTransport(UnixDomainSocketAddress.of(path));
  }

  @Override
  public void start(Receiver receiver) throws IOException {
    this.receiver = receiver;
    SocketChannel opened = SocketChannel.open(address);
    if (address instanceof InetSocketAddress) {
      opened.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }
    channel = opened;
    out = new BufferedOutputStream(Channels.newOutputStream(opened), 16 * 1024);
    Thread.ofVirtual().name("mcp-socket-read").start(() -> read(opened));
  }

  @Override
  public void send(Message message) throws IOException {
    OutputStream o = out;
    if (o == null || closed) {
      throw new IOException(describe() + " is not connected");
    }
    writeLock.lock();
    try {
      o.write(message.bytes());
      o.write('\n');
      o.flush();
    } finally {
      writeLock.unlock();
    }
  }

  /** Closes the sending side only: the server answers what is in flight, then ends the connection. */
  public void finishSending() throws IOException {
    SocketChannel c = channel;
    if (c != null) {
      c.shutdownOutput();
    }
  }

  @Override
  public String describe() {
    return address instanceof UnixDomainSocketAddress unix ? "unix:" + unix.getPath() : "tcp://" + address;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeChannel();
    Receiver r = receiver;
    if (r != null) {
      r.onClosed(null);
    }
  }

  private void read(SocketChannel opened) {
    LineReader lines = new LineReader(Channels.newInputStream(opened), MAX_LINE);
    IOException failure = null;
    try {
      LineReader.Frame frame;
      while ((frame = lines.next()) != null) {
        if (frame instanceof LineReader.Frame.Line line) {
          deliver(line.bytes());
        }
      }
    } catch (IOException e) {
      failure = e;
    }
    ended(failure);
  }

  private void deliver(byte[] line) {
    try {
      Message message = MessageCodec.parse(line);
      Receiver r = receiver;
      if (r != null && !closed) {
        r.onMessage(message);
      }
    } catch (ProtocolException e) {
      LOG.log(System.Logger.Level.DEBUG, "{0} sent a line that is not JSON-RPC: {1}", describe(), e.getMessage());
    }
  }

  private void ended(@Nullable IOException failure) {
    if (closed) {
      return;
    }
    closed = true;
    closeChannel();
    Receiver r = receiver;
    if (r != null) {
      r.onClosed(new IOException(describe() + " closed the connection"
          + (failure == null ? "" : ": " + failure.getMessage()), failure));
    }
  }

  private void closeChannel() {
    SocketChannel c = channel;
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing {0}: {1}", describe(), e.toString());
    }
  }
}
