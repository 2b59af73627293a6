package dev.switchboard.client;

import dev.switchboard.client.internal.Connection;
import dev.switchboard.client.internal.SchemaDefaults;
import dev.switchboard.client.schema.ElicitRequest;
import dev.switchboard.client.schema.ElicitResult;
import dev.switchboard.client.schema.Root;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers the requests a server sends the client (ping, sampling, elicitation, roots), each on its own virtual thread
 * because handlers may wait for a model or a person; at most {@code maxServerRequests} run at once. A request the
 * server cancels is interrupted and gets no answer. Thread safe.
 */
final class ServerRequests implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ServerRequests.class.getName());

  private final ClientBuilder settings;
  private final Semaphore slots;
  private final Map<RequestId, Thread> running = new ConcurrentHashMap<>();

  ServerRequests(ClientBuilder settings) {
    this.settings = settings;
    this.slots = new Semaphore(settings.maxServerRequests);
  }

  /** Called on a reader thread: starts the handler and returns. */
  void handle(Connection connection, Message.Request request) {
    if (!slots.tryAcquire()) {
      reply(connection, Message.error(request.id(), new JsonRpcError(JsonRpcError.INTERNAL_ERROR,
          "the client is busy with " + settings.maxServerRequests + " requests already")));
      return;
    }
    Thread thread = Thread.ofVirtual().name("mcp-server-request").unstarted(() -> run(connection, request));
    running.put(request.id(), thread);
    thread.start();
  }

  /** The server withdrew a request: interrupt its handler, and send nothing back. */
  void cancel(JsonNode requestId) {
    if (RequestId.isValid(requestId)) {
      Thread thread = running.remove(new RequestId(requestId));
      if (thread != null) {
        thread.interrupt();
      }
    }
  }

  @Override
  public void close() {
    running.values().forEach(Thread::interrupt);
    running.clear();
  }

  private void run(Connection connection, Message.Request request) {
    try {
      Message answer = answer(request);
      if (running.remove(request.id()) != null) {
        reply(connection, answer);
      }
    } finally {
      running.remove(request.id());
      slots.release();
    }
  }

  private Message answer(Message.Request request) {
    ObjectNode params = request.params() instanceof ObjectNode p ? p : Json.object();
    try {
      return Message.response(request.id(), dispatch(request.method(), params));
    } catch (UnsupportedOperationException e) {
      return Message.error(request.id(), new JsonRpcError(JsonRpcError.METHOD_NOT_FOUND,
          "Method not found: " + request.method()));
    } catch (InterruptedException e) {
      return Message.error(request.id(), new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "cancelled"));
    } catch (Exception e) {
      LOG.log(System.Logger.Level.DEBUG, "handler for {0} failed", request.method(), e);
      return Message.error(request.id(), new JsonRpcError(JsonRpcError.INTERNAL_ERROR,
          e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  private JsonNode dispatch(String method, ObjectNode params) throws Exception {
    return switch (method) {
      case "ping" -> Json.object();
      case "sampling/createMessage" -> {
        SamplingHandler handler = supported(settings.sampling);
        yield handler.createMessage(params);
      }
      case "elicitation/create" -> elicit(supported(settings.elicitation), params);
      case "roots/list" -> roots();
      default -> throw new UnsupportedOperationException(method);
    };
  }

  private static JsonNode elicit(ElicitationHandler handler, ObjectNode params) throws Exception {
    ElicitRequest request = ElicitRequest.from(params);
    ElicitResult result = handler.elicit(request);
    if (result.accepted() && request.mode().equals("form")) {
      result = ElicitResult.accept(SchemaDefaults.apply(request.requestedSchema(), result.content()));
    }
    return result.toNode();
  }

  private JsonNode roots() {
    ObjectNode result = Json.object();
    var list = result.putArray("roots");
    for (Root root : supported(settings.roots).get()) {
      list.add(root.toNode());
    }
    return result;
  }

  private static <T> T supported(@org.jspecify.annotations.Nullable T handler) {
    if (handler == null) {
      throw new UnsupportedOperationException();
    }
    return handler;
  }

  private static void reply(Connection connection, Message answer) {
    try {
      connection.transport().send(answer);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not answer the server: {0}", e.toString());
    }
  }
}
