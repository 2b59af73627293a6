package dev.switchboard.transport;

import dev.switchboard.gateway.EventStream;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.GatewayException;
import dev.switchboard.gateway.RequestEvents;
import dev.switchboard.gateway.Session;
import dev.switchboard.gateway.SessionState;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.upstream.UpstreamException;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session on a wire that carries whole JSON-RPC messages both ways (a socket line, a WebSocket frame): the
 * wire's reader hands each frame to {@link #receive}, and everything for the client — answers, server requests,
 * notifications, errors for bad input — comes out of one ordered, bounded {@link #outbox()} that the wire's single
 * writer drains (through {@link #writer}). Threads: {@link #receive} from one reader at a time; {@link #close} from
 * any thread, idempotent.
 */
public final class Conversation {
  private static final Logger LOG = LoggerFactory.getLogger(Conversation.class);

  private final Gateway gateway;
  private final Session session;
  private volatile boolean initializeSent;

  private Conversation(Gateway gateway, Session session) {
    this.gateway = gateway;
    this.session = session;
  }

  /** A new session on {@code server} for {@code principal}; throws {@link GatewayException} when refused. */
  public static Conversation open(Gateway gateway, String server, String principal) {
    return new Conversation(gateway, gateway.open(server, principal));
  }

  public Session session() {
    return session;
  }

  /** Everything for the client, in order; it finishes when the session ends and is cut when the client lags. */
  public EventStream outbox() {
    return session.standalone();
  }

  public boolean isClosed() {
    return session.state() == SessionState.CLOSED;
  }

  /** One frame from the client, just read. Bad input gets an error on the outbox and costs nothing else. */
  public void receive(byte[] frame) {
    receive(frame, System.nanoTime());
  }

  /**
   * One frame from the client that began arriving at {@code begun} ({@link System#nanoTime()}): a request's gateway
   * share is timed from there to its answer written. The frame wires' way in (an HTTP wire hands over parsed
   * messages, and the HTTP layer logs its exchanges), so the message is {@linkplain RequestEvents#carried carried}.
   */
  public void receive(byte[] frame, long begun) {
    Message message;
    try {
      message = MessageCodec.parse(frame);
    } catch (ProtocolException e) {
      reply(Message.error(e.id(), e.error()));
      return;
    }
    gateway.events().carried(session, message, true);
    receive(message, begun);
  }

  /** One parsed message from the client, just read. */
  public void receive(Message message) {
    receive(message, System.nanoTime());
  }

  /** One parsed message from the client that began arriving at {@code begun}. */
  public void receive(Message message, long begun) {
    switch (message) {
      case Message.Request r when r.method().equals("initialize") -> initialize(r);
      case Message.Request r -> request(r, begun);
      default -> notification(message);
    }
  }

  /**
   * The writer of a frame wire: drains the outbox onto {@code frames} until {@code done} (see {@link OutboxWriter}),
   * each message written {@linkplain RequestEvents#carried carried}.
   */
  public OutboxWriter writer(OutboxWriter.Frames frames, BooleanSupplier done) {
    return new OutboxWriter(outbox(), new Carried(frames), done);
  }

  /** A frame the wire could not take (too long, not text): an error naming why; the id is unknown. */
  public void refuse(JsonRpcError error) {
    reply(Message.error(null, error));
  }

  /** Ends the session: its in-flight requests fail, the outbox finishes once drained. */
  public void close(String reason) {
    session.close(reason);
  }

  private void initialize(Message.Request r) {
    if (initializeSent) {
      reply(error(r.id(), JsonRpcError.INVALID_REQUEST, "Invalid Request: this session is already initialized"));
      return;
    }
    initializeSent = true;
    try {
      session.initialize(r, outbox());
    } catch (UpstreamException e) {
      reply(Message.error(r.id(), e.toError()));
      session.close(e.getMessage());
    } catch (GatewayException e) {
      reply(Message.error(r.id(), e.error()));
      session.close(e.error().message());
    }
  }

  private void request(Message.Request r, long begun) {
    if (r.method().equals("ping") && session.state() != SessionState.OPEN) {
      reply(Message.response(r.id(), Json.object())); // the spec allows ping before initialization completes
      return;
    }
    @Nullable JsonRpcError refusal = refusal();
    if (refusal != null) {
      reply(Message.error(r.id(), refusal));
      return;
    }
    try {
      outbox().timeRequest(r.id(), begun);
      session.forward(r, outbox());
    } catch (GatewayException e) {
      reply(Message.error(r.id(), e.error()));
    } catch (UpstreamException e) {
      reply(Message.error(r.id(), e.toError()));
    }
  }

  /** Why a request cannot be forwarded now, or null. */
  private @Nullable JsonRpcError refusal() {
    return switch (session.state()) {
      case CLOSED -> new JsonRpcError(JsonRpcError.SESSION_NOT_FOUND, "Session not found or expired");
      case INITIALIZING -> new JsonRpcError(JsonRpcError.INVALID_REQUEST,
          "Invalid Request: send initialize first, and wait for its result");
      case OPEN -> busy();
    };
  }

  private @Nullable JsonRpcError busy() {
    int limit = gateway.config().gateway().limits().maxInFlightPerSession();
    if (session.inFlight() >= limit) {
      return new JsonRpcError(JsonRpcError.SERVER_ERROR, "Too Many Requests: this session already has "
          + session.inFlight() + " requests in flight (gateway.limits.maxInFlightPerSession = " + limit + ")");
    }
    return gateway.isDraining()
        ? new JsonRpcError(JsonRpcError.SERVER_ERROR, "Service Unavailable: Switchboard is shutting down") : null;
  }

  private void notification(Message message) {
    if (!initializeSent || session.state() == SessionState.CLOSED) {
      LOG.debug("session {}: dropped a {} before initialize or after close", session.logId(),
          message.getClass().getSimpleName());
      return;
    }
    session.accept(message);
  }

  private void reply(Message message) {
    if (!outbox().offer(message)) {
      LOG.debug("session {}: outbox closed; dropped {}", session.logId(), message.getClass().getSimpleName());
    }
  }

  private static Message error(RequestId id, int code, String text) {
    return Message.error(id, new JsonRpcError(code, text));
  }

  /** A wire's frames that tell the gateway's events of each message once it is written. */
  private final class Carried implements OutboxWriter.Frames {
    private final OutboxWriter.Frames frames;

    Carried(OutboxWriter.Frames frames) {
      this.frames = frames;
    }

    @Override
    public void write(Message message) throws IOException {
      frames.write(message);
      gateway.events().carried(session, message, false);
    }

    @Override
    public void flush() throws IOException {
      frames.flush();
    }

    @Override
    public void idle() throws IOException {
      frames.idle();
    }
  }
}
