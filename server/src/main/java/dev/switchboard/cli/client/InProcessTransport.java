package dev.switchboard.cli.client;

import dev.switchboard.client.transport.Transport;
import dev.switchboard.protocol.Message;
import dev.switchboard.upstream.Upstream;
import dev.switchboard.upstream.UpstreamException;
import dev.switchboard.upstream.UpstreamExit;
import dev.switchboard.upstream.builtin.BuiltinServer;
import dev.switchboard.upstream.builtin.InProcessUpstream;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A client transport to a built-in server in this JVM: messages go straight to an {@link InProcessUpstream}, whose
 * virtual threads deliver the answers. The transport owns the server and closes it. Thread safe.
 */
public final class InProcessTransport implements Transport {
  private final BuiltinServer server;
  private volatile @Nullable Upstream upstream;

  public InProcessTransport(BuiltinServer server) {
    this.server = server;
  }

  @Override
  public void start(Receiver receiver) {
    upstream = new InProcessUpstream(server, new Upstream.Listener() {
      @Override
      public void onMessage(Message message) {
        receiver.onMessage(message);
      }

      @Override
      public void onClosed(UpstreamExit exit) {
        receiver.onClosed(null);
      }
    });
  }

  @Override
  public void send(Message message) throws IOException {
    Upstream up = upstream;
    if (up == null) {
      throw new IOException(describe() + " is not started");
    }
    try {
      up.send(message);
    } catch (UpstreamException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "built-in server '" + server.name() + "'";
  }

  @Override
  public void close() {
    Upstream up = upstream;
    if (up != null) {
      up.close();
    }
    server.close();
  }
}
