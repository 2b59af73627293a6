package dev.switchboard.client.schema;

import dev.switchboard.protocol.Json;
import tools.jackson.databind.node.ObjectNode;

/** What an argument being completed belongs to: a prompt (by name) or a resource template (by URI template). */
public record CompletionRef(String type, String key) {
  public static CompletionRef prompt(String name) {
    return new CompletionRef("ref/prompt", name);
  }

  public static CompletionRef resource(String uriTemplate) {
    return new CompletionRef("ref/resource", uriTemplate);
  }

  public ObjectNode toNode() {
    return Json.object().put("type", type).put(type.equals("ref/prompt") ? "name" : "uri", key);
  }
}
