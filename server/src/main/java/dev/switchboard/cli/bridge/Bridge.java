package dev.switchboard.cli.bridge;

import dev.switchboard.client.transport.SessionExpiredException;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Relays one client's messages to the server and back. Each client request travels on its own virtual thread (an
 * HTTP send blocks until the answer); notifications and answers to server requests are sent on the caller's (stdin)
 * thread, in order. A request the server provably never saw (a session the bridge had already given up, one the
 * server no longer knows, a daemon not listening: see {@link Delivery}) is sent again on a new session; one that may
 * have run fails with a JSON-RPC error naming the cause. Every client request gets exactly one answer. Thread safe.
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
    for (int attempt = 0; attempt < ATTEMPTS && !closed && inFlight.containsKey(request.id()); attempt++) {
      Connection.Link link;
      try {
        link = connection.acquire(stale, last);
      } catch (IOException e) {
        fail(request.id(), "cannot reach the server: " + e.getMessage());
        return;
      }
      try {
        inFlight.replace(request.id(), link.generation());
        link.sends().use(request.method());
        link.transport().send(request);
        return;
      } catch (IOException e) {
        if (Delivery.of(e) != Delivery.NEVER) {
          failSent(request.id(), link, e);
          return;
        }
        stale = link;
        last = e;
      } finally {
        link.sends().end();
      }
    }
    fail(request.id(), "cannot reach the server: " + (last == null ? "the bridge is closing" : last.getMessage()));
  }

  /** A request the server saw: refused, or in flight when the exchange broke (then the session is given up). */
  private void failSent(RequestId id, Connection.Link link, IOException e) {
    if (Delivery.of(e) == Delivery.REFUSED) {
      fail(id, "the daemon refused the request: " + e.getMessage());
      return;
    }
    fail(id, "the request was in flight when the connection to " + link.transport().describe() + " failed ("
        + e.getMessage() + "); it may or may not have run");
    connection.invalidate(link);
  }

  /** A notification or an answer to a server request: sent in order; a lost session is replaced on next use. */
  private void pass(Message message) {
    Connection.Link link;
    try {
      link = connection.acquire(null, null);
    } catch (IOException e) {
      log.debug("could not pass on " + describe(message) + ": " + e.getMessage());
      return;
    }
    try {
      link.transport().send(message);
    } catch (IOException e) {
      log.debug("could not pass on " + describe(message) + ": " + e.getMessage());
    } finally {
      link.sends().end();
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

  /**
   * The server forgot the session while the bridge listened on it (its standalone stream answered 404): a session the
   * client used is renewed at once, so that what the server sends reaches the client again; one it never used is only
   * forgotten, and the client's next message opens a new one. Renewing that at once would only open another session
   * nobody uses, for the gateway to reap after {@code gateway.sessions.unusedGrace}, and again, and again.
   */
  @Override
  public void onExpired(Connection.Link link) {
    if (!link.sends().used()) {
      log.debug("the server forgot a session the client never used; the next message opens a new one");
      connection.invalidate(link);
      return;
    }
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
        fail(id, "the server ended while the request was in flight (" + cause.getMessage()
            + "); it may or may not have run");
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
