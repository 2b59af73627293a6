package dev.switchboard.access;

import dev.switchboard.protocol.Json;
import dev.switchboard.security.Audit;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Arguments and results as the access log may show them ({@code logging.payloads: true}): a copy in which members
 * whose names say they hold a secret are {@code REDACTED}, any {@code api_key} in a URL is redacted as the security
 * audit does, and long strings are cut. Stateless.
 */
final class Payloads {
  static final String REDACTED = "REDACTED";
  private static final int MAX_STRING = 1024;
  private static final String[] SECRET_WORDS = {"key", "token", "secret", "password", "passwd", "authorization",
      "cookie", "credential"};

  private Payloads() {}

  static JsonNode redacted(JsonNode node) {
    if (node instanceof ObjectNode object) {
      ObjectNode copy = Json.object();
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        copy.set(e.getKey(), isSecret(e.getKey()) ? Json.NODES.stringNode(REDACTED) : redacted(e.getValue()));
      }
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = Json.NODES.arrayNode();
      array.forEach(item -> copy.add(redacted(item)));
      return copy;
    }
    return node.isString() ? Json.NODES.stringNode(text(node.asString())) : node;
  }

  static boolean isSecret(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String word : SECRET_WORDS) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return false;
  }

  private static String text(String value) {
    String safe = value.contains("?") ? Audit.redact(value) : value;
    return safe.length() <= MAX_STRING ? safe : safe.substring(0, MAX_STRING) + "…(" + safe.length() + " chars)";
  }
}
