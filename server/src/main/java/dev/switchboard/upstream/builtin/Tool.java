package dev.switchboard.upstream.builtin;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One tool of a built-in server: its listing (name, description, JSON Schema of its arguments) and its handler. A
 * handler returns a {@code CallToolResult}; an exception becomes a result with {@code isError: true}.
 */
public record Tool(String name, String description, ObjectNode inputSchema, Handler handler) {
  @FunctionalInterface
  public interface Handler {
    JsonNode call(JsonNode arguments, ToolContext context) throws Exception;
  }

  public ObjectNode listing() {
    ObjectNode node = dev.switchboard.protocol.Json.object().put("name", name).put("description", description);
    node.set("inputSchema", inputSchema);
    return node;
  }
}
