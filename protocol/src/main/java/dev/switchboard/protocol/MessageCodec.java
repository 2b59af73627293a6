package dev.switchboard.protocol;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads JSON-RPC messages from bytes. Only the envelope is inspected ({@code jsonrpc}, {@code id}, {@code method},
 * {@code result}, {@code error}); everything else is kept as parsed. Stateless and thread safe.
 */
public final class MessageCodec {
  private MessageCodec() {}

  /** A POST body: one message, or (2025-03-26 only) a batch. */
  public sealed interface Body {
    record Single(Message message) implements Body {}

    record Batch(List<Message> messages) implements Body {}
  }

  /** Parses one message or a batch; throws {@link ProtocolException} with -32700 or -32600 on bad input. */
  public static Body parseBody(byte[] bytes) {
    JsonNode tree = parseJson(bytes);
    if (!tree.isArray()) {
      return new Body.Single(classify(tree));
    }
    if (tree.isEmpty()) {
      throw invalid("an empty batch is not a valid request", null);
    }
    List<Message> messages = new ArrayList<>(tree.size());
    for (JsonNode element : tree) {
      messages.add(classify(element));
    }
    return new Body.Batch(List.copyOf(messages));
  }

  /** Parses exactly one message (stdio lines, batch elements). */
  public static Message parse(byte[] bytes) {
    return classify(parseJson(bytes));
  }

  public static Message classify(JsonNode tree) {
    if (!(tree instanceof ObjectNode node)) {
      throw invalid("a JSON-RPC message must be an object", null);
    }
    @Nullable JsonNode idNode = node.get("id");
    @Nullable RequestId id = idNode != null && RequestId.isValid(idNode) ? new RequestId(idNode) : null;
    JsonNode version = node.path("jsonrpc");
    if (!version.isString() || !"2.0".equals(version.asString())) {
      throw invalid("\"jsonrpc\" must be \"2.0\"", id);
    }
    JsonNode method = node.get("method");
    if (method != null) {
      return requestOrNotification(node, method, idNode, id);
    }
    return responseOf(node, id);
  }

  private static Message requestOrNotification(ObjectNode node, JsonNode method, @Nullable JsonNode idNode,
      @Nullable RequestId id) {
    if (!method.isString()) {
      throw invalid("\"method\" must be a string", id);
    }
    JsonNode params = node.get("params");
    if (params != null && !(params.isObject() || params.isArray())) {
      throw invalid("\"params\" must be an object", id);
    }
    if (idNode == null) {
      return new Message.Notification(method.asString(), node);
    }
    if (id == null) {
      throw invalid("a request id must be a string or an integer", null);
    }
    return new Message.Request(id, method.asString(), node);
  }

  private static Message responseOf(ObjectNode node, @Nullable RequestId id) {
    JsonNode error = node.get("error");
    if (error != null && error.isObject()) {
      return new Message.ErrorResponse(id, JsonRpcError.from(error), node);
    }
    if (node.has("result") && id != null) {
      return new Message.Response(id, node);
    }
    throw invalid("not a request, notification or response", id);
  }

  private static JsonNode parseJson(byte[] bytes) {
    try {
      JsonNode tree = Json.parse(bytes);
      if (tree.isMissingNode()) {
        throw new ProtocolException(new JsonRpcError(JsonRpcError.PARSE_ERROR, "Parse error: empty body"), null);
      }
      return tree;
    } catch (JacksonException e) {
      throw new ProtocolException(new JsonRpcError(JsonRpcError.PARSE_ERROR, "Parse error: " + e.getOriginalMessage()),
          null);
    }
  }

  private static ProtocolException invalid(String why, @Nullable RequestId id) {
    return new ProtocolException(new JsonRpcError(JsonRpcError.INVALID_REQUEST, "Invalid Request: " + why), id);
  }
}
