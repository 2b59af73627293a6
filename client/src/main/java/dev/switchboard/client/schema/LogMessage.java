package dev.switchboard.client.schema;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A {@code notifications/message} log entry from the server. */
public record LogMessage(String level, @Nullable String logger, JsonNode data) {
  public static LogMessage from(JsonNode params) {
    return new LogMessage(Nodes.text(params, "level", "info"), Nodes.text(params, "logger"), params.path("data"));
  }
}
