package dev.switchboard.upstream.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.upstream.Upstream;
import dev.switchboard.upstream.UpstreamExit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A test client over one {@link InProcessUpstream}: it records everything the server sends, pairs responses with
 * its requests, and answers the server's own requests (such as {@code roots/list}) with a handler. Thread safe.
 */
public final class RecordingClient implements Upstream.Listener, AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final InProcessUpstream upstream;
  private final AtomicLong ids = new AtomicLong(1);
  private final Map<RequestId, BlockingQueue<Message>> waiting = new ConcurrentHashMap<>();
  private final List<Message.Notification> notifications = new CopyOnWriteArrayList<>();
  private final List<Message.Request> serverRequests = new CopyOnWriteArrayList<>();
  private volatile Function<Message.Request, @Nullable JsonNode> answers = r -> null;
  private volatile boolean closedSeen;

  public RecordingClient(BuiltinServer server) {
    this.upstream = new InProcessUpstream(server, this);
  }

  /** Initializes with the given client capabilities (e.g. {@code {"roots":{}}}). */
  public JsonNode initialize(ObjectNode capabilities) {
    ObjectNode params = Json.object().put("protocolVersion", "2025-06-18");
    params.set("capabilities", capabilities);
    params.putObject("clientInfo").put("name", "test").put("version", "1");
    JsonNode result = request("initialize", params);
    upstream.send(Message.notification("notifications/initialized", null));
    return result;
  }

  public JsonNode initialize() {
    return initialize(Json.object());
  }

  /** How to answer server requests: the result to send back, or null to answer with an error. */
  public void answerWith(Function<Message.Request, @Nullable JsonNode> handler) {
    this.answers = handler;
  }

  /** Sends a request and waits for its response; the response message (result or error). */
  public Message send(String method, @Nullable JsonNode params) {
    RequestId id = RequestId.of(ids.getAndIncrement());
    BlockingQueue<Message> answer = new LinkedBlockingQueue<>();
    waiting.put(id, answer);
    upstream.send(Message.request(id, method, params));
    try {
      Message message = answer.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(message).as("answer to %s", method).isNotNull();
      return message;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    } finally {
      waiting.remove(id);
    }
  }

  /** A request that must succeed: its result. */
  public JsonNode request(String method, @Nullable JsonNode params) {
    Message message = send(method, params);
    assertThat(message).as("%s answered %s", method, message.node()).isInstanceOf(Message.Response.class);
    return ((Message.Response) message).result();
  }

  /** A tools/call result (which may have {@code isError}). */
  public JsonNode call(String tool, ObjectNode arguments) {
    ObjectNode params = Json.object().put("name", tool);
    params.set("arguments", arguments);
    return request("tools/call", params);
  }

  /** A tools/call that must succeed: its {@code structuredContent}. */
  public JsonNode ok(String tool, ObjectNode arguments) {
    JsonNode result = call(tool, arguments);
    assertThat(result.path("isError").asBoolean(false)).as("%s failed: %s", tool, result).isFalse();
    return result.path("structuredContent");
  }

  /** A tools/call that must fail with {@code isError}: its text. */
  public String error(String tool, ObjectNode arguments) {
    JsonNode result = call(tool, arguments);
    assertThat(result.path("isError").asBoolean(false)).as("%s should fail: %s", tool, result).isTrue();
    return result.path("content").path(0).path("text").asString();
  }

  public List<Message.Notification> notifications() {
    return notifications;
  }

  public List<Message.Notification> notifications(String method) {
    return notifications.stream().filter(n -> n.method().equals(method)).toList();
  }

  public List<Message.Request> serverRequests() {
    return serverRequests;
  }

  public InProcessUpstream upstream() {
    return upstream;
  }

  public boolean closedSeen() {
    return closedSeen;
  }

  @Override
  public void onMessage(Message message) {
    switch (message) {
      case Message.Response r -> deliver(r.id(), r);
      case Message.ErrorResponse e when e.id() != null -> deliver(e.id(), e);
      case Message.Notification n -> notifications.add(n);
      case Message.Request r -> answer(r);
      default -> {}
    }
  }

  @Override
  public void onClosed(UpstreamExit exit) {
    closedSeen = true;
  }

  @Override
  public void close() {
    upstream.close();
  }

  private void deliver(RequestId id, Message message) {
    BlockingQueue<Message> queue = waiting.get(id);
    if (queue != null) {
      queue.add(message);
    }
  }

  private void answer(Message.Request request) {
    serverRequests.add(request);
    Thread.ofVirtual().start(() -> {
      JsonNode result = answers.apply(request);
      upstream.send(result == null
          ? Message.error(request.id(), new dev.switchboard.protocol.JsonRpcError(-32601, "not supported"))
          : Message.response(request.id(), result));
    });
  }
}
