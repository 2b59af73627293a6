package dev.switchboard.client.schema;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The contents of a resource: {@code text}, or base64 {@code blob}. */
public record ResourceContents(String uri, @Nullable String mimeType, @Nullable String text, @Nullable String blob,
    ObjectNode node) {
  public static ResourceContents from(JsonNode node) {
    return new ResourceContents(Nodes.text(node, "uri", ""), Nodes.text(node, "mimeType"), Nodes.text(node, "text"),
        Nodes.text(node, "blob"), Nodes.self(node));
  }
}
