package dev.switchboard.cli.client;

import dev.switchboard.protocol.Json;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a tool's arguments from {@code --json '{…}'} and {@code --arg key=value} pairs (which win). A value is
 * typed by the tool's input schema: text for a string property, JSON for a number, boolean, object or array, and
 * for a property the schema does not describe, JSON when it parses as such and text otherwise. Stateless.
 */
final class Arguments {
  private Arguments() {}

  static ObjectNode build(@Nullable String json, List<String> pairs, JsonNode inputSchema) {
    ObjectNode arguments = base(json);
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--arg expects KEY=VALUE, got '" + pair + "'");
      }
      String key = pair.substring(0, eq);
      arguments.set(key, value(key, pair.substring(eq + 1), inputSchema.path("properties").path(key).path("type")));
    }
    return arguments;
  }

  private static ObjectNode base(@Nullable String json) {
    if (json == null || json.isBlank()) {
      return Json.object();
    }
    try {
      if (Json.parse(json) instanceof ObjectNode object) {
        return object;
      }
    } catch (JacksonException e) {
      throw new IllegalArgumentException("--json is not valid JSON: " + e.getOriginalMessage());
    }
    throw new IllegalArgumentException("--json must be a JSON object, e.g. '{\"text\":\"hi\"}'");
  }

  static JsonNode value(String key, String text, JsonNode type) {
    if (accepts(type, "string") || (type.isMissingNode() && !looksLikeJson(text))) {
      return Json.NODES.stringNode(text);
    }
    try {
      return Json.parse(text);
    } catch (JacksonException e) {
      if (type.isMissingNode()) {
        return Json.NODES.stringNode(text);
      }
      throw new IllegalArgumentException("argument '" + key + "' must be " + type.toString().replace("\"", "")
          + ", got '" + text + "'");
    }
  }

  private static boolean accepts(JsonNode type, String name) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (name.equals(t.asString(""))) {
          return true;
        }
      }
      return false;
    }
    return name.equals(type.asString(""));
  }

  private static boolean looksLikeJson(String text) {
    String t = text.strip();
    return t.equals("true") || t.equals("false") || t.equals("null") || t.startsWith("{") || t.startsWith("[")
        || t.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
  }
}
