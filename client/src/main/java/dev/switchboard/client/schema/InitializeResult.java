package dev.switchboard.client.schema;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the server said in the handshake: the agreed revision, who it is, what it can do. */
public record InitializeResult(String protocolVersion, Implementation serverInfo, ObjectNode capabilities,
    @Nullable String instructions, ObjectNode node) {
  public static InitializeResult from(JsonNode node) {
    return new InitializeResult(Nodes.text(node, "protocolVersion", ""), Implementation.from(node.path("serverInfo")),
        Nodes.object(node, "capabilities"), Nodes.text(node, "instructions"), Nodes.self(node));
  }

  /** Whether the server declared a capability, e.g. {@code resources} or {@code logging}. */
  public boolean has(String capability) {
    return capabilities.has(capability);
  }
}
