package dev.switchboard.client;

import dev.switchboard.protocol.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers {@code sampling/createMessage}: the server asks the client's model for a completion. Runs on its own
 * virtual thread per request and may block (for a model, or a user's approval).
 */
@FunctionalInterface
public interface SamplingHandler {
  /** Given the request's params, returns a {@code CreateMessageResult}; an exception becomes a JSON-RPC error. */
  ObjectNode createMessage(ObjectNode params) throws Exception;

  /** A {@code CreateMessageResult} holding one assistant text. */
  static ObjectNode textResult(String model, String text) {
    ObjectNode result = Json.object().put("role", "assistant").put("model", model).put("stopReason", "endTurn");
    result.putObject("content").put("type", "text").put("text", text);
    return result;
  }
}
