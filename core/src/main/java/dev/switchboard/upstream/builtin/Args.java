package dev.switchboard.upstream.builtin;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads tool arguments. A missing or mistyped argument throws {@link InvalidArgumentException} naming it, with a
 * message a model can act on; the in-process upstream answers it with a JSON-RPC invalid-params error. Stateless.
 */
public final class Args {
  private Args() {}

  /** A required, non-empty string. */
  public static String string(JsonNode args, String name) {
    String value = optString(args, name);
    if (value == null || value.isEmpty()) {
      throw new InvalidArgumentException(name, "Missing required argument '" + name + "' (a non-empty string)");
    }
    return value;
  }

  public static @Nullable String optString(JsonNode args, String name) {
    JsonNode value = args.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw new InvalidArgumentException(name, "Argument '" + name + "' must be a string, not " + kind(value));
    }
    return value.asString();
  }

  public static String string(JsonNode args, String name, String fallback) {
    String value = optString(args, name);
    return value == null ? fallback : value;
  }

  public static int integer(JsonNode args, String name, int fallback, int min, int max) {
    JsonNode value = args.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
      throw new InvalidArgumentException(name, "Argument '" + name + "' must be an integer from " + min + " to " + max
          + ", not " + value);
    }
    return value.asInt();
  }

  public static boolean bool(JsonNode args, String name, boolean fallback) {
    JsonNode value = args.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new InvalidArgumentException(name, "Argument '" + name + "' must be true or false, not " + value);
    }
    return value.asBoolean();
  }

  /** A string or an array of strings, as a list; empty when absent. */
  public static List<String> strings(JsonNode args, String name) {
    JsonNode value = args.get(name);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (value.isString()) {
      return List.of(value.asString());
    }
    if (!value.isArray()) {
      throw new InvalidArgumentException(name, "Argument '" + name + "' must be an array of strings, not "
          + kind(value));
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isString()) {
        throw new InvalidArgumentException(name, "Argument '" + name + "' must hold only strings, not " + kind(item));
      }
      out.add(item.asString());
    }
    return out;
  }

  public static @Nullable ObjectNode object(JsonNode args, String name) {
    JsonNode value = args.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!(value instanceof ObjectNode object)) {
      throw new InvalidArgumentException(name, "Argument '" + name + "' must be an object, not " + kind(value));
    }
    return object;
  }

  private static String kind(JsonNode value) {
    return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
