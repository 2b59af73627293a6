package dev.switchboard.client.schema;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A prompt template the server offers, with the arguments it takes. */
public record Prompt(String name, @Nullable String description, List<Argument> arguments, ObjectNode node) {
  public static Prompt from(JsonNode node) {
    return new Prompt(Nodes.text(node, "name", ""), Nodes.text(node, "description"),
        Nodes.list(node, "arguments", Argument::from), Nodes.self(node));
  }

  public record Argument(String name, @Nullable String description, boolean required) {
    static Argument from(JsonNode node) {
      return new Argument(Nodes.text(node, "name", ""), Nodes.text(node, "description"),
          node.path("required").asBoolean(false));
    }
  }
}
