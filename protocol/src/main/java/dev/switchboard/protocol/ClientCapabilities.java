package dev.switchboard.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which client capability a server's request to the client needs, named as a dotted path ({@code sampling},
 * {@code roots}, {@code elicitation.form}, {@code elicitation.url}), and whether a client's declared capabilities
 * hold it. An elicitation needs its mode: {@code "elicitation": {}} is form only (2025-11-25 keeps earlier clients
 * working that way), so a URL-mode request needs {@code elicitation.url}. Stateless.
 */
public final class ClientCapabilities {
  private ClientCapabilities() {}

  /** The capability {@code request} needs that {@code declared} lacks; null when it lacks none (or needs none). */
  public static @Nullable String missing(@Nullable JsonNode declared, Message.Request request) {
    String needed = neededFor(request);
    return needed == null || declares(declared, needed) ? null : needed;
  }

  /** The capability a server→client request needs; null for a method that needs none. */
  public static @Nullable String neededFor(Message.Request request) {
    return switch (request.method()) {
      case "sampling/createMessage" -> "sampling";
      case "roots/list" -> "roots";
      case "elicitation/create" -> "url".equals(request.node().path("params").path("mode").asString(null))
          ? "elicitation.url" : "elicitation.form";
      default -> null;
    };
  }

  /** Whether {@code declared} holds the capability at {@code path}. */
  public static boolean declares(@Nullable JsonNode declared, String path) {
    if (declared == null) {
      return false;
    }
    JsonNode elicitation = declared.path("elicitation");
    return switch (path) {
      case "elicitation.url" -> elicitation.path("url").isObject();
      case "elicitation.form" -> elicitation.path("form").isObject()
          || (elicitation.isObject() && !elicitation.has("form") && !elicitation.has("url"));
      default -> declared.has(path);
    };
  }

  /** Adds the capability at {@code path} to {@code into} as the nested objects a ClientCapabilities has. */
  public static void require(ObjectNode into, String path) {
    ObjectNode at = into;
    for (String step : path.split("\\.", -1)) {
      at = at.has(step) && at.get(step).isObject() ? (ObjectNode) at.get(step) : at.putObject(step);
    }
  }
}
