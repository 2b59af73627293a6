package dev.switchboard.client.schema;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A resource the server lists. */
public record Resource(String uri, String name, @Nullable String description, @Nullable String mimeType,
    ObjectNode node) {
  public static Resource from(JsonNode node) {
    return new Resource(Nodes.text(node, "uri", ""), Nodes.text(node, "name", ""), Nodes.text(node, "description"),
        Nodes.text(node, "mimeType"), Nodes.self(node));
  }
}
