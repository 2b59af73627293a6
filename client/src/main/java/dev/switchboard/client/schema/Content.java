package dev.switchboard.client.schema;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** One content block of a tool result or prompt message. Unknown types are kept as {@link Other}. */
public sealed interface Content {
  ObjectNode node();

  record Text(String text, ObjectNode node) implements Content {}

  /** Base64 image data. */
  record Image(String data, String mimeType, ObjectNode node) implements Content {}

  /** Base64 audio data. */
  record Audio(String data, String mimeType, ObjectNode node) implements Content {}

  /** A pointer to a resource the client may read. */
  record ResourceLink(String uri, String name, @Nullable String mimeType, ObjectNode node) implements Content {}

  /** A resource inlined in the result. */
  record EmbeddedResource(ResourceContents resource, ObjectNode node) implements Content {}

  record Other(String type, ObjectNode node) implements Content {}

  static Content from(JsonNode json) {
    ObjectNode node = Nodes.self(json);
    String type = Nodes.text(node, "type", "");
    return switch (type) {
      case "text" -> new Text(Nodes.text(node, "text", ""), node);
      case "image" -> new Image(Nodes.text(node, "data", ""), Nodes.text(node, "mimeType", ""), node);
      case "audio" -> new Audio(Nodes.text(node, "data", ""), Nodes.text(node, "mimeType", ""), node);
      case "resource_link" -> new ResourceLink(Nodes.text(node, "uri", ""), Nodes.text(node, "name", ""),
          Nodes.text(node, "mimeType"), node);
      case "resource" -> new EmbeddedResource(ResourceContents.from(node.path("resource")), node);
      default -> new Other(type, node);
    };
  }
}
