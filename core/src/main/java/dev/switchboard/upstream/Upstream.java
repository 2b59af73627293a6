package dev.switchboard.upstream;

import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import org.jspecify.annotations.Nullable;

/**
 * One live connection to an MCP server. {@link #send} may be called from any thread and never blocks: it queues the
 * message or, when the server has stopped taking its input, refuses with an {@link UpstreamException}; messages from the server arrive on the upstream's own reader thread through its
 * {@link Listener}, which must not block. {@link #close()} is idempotent and ends with one {@link Listener#onClosed}.
 */
public interface Upstream extends AutoCloseable {
  /**
   * Queues a message for the server without waiting; throws {@link UpstreamException} once the upstream is closed or
   * when its bounded input queue is full.
   */
  void send(Message message);

  /** A short description for logs and errors, e.g. {@code everything (pid 4242)}. */
  String describe();

  boolean isOpen();

  /**
   * Whether every request must carry its own caller's client capabilities and log level in {@code _meta}: true for
   * a child that speaks only 2026-07-28, which takes nothing from a handshake, even when several sessions share it.
   */
  default boolean takesCallerContext() {
    return false;
  }

  /**
   * The id, as the gateway sent it, of the request that a request from the server belongs to, when the upstream
   * knows it (a 2026-07-28 child's input requests belong to the call that asked for them); null when it does not.
   */
  default @Nullable RequestId relatedRequest(Message.Request fromServer) {
    return null;
  }

  /**
   * Whether a message has been on its way into the server's input for longer than {@code limitNanos} at {@code now}
   * ({@link System#nanoTime}): a write that cannot block by design is blocked, so the server stopped reading and
   * answered requests it never read. The supervisor stops such a server, which ends the write.
   */
  default boolean writeStalled(long now, long limitNanos) {
    return false;
  }

  /** Stops the server (for a child: close stdin, then TERM, then KILL the whole tree) and waits for it. */
  @Override
  void close();

  /** Receives what the server sends; called on the upstream's reader thread, so it hands work off and returns. */
  interface Listener {
    void onMessage(Message message);

    /** Called exactly once, after the last message. */
    void onClosed(UpstreamExit exit);
  }
}
