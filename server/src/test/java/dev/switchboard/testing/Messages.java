package dev.switchboard.testing;

import dev.switchboard.protocol.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON-RPC messages for the raw Streamable HTTP tests (requests, tool calls, notifications) and the tests a received
 * message is sorted by. Stateless, so usable from any thread.
 */
public final class Messages {
  /** The client name {@link #initialize(Object, String)} introduces itself with (the status page shows it). */
  public static final String CLIENT_NAME = "raw-it";

  private Messages() {}

  /** An initialize as client {@value #CLIENT_NAME} with no capabilities. */
  public static String initialize(Object id, String version) {
    return initialize(id, version, CLIENT_NAME, Json.object());
  }

  public static String initialize(Object id, String version, String clientName, ObjectNode capabilities) {
    ObjectNode params = Json.object().put("protocolVersion", version);
    params.set("capabilities", capabilities);
    params.putObject("clientInfo").put("name", clientName).put("version", "1");
    return request(id, "initialize", params);
  }

  public static String toolCall(Object id, String tool, ObjectNode args) {
    return toolCall(id, tool, args, null);
  }

  /** A tools/call, with {@code _meta.progressToken} unless the token is null. */
  public static String toolCall(Object id, String tool, ObjectNode args, @Nullable Object progressToken) {
    ObjectNode params = Json.object().put("name", tool);
    params.set("arguments", args);
    if (progressToken != null) {
      params.putObject("_meta").set("progressToken", Json.MAPPER.valueToTree(progressToken));
    }
    return request(id, "tools/call", params);
  }

  public static String request(Object id, String method, @Nullable ObjectNode params) {
    ObjectNode node = Json.object().put("jsonrpc", "2.0");
    node.set("id", Json.MAPPER.valueToTree(id));
    node.put("method", method);
    if (params != null) {
      node.set("params", params);
    }
    return Json.text(node);
  }

  public static ObjectNode notification(String method, @Nullable ObjectNode params) {
    ObjectNode node = Json.object().put("jsonrpc", "2.0").put("method", method);
    if (params != null) {
      node.set("params", params);
    }
    return node;
  }

  /** A response (result or error) to one of the client's requests, not a request of the server's. */
  public static boolean isResponse(JsonNode m) {
    return m.has("id") && !m.has("method") && (m.has("result") || m.has("error"));
  }

  public static boolean isNotification(JsonNode m, String method) {
    return !m.has("id") && method.equals(m.path("method").asString(null));
  }
}
