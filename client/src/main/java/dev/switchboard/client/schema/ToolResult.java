package dev.switchboard.client.schema;

import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The result of {@code tools/call}. A tool that failed reports it here with {@code isError} (the model may read it);
 * only protocol failures are JSON-RPC errors.
 */
public record ToolResult(List<Content> content, @Nullable JsonNode structuredContent, boolean isError,
    ObjectNode node) {
  public static ToolResult from(JsonNode node) {
    JsonNode structured = node.get("structuredContent");
    return new ToolResult(Nodes.list(node, "content", Content::from),
        structured == null || structured.isNull() ? null : structured, node.path("isError").asBoolean(false),
        Nodes.self(node));
  }

  /** The text blocks joined by newlines. */
  public String text() {
    return content.stream().filter(c -> c instanceof Content.Text).map(c -> ((Content.Text) c).text())
        .collect(Collectors.joining("\n"));
  }
}
