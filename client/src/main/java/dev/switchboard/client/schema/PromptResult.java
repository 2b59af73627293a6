package dev.switchboard.client.schema;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A prompt rendered by {@code prompts/get}: its messages. */
public record PromptResult(@Nullable String description, List<Message> messages, ObjectNode node) {
  public static PromptResult from(JsonNode node) {
    return new PromptResult(Nodes.text(node, "description"), Nodes.list(node, "messages", Message::from),
        Nodes.self(node));
  }

  /** One message: a role ({@code user}, {@code assistant}) and its content. */
  public record Message(String role, Content content) {
    static Message from(JsonNode node) {
      return new Message(Nodes.text(node, "role", ""), Content.from(node.path("content")));
    }
  }
}
