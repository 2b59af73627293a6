package dev.switchboard.upstream.builtin;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The requests one in-process connection sends to its client ({@code roots/list}, sampling, elicitation) and the
 * client's declared capabilities that gate them. Ids are strings minted here, so they never collide with the
 * client's own. A caller blocks on its virtual thread; answers arrive from the connection's sender. Thread safe.
 */
final class ClientRequests {
  private final String prefix;
  /** Sends a message to the client; false once the connection is closed. */
  private final Predicate<Message> out;
  private final AtomicLong next = new AtomicLong(1);
  private final Map<RequestId, CompletableFuture<Message>> pending = new ConcurrentHashMap<>();
  private volatile JsonNode capabilities = Json.object();

  ClientRequests(String server, Predicate<Message> out) {
    this.prefix = "builtin-" + server + "-";
    this.out = out;
  }

  /** Remembers what the client declared in {@code initialize}. */
  void declared(JsonNode clientCapabilities) {
    capabilities = clientCapabilities.isObject() ? clientCapabilities : Json.object();
  }

  boolean supports(String capability) {
    JsonNode declared = capabilities.get(capability);
    return declared != null && !declared.isNull() && !(declared.isBoolean() && !declared.asBoolean());
  }

  JsonNode call(String method, @Nullable JsonNode params, Duration timeout)
      throws ToolException, InterruptedException {
    String capability = capabilityFor(method);
    if (capability != null && !supports(capability)) {
      throw new ToolException(JsonRpcError.METHOD_NOT_FOUND, "The client did not declare the '" + capability
          + "' capability, so it cannot be asked for " + method);
    }
    RequestId id = RequestId.of(prefix + next.getAndIncrement());
    CompletableFuture<Message> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      if (!out.test(Message.request(id, method, params))) {
        throw new ToolException(JsonRpcError.SERVER_ERROR, "The connection closed before " + method + " was sent");
      }
      return result(method, await(id, method, answer, timeout));
    } finally {
      pending.remove(id);
    }
  }

  /** Completes the matching call; false when the answer is not to one of ours (a stale or foreign id). */
  boolean answered(Message answer) {
    RequestId id = switch (answer) {
      case Message.Response r -> r.id();
      case Message.ErrorResponse e -> e.id();
      default -> null;
    };
    CompletableFuture<Message> waiting = id == null ? null : pending.remove(id);
    return waiting != null && waiting.complete(answer);
  }

  /** The connection closed: every waiting call fails now rather than at its timeout. */
  void closeAll() {
    pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("connection closed")));
    pending.clear();
  }

  private Message await(RequestId id, String method, CompletableFuture<Message> answer, Duration timeout)
      throws ToolException, InterruptedException {
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      cancel(id, "timed out");
      throw new ToolException(JsonRpcError.SERVER_ERROR, "The client did not answer " + method + " within "
          + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      cancel(id, "the tool call was cancelled");
      throw e;
    } catch (ExecutionException e) {
      throw new ToolException(JsonRpcError.SERVER_ERROR, "The connection closed while waiting for " + method);
    }
  }

  private void cancel(RequestId id, String reason) {
    var params = Json.object().put("reason", reason);
    params.set("requestId", id.value());
    // false only once the connection has closed: then the client, and the request it would cancel, are gone
    var unused = out.test(Message.notification("notifications/cancelled", params));
  }

  private static JsonNode result(String method, Message answer) throws ToolException {
    if (answer instanceof Message.ErrorResponse e) {
      throw new ToolException(e.error().code(), "The client answered " + method + " with an error: "
          + e.error().message());
    }
    return ((Message.Response) answer).result();
  }

  private static @Nullable String capabilityFor(String method) {
    return switch (method) {
      case "roots/list" -> "roots";
      case "sampling/createMessage" -> "sampling";
      case "elicitation/create" -> "elicitation";
      default -> null;
    };
  }
}
