package dev.switchboard.gateway;

import dev.switchboard.protocol.Message;
import dev.switchboard.upstream.BackendStatus;

/**
 * How one server's children serve its sessions: one child per session, one child (or a few) shared by all, or a
 * fresh child per call. Transports see only this; the routing core ({@link Link}) is the same for all three.
 * Implementations are thread safe.
 */
interface Dispatcher extends AutoCloseable {
  /** A new session's {@code initialize}: connect it, answer on {@code out}. */
  void initialize(Caller session, Message.Request initialize, EventStream out);

  /** A client request on an initialized session. */
  void forward(Caller session, Message.Request request, EventStream out);

  /** A client notification, or its answer to a server-initiated request. */
  void accept(Caller session, Message message);

  /**
   * The session has ended: release what it held, answer its in-flight requests with {@code reason}. Completes once
   * those answers are on their streams (they are then finished).
   */
  java.util.concurrent.CompletableFuture<Void> sessionClosed(Caller session, String reason);

  /** Requests in flight for this session. */
  int inFlight(Caller session);

  /** Times out overdue requests and probes idle children; called periodically by the supervisor. */
  void tick(long now);

  BackendStatus status();

  /**
   * Whether a session's child outlives its requests, so it can report changes later (list changes, resource
   * updates); a child per call cannot.
   */
  default boolean keepsChildren() {
    return true;
  }

  @Override
  void close();
}
