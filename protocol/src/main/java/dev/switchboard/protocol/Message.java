package dev.switchboard.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One JSON-RPC 2.0 message. Each variant keeps the whole object it was read from ({@link #node()}), so members this
 * code does not know about travel on unchanged; {@code params} and {@code result} are never re-typed. Treated as
 * immutable: rewriting an id makes a shallow copy of the envelope, sharing the (never mutated) payload, so a large
 * result is not copied on its way through the gateway.
 */
public sealed interface Message {
  ObjectNode node();

  /** The serialized form: the original members, in their original order. */
  default byte[] bytes() {
    return Json.bytes(node());
  }

  /** A request expects a response with the same id. */
  record Request(RequestId id, String method, ObjectNode node) implements Message {
    public @Nullable JsonNode params() {
      return node.get("params");
    }

    public Request withId(RequestId newId) {
      ObjectNode copy = shallowCopy(node);
      copy.set("id", newId.value());
      return new Request(newId, method, copy);
    }

    /** {@code params._meta.progressToken}, when the caller asked for progress. */
    public @Nullable JsonNode progressToken() {
      JsonNode token = node.path("params").path("_meta").get("progressToken");
      return token == null || token.isNull() ? null : token;
    }
  }

  /** A notification: no id, no response. */
  record Notification(String method, ObjectNode node) implements Message {
    public @Nullable JsonNode params() {
      return node.get("params");
    }
  }

  /** A successful response; {@code result} stays opaque. */
  record Response(RequestId id, ObjectNode node) implements Message {
    public JsonNode result() {
      return node.path("result");
    }

    public Response withId(RequestId newId) {
      ObjectNode copy = shallowCopy(node);
      copy.set("id", newId.value());
      return new Response(newId, copy);
    }
  }

  /** An error response; the id is null only when the request's id could not be read. */
  record ErrorResponse(@Nullable RequestId id, JsonRpcError error, ObjectNode node) implements Message {
    public ErrorResponse withId(RequestId newId) {
      ObjectNode copy = shallowCopy(node);
      copy.set("id", newId.value());
      return new ErrorResponse(newId, error, copy);
    }
  }

  static Request request(RequestId id, String method, @Nullable JsonNode params) {
    ObjectNode node = envelope().set("id", id.value());
    node.put("method", method);
    if (params != null) {
      node.set("params", params);
    }
    return new Request(id, method, node);
  }

  static Notification notification(String method, @Nullable JsonNode params) {
    ObjectNode node = envelope().put("method", method);
    if (params != null) {
      node.set("params", params);
    }
    return new Notification(method, node);
  }

  static Response response(RequestId id, JsonNode result) {
    ObjectNode node = envelope().set("id", id.value());
    node.set("result", result);
    return new Response(id, node);
  }

  static ErrorResponse error(@Nullable RequestId id, JsonRpcError error) {
    ObjectNode node = envelope();
    node.set("id", id == null ? Json.NODES.nullNode() : id.value());
    node.set("error", error.toNode());
    return new ErrorResponse(id, error, node);
  }

  /** A new object with the same members (the member values are shared). */
  static ObjectNode shallowCopy(ObjectNode node) {
    ObjectNode copy = Json.object();
    copy.setAll(node);
    return copy;
  }

  private static ObjectNode envelope() {
    return Json.object().put("jsonrpc", "2.0");
  }
}
