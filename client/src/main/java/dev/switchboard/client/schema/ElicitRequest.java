package dev.switchboard.client.schema;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The server asks the user for input: a message and (form mode) the schema of the answer, or (url mode) a URL. */
public record ElicitRequest(String message, String mode, ObjectNode requestedSchema, @Nullable String url,
    ObjectNode node) {
  public static ElicitRequest from(JsonNode params) {
    return new ElicitRequest(Nodes.text(params, "message", ""), Nodes.text(params, "mode", "form"),
        Nodes.object(params, "requestedSchema"), Nodes.text(params, "url"), Nodes.self(params));
  }
}
