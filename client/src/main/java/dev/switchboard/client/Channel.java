package dev.switchboard.client;

import dev.switchboard.client.internal.Calls;
import dev.switchboard.client.internal.Connection;
import dev.switchboard.client.internal.EventQueue;
import dev.switchboard.client.internal.Pending;
import dev.switchboard.client.schema.InitializeResult;
import dev.switchboard.client.transport.AnswerLostException;
import dev.switchboard.client.transport.SessionExpiredException;
import dev.switchboard.client.transport.Transport;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.RequestId;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client's core: opens connections lazily (transport, handshake), sends requests and matches their answers,
 * enforces timeouts and cancellation, and routes what the server sends. Each request is sent on its own virtual
 * thread, so a blocking transport never holds up the caller's timeout. Thread safe.
 */
final class Channel implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Channel.class.getName());
  /** How long a call's result waits for progress listeners that were queued before it. */
  private static final Duration LISTENER_GRACE = Duration.ofSeconds(2);

  private final ClientBuilder settings;
  private final Calls calls = new Calls();
  private final EventQueue events = new EventQueue(1024);
  private final Inbound inbound;
  private final ReentrantLock connectLock = new ReentrantLock();
  private volatile @Nullable Connection current;
  private int generation; // guarded by connectLock
  private volatile boolean closed;

  Channel(ClientBuilder settings) {
    this.settings = settings;
    this.inbound = new Inbound(settings, calls, events, new ServerRequests(settings));
  }

  Duration defaultTimeout() {
    return settings.timeout;
  }

  boolean isClosed() {
    return closed;
  }

  @Nullable Connection current() {
    return current;
  }

  /** The live connection, opening one (transport and handshake) when there is none. */
  Connection connection() {
    Connection c = current;
    if (c != null && c.isAlive()) {
      return c;
    }
    connectLock.lock();
    try {
      if (closed) {
        throw new ClientException("the client is closed");
      }
      c = current;
      if (c != null && c.isAlive()) {
        return c;
      }
      if (c != null) {
        c.transport().close();
      }
      current = open();
      return current;
    } finally {
      connectLock.unlock();
    }
  }

  /** Sends a request on the current connection and waits for its result. */
  JsonNode call(String method, @Nullable ObjectNode params, CallOptions options) {
    return await(start(connection(), method, params, options));
  }

  Call start(Connection connection, String method, @Nullable ObjectNode params, CallOptions options) {
    RequestId id = calls.nextId();
    ObjectNode body = params == null ? null : params.deepCopy();
    if (options.onProgress() != null) {
      body = body == null ? Json.object() : body;
      body.withObject("_meta").set("progressToken", id.value());
    }
    Pending pending = new Pending(id, method, connection, options.onProgress());
    calls.add(pending);
    Message.Request request = Message.request(id, method, body);
    Thread sender = Thread.ofVirtual().name("mcp-call-" + id).unstarted(() -> send(pending, request));
    pending.sender(sender);
    sender.start();
    Duration timeout = options.timeout() == null ? settings.timeout : options.timeout();
    return new Call(this, pending, timeout, options.resetTimeoutOnProgress());
  }

  JsonNode await(Call call) {
    Pending pending = call.pending();
    long started = System.nanoTime();
    while (true) {
      long from = call.resetOnProgress() ? Math.max(started, pending.lastActivity()) : started;
      long left = from + call.timeout().toNanos() - System.nanoTime();
      try {
        if (left <= 0) {
          throw new TimeoutException();
        }
        Message answer = pending.answer().get(left, TimeUnit.NANOSECONDS);
        events.awaitDone(pending.answeredAfterEvent(), LISTENER_GRACE);
        return result(pending, answer);
      } catch (TimeoutException e) {
        if (!call.resetOnProgress() || pending.lastActivity() + call.timeout().toNanos() <= System.nanoTime()) {
          cancel(pending, "timed out after " + call.timeout().toMillis() + " ms");
          throw new RequestTimeoutException(pending.method(), call.timeout());
        }
      } catch (InterruptedException e) {
        cancel(pending, "the caller was interrupted");
        Thread.currentThread().interrupt();
        throw new RequestCancelledException(pending.method(), "the caller was interrupted");
      } catch (ExecutionException e) {
        // CompletableFuture only completes exceptionally with a non-null cause.
        throw failure(pending, Objects.requireNonNull(e.getCause(), "ExecutionException without a cause"));
      }
    }
  }

  /** Tells the server to stop working on a call and fails its waiter; no-op once it was answered. */
  void cancel(Pending pending, String reason) {
    if (calls.remove(pending.id()) == null) {
      return;
    }
    pending.fail(new RequestCancelledException(pending.method(), reason));
    if (!pending.method().equals("initialize")) {
      ObjectNode params = Json.object().put("reason", reason);
      params.set("requestId", pending.id().value());
      Thread.ofVirtual().name("mcp-cancel").start(() -> notify(pending.connection(), "notifications/cancelled",
          params));
    }
    pending.abortSend();
  }

  /** Sends a notification; failures are logged, since nobody waits for an answer. */
  void notify(Connection connection, String method, @Nullable ObjectNode params) {
    try {
      connection.transport().send(Message.notification(method, params));
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not send {0}: {1}", method, e.toString());
    }
  }

  @Override
  public void close() {
    Connection c;
    connectLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      c = current;
      current = null;
    } finally {
      connectLock.unlock();
    }
    for (Pending p : calls.drainAll()) {
      p.fail(new ClientException("the client was closed while " + p.method() + " was waiting"));
      p.abortSend();
    }
    if (c != null) {
      c.die(null);
      c.transport().close();
    }
    inbound.close();
    events.close();
  }

  private Connection open() {
    Transport transport;
    try {
      transport = settings.transports.create();
    } catch (RuntimeException e) {
      throw new ConnectionFailedException("(no transport)", "could not set up the connection: "
          + Failures.describe(e), e);
    }
    Connection c = new Connection(transport, ++generation);
    try {
      transport.start(inbound.receiver(c));
      InitializeResult init = InitializeResult.from(await(start(c, "initialize", initializeParams(),
          CallOptions.DEFAULT)));
      if (!ProtocolVersion.isLegacy(init.protocolVersion())) {
        throw new ClientException("the server chose protocol version '" + init.protocolVersion()
            + "', which this client does not speak (it speaks " + String.join(", ", ProtocolVersion.LEGACY) + ")");
      }
      c.initialized(init);
      transport.initialized(init.protocolVersion());
      notify(c, "notifications/initialized", null);
      return c;
    } catch (IOException | RuntimeException e) {
      c.die(e);
      transport.close();
      throw Failures.connectFailed(transport.describe(), e);
    }
  }

  private ObjectNode initializeParams() {
    ObjectNode params = Json.object().put("protocolVersion", settings.protocolVersion);
    params.set("capabilities", settings.capabilities());
    params.set("clientInfo", settings.clientInfo.toNode());
    return params;
  }

  private void send(Pending pending, Message.Request request) {
    try {
      pending.connection().transport().send(request);
    } catch (SessionExpiredException e) {
      sessionLost(pending, e);
    } catch (AnswerLostException e) {
      if (e.getCause() instanceof SessionExpiredException expired) {
        sessionLost(pending, expired); // found while resuming the answer's stream: the same loss
      } else {
        calls.remove(pending.id());
        pending.fail(e);
      }
    } catch (IOException | RuntimeException e) {
      calls.remove(pending.id());
      pending.fail(e);
    }
  }

  private void sessionLost(Pending pending, SessionExpiredException e) {
    pending.connection().die(e);
    calls.remove(pending.id());
    pending.fail(new SessionLostException(pending.method(), e));
  }

  private static JsonNode result(Pending pending, Message answer) {
    return switch (answer) {
      case Message.Response response -> response.result();
      case Message.ErrorResponse error -> throw new RpcException(pending.method(), error.error());
      default -> throw new ClientException("unexpected answer to " + pending.method() + ": " + answer);
    };
  }

  private static ClientException failure(Pending pending, Throwable cause) {
    if (cause instanceof ClientException e) {
      return e;
    }
    return new ClientException(pending.method() + " failed: " + Failures.describe(cause), cause);
  }
}
