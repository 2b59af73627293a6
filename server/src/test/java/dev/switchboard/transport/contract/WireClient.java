package dev.switchboard.transport.contract;

import dev.switchboard.client.transport.Transport;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A message-level MCP client over any wire (a client-module {@link Transport}), for the transport contract: it sends
 * exactly what a test says, records everything the server sends, and answers server requests with a test's handler
 * on a thread of its own (an HTTP send blocks until its answer, which may wait for that very reply).
 */
final class WireClient implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);

  private final Transport transport;
  private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
  private final List<Message> seen = new CopyOnWriteArrayList<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private volatile Function<Message.Request, JsonNode> serverRequests = r -> Json.object();
  private volatile @Nullable Throwable closedBy;

  WireClient(Transport transport) throws IOException {
    this.transport = transport;
    transport.start(new Transport.Receiver() {
      @Override
      public void onMessage(Message message) {
        seen.add(message);
        if (message instanceof Message.Request r) {
          Thread.ofVirtual().start(() -> answer(r));
        } else {
          inbox.add(message);
        }
      }

      @Override
      public void onClosed(@Nullable Throwable cause) {
        closedBy = cause == null ? new IOException("closed") : cause;
      }
    });
  }

  /** What the client answers to server-initiated requests (sampling, elicitation, roots). */
  void onServerRequest(Function<Message.Request, JsonNode> handler) {
    this.serverRequests = handler;
  }

  /** {@code initialize} with {@code capabilities}, then {@code notifications/initialized}; returns the result. */
  JsonNode initialize(ObjectNode capabilities) throws Exception {
    return initialize(capabilities, "contract");
  }

  /** As {@link #initialize(ObjectNode)}, with {@code clientInfo.name} (how a test finds the gateway's session). */
  JsonNode initialize(ObjectNode capabilities, String clientName) throws Exception {
    ObjectNode params = Json.object().put("protocolVersion", "2025-06-18");
    params.set("capabilities", capabilities);
    params.putObject("clientInfo").put("name", clientName).put("version", "1");
    JsonNode result = result(request("initialize", params));
    transport.initialized(result.path("protocolVersion").asString());
    transport.send(Message.notification("notifications/initialized", null));
    return result;
  }

  /** Sends a request with the next id and waits for its answer (a response or an error). */
  Message request(String method, @Nullable ObjectNode params) throws Exception {
    return request(RequestId.of(nextId.getAndIncrement()), method, params);
  }

  Message request(RequestId id, String method, @Nullable ObjectNode params) throws Exception {
    transport.send(Message.request(id, method, params));
    return answerTo(id);
  }

  /** The result of a successful answer, or an assertion error naming the error. */
  static JsonNode result(Message answer) {
    if (answer instanceof Message.Response r) {
      return r.result();
    }
    throw new AssertionError("expected a result, got " + Json.text(answer.node()));
  }

  void send(Message message) throws IOException {
    transport.send(message);
  }

  /** The answer carrying {@code id}, waiting for it; other messages stay recorded in {@link #seen}. */
  Message answerTo(RequestId id) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Message m = inbox.poll(100, TimeUnit.MILLISECONDS);
      if (m != null && id.equals(answerId(m))) {
        return m;
      }
    }
    throw new AssertionError("no answer to id " + id + " within " + WAIT + "; saw " + seen.size() + " messages"
        + (closedBy == null ? "" : "; the wire closed: " + closedBy));
  }

  /** Everything the server sent so far, in order. */
  List<Message> seen() {
    return List.copyOf(seen);
  }

  @Nullable Throwable closedBy() {
    return closedBy;
  }

  Transport transport() {
    return transport;
  }

  @Override
  public void close() {
    transport.close();
  }

  private void answer(Message.Request r) {
    try {
      transport.send(Message.response(r.id(), serverRequests.apply(r)));
    } catch (IOException e) {
      closedBy = e;
    }
  }

  private static @Nullable RequestId answerId(Message m) {
    return switch (m) {
      case Message.Response r -> r.id();
      case Message.ErrorResponse e -> e.id();
      default -> null;
    };
  }
}
