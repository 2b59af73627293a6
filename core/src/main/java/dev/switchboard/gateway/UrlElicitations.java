package dev.switchboard.gateway;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A legacy child's -32042 URLElicitationRequired, which 2026-07-28 removed, as a client of that revision gets it: one
 * {@code elicitation/create} input request per URL elicitation the error lists, and what the client's answers to them
 * mean (all accepted: the request goes to the child anew; a refusal: the call ends). Stateless.
 */
final class UrlElicitations {
  private static final String ACCEPT = "accept";

  private UrlElicitations() {}

  /**
   * The input requests for a well-formed -32042 (each listed elicitation has mode {@code url}, an
   * {@code elicitationId}, a {@code url} and a {@code message}), keyed by the elicitation's id where that is plain;
   * null when the error lists none or one is malformed.
   */
  static @Nullable ObjectNode inputRequests(JsonRpcError error) {
    JsonNode data = error.data();
    if (data == null || !(data.get("elicitations") instanceof ArrayNode listed) || listed.isEmpty()) {
      return null;
    }
    ObjectNode requests = Json.object();
    for (int i = 0; i < listed.size(); i++) {
      if (!(listed.get(i) instanceof ObjectNode elicitation) || !wellFormed(elicitation)) {
        return null;
      }
      requests.set(key(elicitation, i, requests), question(elicitation));
    }
    return requests;
  }

  /** The child's own name for it, when plain and not taken; else one by position. */
  private static String key(ObjectNode elicitation, int index, ObjectNode taken) {
    String id = elicitation.get("elicitationId").asString();
    String key = StatelessInputs.plainKey(id) && !taken.has(id) ? id : "url_elicitation_" + index;
    while (taken.has(key)) {
      key += "_";
    }
    return key;
  }

  private static boolean wellFormed(ObjectNode e) {
    return e.path("mode").isString() && e.path("mode").asString().equals("url") && e.path("elicitationId").isString()
        && e.path("url").isString() && e.path("message").isString();
  }

  /**
   * The elicitation as the URL-mode request the child would have sent in a call: its members as listed, so its id
   * travels too (2026-07-28's URL params do not name one, nor forbid more members).
   */
  private static ObjectNode question(ObjectNode elicitation) {
    ObjectNode node = Json.object().put("method", "elicitation/create");
    node.set("params", elicitation.deepCopy());
    return node;
  }

  /** The answer to a -32042 for a request whose {@code _meta} did not declare URL-mode elicitation. */
  static JsonRpcError missingCapability(JsonRpcError original) {
    ObjectNode data = Json.object();
    data.putObject("requiredCapabilities").putObject("elicitation").putObject("url");
    return new JsonRpcError(JsonRpcError.MISSING_CLIENT_CAPABILITY, "Missing required client capability: the "
        + "server needs the user to complete a URL-mode elicitation first, and the request's _meta did not declare "
        + "elicitation.url (" + original.message() + ")", data);
  }

  /** A -32042 whose elicitations cannot be put to the client; this revision has no such code, so it is an error. */
  static JsonRpcError malformed(JsonRpcError original) {
    return new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "The server asked for URL-mode elicitation with an error "
        + "whose data.elicitations is missing or malformed: " + original.message(), original.data());
  }

  /** The questions of {@code asked} that {@code responses} does not answer. */
  static ObjectNode unanswered(ObjectNode asked, @Nullable ObjectNode responses) {
    ObjectNode open = Json.object();
    for (Map.Entry<String, JsonNode> e : asked.properties()) {
      if (responses == null || !responses.has(e.getKey())) {
        open.set(e.getKey(), e.getValue());
      }
    }
    return open;
  }

  /**
   * The call's end if the client did not accept one of the elicitations it answered, else null. A declined or
   * cancelled one ends a tool call with a tool error (the user's choice, which the model should see, not a protocol
   * failure); any other request, which has no such result, with -32602. An answer that is no elicitation result is
   * -32602 too.
   */
  static @Nullable Message refusal(Message.Request request, ObjectNode asked, @Nullable ObjectNode responses,
      @Nullable JsonNode serverInfo) {
    if (responses == null) {
      return null;
    }
    for (Map.Entry<String, JsonNode> e : asked.properties()) {
      JsonNode answer = responses.get(e.getKey());
      String action = answer == null ? ACCEPT : answer.path("action").asString("");
      if (!action.equals(ACCEPT)) {
        return refused(request, e.getKey(), e.getValue().path("params"), action, serverInfo);
      }
    }
    return null;
  }

  private static Message refused(Message.Request request, String key, JsonNode params, String action,
      @Nullable JsonNode serverInfo) {
    if (!action.equals("decline") && !action.equals("cancel")) {
      return Message.error(request.id(), new JsonRpcError(JsonRpcError.INVALID_PARAMS, "Invalid params: "
          + "inputResponses." + key + " must be an elicitation result with action accept, decline or cancel"));
    }
    String why = "The user " + (action.equals("decline") ? "declined" : "cancelled") + " the URL elicitation '" + key
        + "' this request needs first (" + params.path("message").asString("") + " " + params.path("url").asString("")
        + "), so it was not sent to the server again";
    if (!request.method().equals("tools/call")) {
      return Message.error(request.id(), new JsonRpcError(JsonRpcError.INVALID_PARAMS, why));
    }
    ObjectNode result = Json.object().put("isError", true);
    result.putArray("content").addObject().put("type", "text").put("text", why);
    return Message.response(request.id(), ModernResults.result(request.method(), result, serverInfo));
  }
}
