package dev.switchboard.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Typed reads of config values that never throw: a wrong value is recorded as a problem with its JSON path and the
 * default is used, so one pass reports every problem. Not thread safe; one per load.
 */
final class Fields {
  final List<ConfigException.Problem> problems = new ArrayList<>();

  /** A nested object of known keys, or a missing node when absent (so lookups fall back to defaults). */
  JsonNode section(JsonNode node, String key, String path, Set<String> known) {
    return object(node.path(key), path + "." + key, known);
  }

  /** The value as an object of known keys; anything else is reported and read as absent. */
  JsonNode object(JsonNode value, String path, Set<String> known) {
    if (value.isMissingNode() || value.isNull()) {
      return tools.jackson.databind.node.MissingNode.getInstance();
    }
    if (!value.isObject()) {
      problem(path, "expected an object, got " + kind(value));
      return tools.jackson.databind.node.MissingNode.getInstance();
    }
    keys(value, path, known);
    return value;
  }

  void keys(JsonNode node, String path, Set<String> known) {
    for (String key : node.propertyNames()) {
      if (!known.contains(key)) {
        problem(path + "." + key, "unknown key; expected one of " + new java.util.TreeSet<>(known));
      }
    }
  }

  @Nullable String string(JsonNode node, String key, String path) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      problem(path + "." + key, "expected a string, got " + kind(value));
      return null;
    }
    return value.asString();
  }

  List<String> strings(JsonNode node, String key, String path) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      problem(path + "." + key, "expected an array of strings, got " + kind(value));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      if (value.get(i).isString()) {
        out.add(value.get(i).asString());
      } else {
        problem(path + "." + key + "[" + i + "]", "expected a string, got " + kind(value.get(i)));
      }
    }
    return out;
  }

  Map<String, String> stringMap(JsonNode node, String key, String path) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      problem(path + "." + key, "expected an object of strings, got " + kind(value));
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (var e : value.properties()) {
      if (e.getValue().isString()) {
        out.put(e.getKey(), e.getValue().asString());
      } else {
        problem(path + "." + key + "." + e.getKey(), "expected a string, got " + kind(e.getValue()));
      }
    }
    return out;
  }

  int integer(JsonNode node, String key, String path, int fallback, int min, int max) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
      problem(path + "." + key, "expected an integer from " + min + " to " + max + ", got " + value);
      return fallback;
    }
    return value.asInt();
  }

  Duration duration(JsonNode node, String key, String path, Duration fallback) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    try {
      if (value.isNumber()) {
        return Duration.ofMillis(nonNegative(value));
      }
      return Units.duration(value.isString() ? value.asString() : value.toString());
    } catch (IllegalArgumentException e) {
      // Units and nonNegative throw only with a message
      problem(path + "." + key, Objects.requireNonNull(e.getMessage(), "unit parse failure without a message"));
      return fallback;
    }
  }

  long size(JsonNode node, String key, String path, long fallback) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    try {
      if (value.isNumber()) {
        return nonNegative(value);
      }
      return Units.size(value.isString() ? value.asString() : value.toString());
    } catch (IllegalArgumentException e) {
      // Units and nonNegative throw only with a message
      problem(path + "." + key, Objects.requireNonNull(e.getMessage(), "unit parse failure without a message"));
      return fallback;
    }
  }

  /** A plain number of milliseconds or bytes: whole, not negative, within range. */
  private static long nonNegative(JsonNode value) {
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
      throw new IllegalArgumentException("expected a whole number from 0 to " + Long.MAX_VALUE + " (or a string "
          + "with a unit), got " + value);
    }
    return value.asLong();
  }

  void problem(String path, String message) {
    problems.add(new ConfigException.Problem(path, message));
  }

  static String kind(JsonNode value) {
    return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

}
