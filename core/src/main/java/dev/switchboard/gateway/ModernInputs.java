package dev.switchboard.gateway;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The multi-round-trip members of a 2026-07-28 request ({@code inputResponses}, {@code requestState}): checked,
 * read, and removed before the request reaches a legacy child, which knows neither. Stateless.
 */
final class ModernInputs {
  private ModernInputs() {}

  /** What is wrong with the members, if anything: each must have its schema's shape. */
  static Optional<String> problem(Message.Request request) {
    JsonNode params = request.params();
    if (params == null) {
      return Optional.empty();
    }
    JsonNode responses = params.get("inputResponses");
    if (responses != null && !responses.isObject()) {
      return Optional.of("Invalid params: inputResponses must be an object of responses by key");
    }
    if (responses != null) {
      for (Map.Entry<String, JsonNode> e : responses.properties()) {
        if (!e.getValue().isObject()) {
          return Optional.of("Invalid params: inputResponses." + e.getKey() + " must be the result object of "
              + "that input request");
        }
      }
    }
    JsonNode state = params.get("requestState");
    return state != null && !state.isString() ? Optional.of("Invalid params: requestState must be a string")
        : Optional.empty();
  }

  static @Nullable String state(Message.Request request) {
    JsonNode state = request.node().path("params").get("requestState");
    return state == null ? null : state.asString();
  }

  static @Nullable ObjectNode responses(Message.Request request) {
    return request.node().path("params").get("inputResponses") instanceof ObjectNode o ? o : null;
  }

  /** The request as a legacy child receives it: without the members only this revision defines. */
  static Message.Request forChild(Message.Request request) {
    if (!(request.params() instanceof ObjectNode params)
        || !(params.has("inputResponses") || params.has("requestState"))) {
      return request;
    }
    ObjectNode trimmed = Json.object();
    trimmed.setAll(params);
    trimmed.remove("inputResponses");
    trimmed.remove("requestState");
    return Message.request(request.id(), request.method(), trimmed);
  }
}
