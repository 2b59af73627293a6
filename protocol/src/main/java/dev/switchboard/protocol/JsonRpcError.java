package dev.switchboard.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@code error} member of a JSON-RPC error response; an error on the wire is this value, not an exception. */
public record JsonRpcError(int code, String message, @Nullable JsonNode data) {
  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;
  /** Implementation range: the upstream server failed, timed out or is unavailable. */
  public static final int SERVER_ERROR = -32000;
  /** The seed's code for a missing or wrong API key. */
  public static final int UNAUTHORIZED = -32001;
  public static final int RESOURCE_NOT_FOUND = -32002;
  /** The seed's code for an unknown, expired or deleted session. */
  public static final int SESSION_NOT_FOUND = -32004;
  /**
   * 2025-11-25 only: the request needs the user to complete the URL-mode elicitations in {@code data.elicitations}
   * first. 2026-07-28 removed it (a server of that revision must not send it).
   */
  public static final int URL_ELICITATION_REQUIRED = -32042;
  /** 2026-07-28: a required header is missing, malformed, or differs from the body (HTTP 400). */
  public static final int HEADER_MISMATCH = -32020;
  /** 2026-07-28: the request needs a client capability its {@code _meta} did not declare (HTTP 400). */
  public static final int MISSING_CLIENT_CAPABILITY = -32021;
  /** 2026-07-28: the requested protocol version is not served (HTTP 400; {@code data.supported}, {@code requested}). */
  public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

  public JsonRpcError(int code, String message) {
    this(code, message, null);
  }

  public static JsonRpcError from(JsonNode node) {
    JsonNode data = node.get("data");
    return new JsonRpcError(node.path("code").asInt(INTERNAL_ERROR), node.path("message").asString(""), data);
  }

  public ObjectNode toNode() {
    ObjectNode node = Json.object().put("code", code).put("message", message);
    if (data != null) {
      node.set("data", data);
    }
    return node;
  }
}
