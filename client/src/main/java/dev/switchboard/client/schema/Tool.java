package dev.switchboard.client.schema;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A tool the server offers: its name, description and the JSON Schema of its arguments. */
public record Tool(String name, @Nullable String title, @Nullable String description, ObjectNode inputSchema,
    ObjectNode annotations, ObjectNode node) {
  public static Tool from(JsonNode node) {
    return new Tool(Nodes.text(node, "name", ""), Nodes.text(node, "title"), Nodes.text(node, "description"),
        Nodes.object(node, "inputSchema"), Nodes.object(node, "annotations"), Nodes.self(node));
  }

  /** Whether the server says calling it twice is harmless ({@code readOnlyHint} or {@code idempotentHint}). */
  public boolean isIdempotent() {
    return annotations.path("readOnlyHint").asBoolean(false) || annotations.path("idempotentHint").asBoolean(false);
  }
}
