package dev.switchboard.client.schema;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A family of resources addressed by an RFC 6570 URI template. */
public record ResourceTemplate(String uriTemplate, String name, @Nullable String description,
    @Nullable String mimeType, ObjectNode node) {
  public static ResourceTemplate from(JsonNode node) {
    return new ResourceTemplate(Nodes.text(node, "uriTemplate", ""), Nodes.text(node, "name", ""),
        Nodes.text(node, "description"), Nodes.text(node, "mimeType"), Nodes.self(node));
  }
}
