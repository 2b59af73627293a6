package dev.switchboard.client.schema;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** One {@code notifications/progress} for a call: how far, out of how much (if known), and what is happening. */
public record Progress(double progress, @Nullable Double total, @Nullable String message) {
  public static Progress from(JsonNode params) {
    JsonNode total = params.get("total");
    return new Progress(params.path("progress").asDouble(0), total != null && total.isNumber() ? total.asDouble()
        : null, Nodes.text(params, "message"));
  }
}
