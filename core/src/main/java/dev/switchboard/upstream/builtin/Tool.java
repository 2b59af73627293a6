package dev.switchboard.upstream.builtin;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One tool of a built-in server: its listing (name, description, JSON Schema of its arguments) and its handler. A
 * handler returns a {@code CallToolResult}, or throws:
 * <ul>
 *   <li>{@link InvalidArgumentException} for a bad argument: a JSON-RPC invalid-params error naming it;
 *   <li>{@link ToolFailure} for the tool's expected failures (no such note, a refused path): a result with
 *       {@code isError: true} and the message, so the model can read it and act;
 *   <li>{@link ToolException}: that JSON-RPC error;
 *   <li>anything else, a plain {@link IllegalArgumentException} included, is a bug or an environment failure: logged
 *       with its stack trace and answered with a generic internal error that names the tool and never the exception.
 * </ul>
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
