package dev.switchboard.gateway;

import dev.switchboard.protocol.Message;
import org.jspecify.annotations.Nullable;

/**
 * Told when each client request the gateway sent upstream has ended: which server, method and tool, how it ended,
 * and how long it took from the gateway's hands to its answer; and when a shared child's pin held requests back.
 * Metrics are made of this. Called under a link's turn, on its owner thread or a request thread (a timed gateway
 * share on the thread that wrote the answer): an implementation must be quick and never block.
 */
public interface RequestEvents {
  RequestEvents NONE = (server, method, tool, outcome, nanos) -> {};

  void ended(String server, String method, @Nullable String tool, Ending outcome, long nanos);

  /** The same end with who asked, what was asked and what came back (the access log's line); by default the above. */
  default void ended(Exchange exchange) {
    ended(exchange.server(), exchange.request().method(), exchange.tool(), exchange.outcome(), exchange.nanos());
  }

  /** A notification a server's child sent (progress, log messages, changes), by its method. */
  default void notified(String server, String method) {}

  /**
   * A message a frame wire (a socket line, a WebSocket frame) carried for {@code session}: read from the client
   * ({@code fromClient}) or written to it. Such a wire has no HTTP exchange per message for the access log to log in
   * its "messages" mode; called on the wire's reader or writer thread.
   */
  default void carried(Session session, Message message, boolean fromClient) {}

  /**
   * The gateway's share of {@code exchange}: from the request's first byte to its answer written, less the server's
   * time, reported by the wire's writer once the answer is written ({@link ShareClock}); where the wire cannot time
   * the request, {@link Exchange#gatewayNanos()}.
   */
  default void gatewayShare(Exchange exchange, long nanos) {}

  /** A shared child of {@code server} now serves one session at a time: a message it sent could be anyone's. */
  default void pinned(String server) {}

  /** A request waited {@code nanos} in line for a pinned shared child of {@code server}, and left the line. */
  default void waitedForPin(String server, long nanos) {}

  /** Every one of {@code listeners}, in order. */
  static RequestEvents all(RequestEvents... listeners) {
    java.util.List<RequestEvents> list = java.util.List.of(listeners);
    return new RequestEvents() {
      @Override
      public void ended(String server, String method, @Nullable String tool, Ending outcome, long nanos) {
        list.forEach(l -> l.ended(server, method, tool, outcome, nanos));
      }

      @Override
      public void ended(Exchange exchange) {
        list.forEach(l -> l.ended(exchange));
      }

      @Override
      public void notified(String server, String method) {
        list.forEach(l -> l.notified(server, method));
      }

      @Override
      public void carried(Session session, Message message, boolean fromClient) {
        list.forEach(l -> l.carried(session, message, fromClient));
      }

      @Override
      public void gatewayShare(Exchange exchange, long nanos) {
        list.forEach(l -> l.gatewayShare(exchange, nanos));
      }

      @Override
      public void pinned(String server) {
        list.forEach(l -> l.pinned(server));
      }

      @Override
      public void waitedForPin(String server, long nanos) {
        list.forEach(l -> l.waitedForPin(server, nanos));
      }
    };
  }

  /**
   * One client request from its session, as it was sent ({@code request}, with the client's id) and answered.
   *
   * @param traceparent the W3C trace context the server was given
   * @param nanos from the request reaching the server's link to its end handed to the client's stream
   * @param upstreamNanos the part of {@code nanos} spent in the server: from writing the request to the child to its
   *     answer coming back (0 if it was never written); the rest is the gateway's share
   */
  record Exchange(String server, Caller session, Message.Request request, @Nullable String tool,
      String traceparent, Message answer, Ending outcome, long nanos, long upstreamNanos) {
    /**
     * The gateway's share of {@code nanos}: waiting to be written to the child, and the answer's hand-off (a timed
     * exchange's is larger: see {@link RequestEvents#gatewayShare}).
     */
    public long gatewayNanos() {
      return Math.max(0, nanos - upstreamNanos);
    }
  }

  /** How a request ended, as a client and an operator tell it apart. */
  enum Ending {
    /** A result. */
    OK,
    /** A JSON-RPC error from the server. */
    ERROR,
    /** A tool result with {@code isError: true}. */
    TOOL_ERROR,
    /** No answer before its deadline. */
    TIMEOUT,
    /** The session ended (or the client cancelled) first. */
    CANCELLED,
    /** The server went away with it in flight. */
    CRASH,
    /** It never reached the server. */
    NOT_SENT;

    static Ending of(Message answer, Outcome outcome) {
      return switch (outcome) {
        case ANSWERED -> answered(answer);
        case TIMED_OUT -> TIMEOUT;
        case SESSION_ENDED -> CANCELLED;
        case LINK_CLOSED -> CRASH;
        case NOT_SENT -> NOT_SENT;
      };
    }

    private static Ending answered(Message answer) {
      if (answer instanceof Message.ErrorResponse) {
        return ERROR;
      }
      return answer instanceof Message.Response r && r.result().path("isError").asBoolean(false) ? TOOL_ERROR : OK;
    }
  }
}
