package dev.switchboard.upstream.builtin;

import dev.switchboard.protocol.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Builders for {@code CallToolResult} values. */
public final class ToolResults {
  private ToolResults() {}

  public static ObjectNode text(String text) {
    ObjectNode result = Json.object();
    result.putArray("content").addObject().put("type", "text").put("text", text);
    return result;
  }

  /** A text result that also carries the same data as {@code structuredContent}. */
  public static ObjectNode json(JsonNode data) {
    ObjectNode result = text(Json.text(data));
    if (data.isObject()) {
      result.set("structuredContent", data);
    }
    return result;
  }

  /** A tool execution failure: reported in the result, not as a JSON-RPC error, so the model can read it. */
  public static ObjectNode error(String message) {
    return text(message).put("isError", true);
  }

  /** A JSON Schema for an object with the given properties, e.g. {@code schema("server", "string")}. */
  public static ObjectNode schema(String... namesAndTypes) {
    ObjectNode schema = Json.object().put("type", "object");
    ObjectNode props = schema.putObject("properties");
    for (int i = 0; i + 1 < namesAndTypes.length; i += 2) {
      props.putObject(namesAndTypes[i]).put("type", namesAndTypes[i + 1]);
    }
    return schema;
  }
}
