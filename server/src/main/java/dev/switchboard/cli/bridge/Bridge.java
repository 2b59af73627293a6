package dev.switchboard.cli.bridge;

import dev.switchboard.client.transport.HttpStatusException;
import dev.switchboard.client.transport.SessionExpiredException;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Relays one client's messages to the server and back. Each client request travels on its own virtual thread (an
 * HTTP send blocks until the answer); notifications and answers to server requests are sent on the caller's (stdin)
 * thread, in order. A request the server never saw (session expired, daemon not listening) is retried on a new
 * session; one that may have run fails with a JSON-RPC error naming the cause. Every client request gets exactly one
 * answer. Thread safe.
 */
final class Bridge implements Connection.Events, AutoCloseable {
  private static final int ATTEMPTS = 3;

  private final Connection connection;
  private final ClientMemory memory;
  private final Consumer<Message> toClient;
  private final BridgeLog log;
  /** Requests the client awaits, with the generation of the session they went to (0: none yet). */
  private final Map<RequestId, Integer> inFlight = new ConcurrentHashMap<>();
  private volatile boolean closed;

  Bridge(Connection.Opener opener, Consumer<Message> toClient, BridgeLog log) {
    this.memory = new ClientMemory();
    this.connection = new Connection(opener, memory, log);
    this.toClient = toClient;
    this.log = log;
    connection.listen(this);
  }

  /** One message from the client; called on the stdin thread. */
  void fromClient(Message message) {
    memory.note(message);
    if (message instanceof Message.Request request) {
      if (inFlight.putIfAbsent(request.id(), 0) != null) {
        toClient.accept(Message.error(request.id(), new JsonRpcError(JsonRpcError.INVALID_REQUEST,
            "request id " + request.id() + " is already in use by a request in flight")));
        return;
      }
      Thread.ofVirtual().name("bridge-request").start(() -> forward(request));
    } else {
      pass(message);
    }
  }

  private void forward(Message.Request request) {
    Connection.@Nullable Link stale = null;
    IOException last = null;
    for (int attempt = 0; attempt < ATTEMPTS && !closed; attempt++) {
      Connection.Link link;
      try {
        link = stale == null ? connection.current() : connection.replace(stale, last);
      } catch (IOException e) {
        fail(request.id(), "cannot reach the server: " + e.getMessage());
        return;
      }
      inFlight.replace(request.id(), link.generation());
      try {
        link.transport().send(request);
        return;
      } catch (IOException e) {
        if (e instanceof HttpStatusException refused && !neverArrived(e)) {
          fail(request.id(), "the daemon refused the request: " + refused.getMessage());
          return;
        }
        if (!neverArrived(e)) {
          fail(request.id(), "the request was in flight when the connection to " + link.transport().describe()
              + " failed (" + e.getMessage() + "); it may or may not have run");
          connection.invalidate(link);
          return;
        }
        stale = link;
        last = e;
      }
    }
    fail(request.id(), "cannot reach the server: " + (last == null ? "the bridge is closing" : last.getMessage()));
  }

  /** A notification or an answer to a server request: sent in order; a lost session is replaced on next use. */
  private void pass(Message message) {
    Connection.Link link;
    try {
      link = connection.current();
      link.transport().send(message);
    } catch (IOException e) {
      log.debug("could not pass on " + describe(message) + ": " + e.getMessage());
    }
  }

  @Override
  public void onMessage(Connection.Link link, Message message) {
    switch (message) {
      case Message.Response response -> {
        if (memory.isInitialize(response.id())) {
          String version = response.result().path("protocolVersion").asString("");
          link.transport().initialized(version);
          memory.answered(version);
        }
        answer(response.id(), message);
      }
      case Message.ErrorResponse error when error.id() != null -> answer(error.id(), message);
      default -> {
        if (connection.isCurrent(link)) {
          toClient.accept(message);
        }
      }
    }
  }

  @Override
  public void onExpired(Connection.Link link) {
    Thread.ofVirtual().name("bridge-renew").start(() -> {
      try {
        connection.replace(link, new SessionExpiredException("the server forgot the session"));
      } catch (IOException e) {
        log.debug("could not renew the session yet: " + e.getMessage());
      }
    });
  }

  @Override
  public void onClosed(Connection.Link link, Throwable cause) {
    connection.invalidate(link);
    inFlight.forEach((id, generation) -> {
      if (generation == link.generation()) {
        fail(id, "the server ended while the request was in flight: " + cause.getMessage());
      }
    });
  }

  private void answer(RequestId id, Message message) {
    if (inFlight.remove(id) != null) {
      toClient.accept(message);
    } else {
      log.debug("dropped an answer to " + id + ", which the client no longer awaits");
    }
  }

  private void fail(RequestId id, String why) {
    if (inFlight.remove(id) != null) {
      log.say("request " + id + " failed: " + why);
      toClient.accept(Message.error(id, new JsonRpcError(JsonRpcError.SERVER_ERROR, "Switchboard bridge: " + why)));
    }
  }

  /** Whether the server surely never saw the message: no session for it, or nobody listening. */
  static boolean neverArrived(IOException e) {
    if (e instanceof SessionExpiredException || (e instanceof HttpStatusException s && s.status() == 503)) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Message message) {
    return message instanceof Message.Notification n ? n.method() : "an answer";
  }

  /** Ends the session (DELETE) and stops answering; idempotent. */
  @Override
  public void close() {
    closed = true;
    connection.close();
  }
}
