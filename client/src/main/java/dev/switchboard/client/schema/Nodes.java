package dev.switchboard.client.schema;

import dev.switchboard.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Tolerant readers for result JSON: absent or mistyped members read as null or empty. Stateless. */
final class Nodes {
  private Nodes() {}

  static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() ? value.asString() : null;
  }

  static String text(JsonNode node, String field, String fallback) {
    String value = text(node, field);
    return value == null ? fallback : value;
  }

  static ObjectNode object(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value instanceof ObjectNode object ? object : Json.object();
  }

  static ObjectNode self(JsonNode node) {
    return node instanceof ObjectNode object ? object : Json.object();
  }

  static <T> List<T> list(JsonNode node, String field, Function<JsonNode, T> reader) {
    JsonNode array = node.get(field);
    if (array == null || !array.isArray()) {
      return List.of();
    }
    List<T> out = new ArrayList<>(array.size());
    array.forEach(element -> out.add(reader.apply(element)));
    return List.copyOf(out);
  }
}
