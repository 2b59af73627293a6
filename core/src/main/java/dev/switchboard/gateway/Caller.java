package dev.switchboard.gateway;

import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Whoever sent the requests a {@link Dispatcher} and its {@link Link}s serve: a client's {@link Session}, or one
 * 2026-07-28 request ({@link StatelessRequest}), which has no session. Implementations are thread safe. An abstract
 * class rather than an interface so that the gateway's half of the contract (delivery, the handshake, the log level)
 * stays package-private while the access log and metrics read the public half.
 */
public abstract class Caller {
  /** The resource URIs it subscribed to on a shared child. */
  private final Set<String> subscriptions;
  private volatile int logLevel;
  /** Set once a child has sent it a request of its own: a link then keeps that request in its books. */
  private volatile boolean asked;

  /** {@code logLevel}: the level it starts with ({@link LogLevels}); {@code subscriptions}: where its URIs go. */
  Caller(int logLevel, Set<String> subscriptions) {
    this.logLevel = logLevel;
    this.subscriptions = subscriptions;
  }

  /** The session's id, or a 2026-07-28 request's own. */
  public abstract String id();

  /** A short, non-secret form of the id for logs. */
  public abstract String logId();

  public abstract String server();

  /** The API key name (or "anonymous", or an OAuth subject) the requests came with. */
  public abstract String principal();

  /** The revision the caller speaks. */
  public abstract String protocolVersion();

  /** How the client reached the gateway: its wire and address. */
  public abstract Session.Origin origin();

  /** The group whose client this member session serves; empty for a client's own session or request. */
  public abstract Optional<String> group();

  public abstract SessionState state();

  /** Requests of this caller in flight. */
  public abstract int inFlight();

  /** Ends it: in-flight requests fail with {@code reason}, its streams end, its hold on children is released. */
  public abstract void close(String reason);

  boolean isClosed() {
    return state() == SessionState.CLOSED;
  }

  /**
   * The handshake succeeded: a session opens and puts {@code answer} on {@code out} (in that order, so it knows its
   * revision before its client can send again); a 2026-07-28 request, whose client sent no {@code initialize},
   * keeps the result to read.
   */
  abstract void initialized(Message.Response answer, EventStream out);

  /** The handshake failed: {@code answer} is the refusal for {@code out}, and the caller ends. */
  abstract void refused(Message answer, EventStream out);

  /**
   * Puts a server-initiated message on the most relevant open stream; false when nothing can take it (the caller
   * has ended, or its stream was cut).
   */
  abstract boolean deliver(Message message);

  /**
   * A server request re-addressed to this caller ({@code downstream}), which the child sent as {@code childId}; false
   * when it has closed since the link chose it (refused, so the link does not keep the request in its books).
   */
  final boolean deliverServerRequest(Message.Request downstream, RequestId childId) {
    asked = true;
    return !isClosed() && deliverAsked(downstream, childId);
  }

  /** Delivers a server request to an open caller (see {@link #deliverServerRequest}). */
  abstract boolean deliverAsked(Message.Request downstream, RequestId childId);

  /** The child asked for a capability this client did not declare, and was refused. */
  abstract void capabilityRefused(String capability);

  /**
   * The capability the child's {@code request} to this client needs and the client did not declare (an
   * elicitation's mode included); null when it declared what the request needs.
   */
  final @Nullable String lacks(Message.Request request) {
    return dev.switchboard.protocol.ClientCapabilities.missing(declaredCapabilities(), request);
  }

  /** The capabilities the client declared (its {@code initialize}, or the request's {@code _meta}); null: none yet. */
  abstract @Nullable JsonNode declaredCapabilities();

  /** Who the client said it is (its {@code initialize}'s or the request's {@code clientInfo}); null: it did not say. */
  abstract @Nullable JsonNode declaredClientInfo();

  /**
   * Whether a link may hold anything of this ended caller's beyond its requests in flight: a request a child sent
   * it. False means ending it needs no word with the link's owner when nothing of it is in flight there.
   */
  final boolean wasAsked() {
    return asked;
  }

  /** A request on {@code stream} has ended (answered, cancelled or failed). */
  abstract void requestEnded(EventStream stream);

  /** The level below which log messages are not delivered ({@link LogLevels}). */
  final int logLevel() {
    return logLevel;
  }

  final void logLevel(int level) {
    this.logLevel = level;
  }

  /** The resource URIs it subscribed to on a shared child. */
  final Set<String> subscriptions() {
    return subscriptions;
  }

  /** Set for a 2026-07-28 request: its input requests and refusals are recorded. */
  abstract @Nullable StatelessInputs statelessInputs();

  /** Whether it keeps a principal's child to itself while it lasts (every caller but a listener). */
  abstract boolean holdsChild();
}
