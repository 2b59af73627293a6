package dev.switchboard.client.transport;

import dev.switchboard.protocol.Message;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * One connection to an MCP server that carries JSON-RPC messages both ways. A client uses a transport for one
 * connection and makes a new one to reconnect. {@link #send} may be called from many threads at once; what the
 * server sends reaches the {@link Receiver} from the transport's own threads. {@link #close()} is idempotent.
 */
public interface Transport extends AutoCloseable {
  /** Connects (spawns the process, opens the stream); messages may arrive as soon as this is called. */
  void start(Receiver receiver) throws IOException;

  /**
   * Sends one message. It may block; an HTTP transport also reads the answer on this exchange and delivers it to the
   * receiver before returning, so for a request it either returns with the answer delivered or throws. Throws
   * {@link SessionExpiredException} when the server no longer knows the session.
   */
  void send(Message message) throws IOException;

  /**
   * The server answered the handshake with this protocol revision; called before {@code notifications/initialized}
   * is sent, so HTTP transports send the revision as a header from then on.
   */
  default void initialized(String protocolVersion) {}

  /** A short description for messages, e.g. the URL or the command line. */
  String describe();

  /** Releases the connection: ends the session (HTTP DELETE), stops the process; never throws. */
  @Override
  void close();

  /**
   * Receives what the server sends. Called on the transport's reader threads, so implementations hand work off and
   * return quickly.
   */
  interface Receiver {
    void onMessage(Message message);

    /** The server forgot the session (HTTP 404 on the stream); the next call should start a new one. */
    default void onSessionExpired() {}

    /** The connection ended for good; {@code cause} is null after {@link #close()}. Called at most once. */
    void onClosed(@Nullable Throwable cause);
  }

  /** Makes one new, unstarted transport per connection attempt. */
  @FunctionalInterface
  interface Factory {
    Transport create();
  }
}
