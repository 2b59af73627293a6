package dev.switchboard.upstream.builtin;

import dev.switchboard.protocol.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the JSON Schema of a tool's arguments, one described property at a time. Not thread safe; build one
 * schema per instance.
 */
public final class Schema {
  private final ObjectNode root = Json.object().put("type", "object");
  private final ObjectNode properties = root.putObject("properties");

  private Schema() {}

  public static Schema object() {
    return new Schema();
  }

  public Schema string(String name, String description) {
    return property(name, "string", description);
  }

  public Schema integer(String name, String description, int minimum, int maximum) {
    properties.putObject(name).put("type", "integer").put("description", description).put("minimum", minimum)
        .put("maximum", maximum);
    return this;
  }

  public Schema bool(String name, String description) {
    return property(name, "boolean", description);
  }

  public Schema strings(String name, String description) {
    ObjectNode node = properties.putObject(name).put("type", "array").put("description", description);
    node.putObject("items").put("type", "string");
    return this;
  }

  public Schema object(String name, String description) {
    return property(name, "object", description);
  }

  public Schema oneOf(String name, String description, String... values) {
    ArrayNode allowed = properties.putObject(name).put("type", "string").put("description", description)
        .putArray("enum");
    for (String value : values) {
      allowed.add(value);
    }
    return this;
  }

  public Schema required(String... names) {
    ArrayNode required = root.putArray("required");
    for (String name : names) {
      required.add(name);
    }
    return this;
  }

  public ObjectNode build() {
    return root;
  }

  private Schema property(String name, String type, String description) {
    properties.putObject(name).put("type", type).put("description", description);
    return this;
  }
}
