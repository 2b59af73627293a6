package dev.switchboard.client.schema;

import dev.switchboard.protocol.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/** A directory the client lets the server work in, answered to {@code roots/list}. */
public record Root(String uri, @Nullable String name) {
  public ObjectNode toNode() {
    ObjectNode node = Json.object().put("uri", uri);
    if (name != null) {
      node.put("name", name);
    }
    return node;
  }
}
