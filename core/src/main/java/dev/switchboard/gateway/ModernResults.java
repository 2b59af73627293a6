package dev.switchboard.gateway;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestMeta;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A legacy child's answer as a 2026-07-28 client must receive it: every result says its {@code resultType}, the
 * cacheable ones carry cache hints, results name the server in {@code _meta}, and the errors whose codes changed are
 * re-coded. Only the top level of a result is copied; its content travels untouched. Stateless.
 */
final class ModernResults {
  /** Results the revision requires cache hints on. */
  private static final Set<String> CACHEABLE = Set.of("tools/list", "prompts/list", "resources/list",
      "resources/templates/list", "resources/read");

  private ModernResults() {}

  /**
   * The final answer to {@code method}. {@code refused}: capabilities the child asked for that the client had not
   * declared; a call that then failed failed for want of them (-32021).
   */
  static Message complete(String method, Message answer, Set<String> refused, @Nullable JsonNode serverInfo) {
    return switch (answer) {
      case Message.Response r -> Message.response(r.id(), result(method, r.result(), serverInfo));
      case Message.ErrorResponse e -> Message.error(e.id(), error(e.error(), refused));
      default -> answer;
    };
  }

  static ObjectNode result(String method, JsonNode original, @Nullable JsonNode serverInfo) {
    ObjectNode result = Json.object();
    if (original.isObject()) {
      result.setAll((ObjectNode) original);
    }
    if (!result.has("resultType")) {
      result.put("resultType", "complete");
    }
    if (CACHEABLE.contains(method)) {
      cacheHints(result, "private");
    }
    if (serverInfo != null) {
      ObjectNode meta = Json.object();
      if (result.get("_meta") instanceof ObjectNode own) {
        meta.setAll(own);
      }
      if (!meta.has(RequestMeta.SERVER_INFO)) {
        meta.set(RequestMeta.SERVER_INFO, serverInfo);
      }
      result.set("_meta", meta);
    }
    return result;
  }

  /** {@code ttlMs} 0: the gateway cannot promise a list stays fresh, since a child may change it at any time. */
  static void cacheHints(ObjectNode result, String scope) {
    if (!result.has("ttlMs")) {
      result.put("ttlMs", 0);
    }
    if (!result.has("cacheScope")) {
      result.put("cacheScope", scope);
    }
  }

  static JsonRpcError error(JsonRpcError error, Set<String> refused) {
    if (!refused.isEmpty()) {
      ObjectNode required = Json.object();
      refused.stream().sorted().forEach(path -> dev.switchboard.protocol.ClientCapabilities.require(required, path));
      ObjectNode data = Json.object();
      data.set("requiredCapabilities", required);
      return new JsonRpcError(JsonRpcError.MISSING_CLIENT_CAPABILITY, "Missing required client capability: the "
          + "server needs " + String.join(", ", refused.stream().sorted().toList()) + ", which the request's _meta "
          + "did not declare (" + error.message() + ")", data);
    }
    if (error.code() == JsonRpcError.RESOURCE_NOT_FOUND) { // 2026-07-28 retired -32002 for -32602
      return new JsonRpcError(JsonRpcError.INVALID_PARAMS, error.message(), error.data());
    }
    return error;
  }

  /** An input-required result: the questions by key, and the state that continues the call. */
  static Message inputRequired(Message.Request request, ObjectNode inputRequests, String state) {
    ObjectNode result = Json.object().put("resultType", "input_required");
    result.set("inputRequests", inputRequests);
    result.put("requestState", state);
    return Message.response(request.id(), result);
  }
}
