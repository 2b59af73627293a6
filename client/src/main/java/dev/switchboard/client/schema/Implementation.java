package dev.switchboard.client.schema;

import dev.switchboard.protocol.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A client's or server's name and version ({@code clientInfo}, {@code serverInfo}). */
public record Implementation(String name, String version, @Nullable String title) {
  public Implementation(String name, String version) {
    this(name, version, null);
  }

  public static Implementation from(JsonNode node) {
    return new Implementation(Nodes.text(node, "name", ""), Nodes.text(node, "version", ""),
        Nodes.text(node, "title"));
  }

  public ObjectNode toNode() {
    ObjectNode node = Json.object().put("name", name).put("version", version);
    if (title != null) {
      node.put("title", title);
    }
    return node;
  }
}
