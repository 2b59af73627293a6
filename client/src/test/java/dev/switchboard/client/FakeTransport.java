package dev.switchboard.client;

import dev.switchboard.client.transport.SessionExpiredException;
import dev.switchboard.client.transport.Transport;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An in-memory server for client tests: answers each request method by script (an unscripted method gets
 * "method not found"), records everything the client sent, and can push messages, expire the session or drop the
 * connection. Scripts run on the sending thread, as an HTTP exchange would. Thread safe.
 */
final class FakeTransport implements Transport {
  /** Answers one request; may push notifications first, or answer nothing. */
  @FunctionalInterface
  interface Script {
    void answer(Message.Request request, FakeTransport server) throws IOException;
  }

  final Map<String, Script> scripts;
  final BlockingQueue<Message> sent = new LinkedBlockingQueue<>();
  private volatile @Nullable Receiver receiver;
  volatile boolean expireNextRequest;
  volatile boolean refuse;
  volatile boolean closed;
  volatile @Nullable String startedVersion;

  FakeTransport(Map<String, Script> scripts) {
    this.scripts = scripts;
  }

  FakeTransport() {
    this(new ConcurrentHashMap<>(Map.of("initialize", (r, s) -> s.reply(r, initializeResult()))));
  }

  static ObjectNode initializeResult() {
    ObjectNode result = Json.object().put("protocolVersion", "2025-11-25");
    result.putObject("capabilities").putObject("tools");
    result.putObject("serverInfo").put("name", "fake").put("version", "1");
    return result;
  }

  FakeTransport script(String method, Script script) {
    scripts.put(method, script);
    return this;
  }

  @Override
  public void start(Receiver r) throws IOException {
    if (refuse) {
      throw new java.net.ConnectException();
    }
    this.receiver = r;
  }

  @Override
  public void send(Message message) throws IOException {
    if (closed) {
      throw new IOException("fake transport closed");
    }
    sent.add(message);
    if (!(message instanceof Message.Request request)) {
      return;
    }
    if (expireNextRequest && !request.method().equals("initialize")) {
      expireNextRequest = false;
      throw new SessionExpiredException("fake session expired");
    }
    Script script = scripts.get(request.method());
    if (script == null) {
      push(Message.error(request.id(), new JsonRpcError(JsonRpcError.METHOD_NOT_FOUND, "no " + request.method())));
    } else {
      script.answer(request, this);
    }
  }

  @Override
  public void initialized(String protocolVersion) {
    startedVersion = protocolVersion;
  }

  @Override
  public String describe() {
    return "fake";
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Receiver r = receiver;
      if (r != null) {
        r.onClosed(null);
      }
    }
  }

  void reply(Message.Request request, JsonNode result) {
    push(Message.response(request.id(), result));
  }

  void push(Message message) {
    Receiver r = receiver;
    if (r != null) {
      r.onMessage(message);
    }
  }

  /** The server side hangs up. */
  void drop(String why) {
    closed = true;
    Receiver r = receiver;
    if (r != null) {
      r.onClosed(new IOException(why));
    }
  }

  /** Waits for the client to send a message with this method. */
  Message awaitSent(String method, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Message m = sent.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (m == null) {
        throw new AssertionError("the client sent no " + method + " within " + timeout);
      }
      if (method.equals(methodOf(m))) {
        return m;
      }
    }
  }

  static @Nullable String methodOf(Message m) {
    return switch (m) {
      case Message.Request r -> r.method();
      case Message.Notification n -> n.method();
      default -> null;
    };
  }
}
