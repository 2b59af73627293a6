package dev.switchboard.client.schema;

import dev.switchboard.protocol.Json;
import tools.jackson.databind.node.ObjectNode;

/** The user's answer to an elicitation: accept (with content), decline, or cancel. */
public record ElicitResult(String action, ObjectNode content) {
  public static ElicitResult accept(ObjectNode content) {
    return new ElicitResult("accept", content);
  }

  public static ElicitResult decline() {
    return new ElicitResult("decline", Json.object());
  }

  public static ElicitResult cancel() {
    return new ElicitResult("cancel", Json.object());
  }

  public boolean accepted() {
    return action.equals("accept");
  }

  public ObjectNode toNode() {
    ObjectNode node = Json.object().put("action", action);
    if (accepted()) {
      node.set("content", content);
    }
    return node;
  }
}
