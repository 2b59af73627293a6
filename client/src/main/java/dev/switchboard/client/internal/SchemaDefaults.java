package dev.switchboard.client.internal;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fills the defaults a form elicitation's schema declares into the user's accepted answer, for every field the
 * answer leaves out (SEP-1034). Stateless.
 */
public final class SchemaDefaults {
  private SchemaDefaults() {}

  /** A copy of {@code content} with each missing property that has a {@code default} set to it. */
  public static ObjectNode apply(ObjectNode requestedSchema, ObjectNode content) {
    ObjectNode filled = content.deepCopy();
    JsonNode properties = requestedSchema.path("properties");
    for (Map.Entry<String, JsonNode> property : properties.properties()) {
      JsonNode fallback = property.getValue().get("default");
      if (fallback != null && !filled.has(property.getKey())) {
        filled.set(property.getKey(), fallback.deepCopy());
      }
    }
    return filled;
  }
}
