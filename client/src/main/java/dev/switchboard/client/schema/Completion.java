package dev.switchboard.client.schema;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Suggestions from {@code completion/complete}. */
public record Completion(List<String> values, @Nullable Integer total, boolean hasMore) {
  public static Completion from(JsonNode result) {
    JsonNode node = result.path("completion");
    JsonNode total = node.get("total");
    return new Completion(Nodes.list(node, "values", v -> v.asString("")),
        total != null && total.isNumber() ? total.asInt() : null, node.path("hasMore").asBoolean(false));
  }
}
