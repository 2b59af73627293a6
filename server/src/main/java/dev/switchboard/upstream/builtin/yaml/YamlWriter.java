package dev.switchboard.upstream.builtin.yaml;

import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Writes JSON values as block YAML the way note editors do ({@code key: value}, lists as {@code - item} lines),
 * quoting a string only when it would otherwise read back as something else. Stateless.
 */
public final class YamlWriter {
  private static final Pattern INDICATOR = Pattern.compile("^[-?:,\\[\\]{}#&*!|>'\"%@`]");

  private YamlWriter() {}

  /** One top-level entry, {@code key: value}, as lines joined by {@code \n} (no trailing newline). */
  public static String entry(String key, JsonNode value) {
    StringBuilder out = new StringBuilder();
    entry(out, "", key, value);
    return out.toString();
  }

  private static void entry(StringBuilder out, String indent, String key, JsonNode value) {
    out.append(indent).append(scalarText(key)).append(':');
    if (isEmptyOrScalar(value)) {
      out.append(' ').append(inline(value));
    } else if (value.isArray()) {
      items(out, indent + "  ", value);
    } else {
      for (var e : value.properties()) {
        out.append('\n');
        entry(out, indent + "  ", e.getKey(), e.getValue());
      }
    }
  }

  private static void items(StringBuilder out, String indent, JsonNode list) {
    for (JsonNode item : list) {
      out.append('\n').append(indent).append('-');
      if (isEmptyOrScalar(item)) {
        out.append(' ').append(inline(item));
      } else if (item.isArray()) {
        items(out, indent + "  ", item);
      } else {
        StringBuilder nested = new StringBuilder();
        item.properties().forEach(e -> {
          nested.append('\n');
          entry(nested, indent + "  ", e.getKey(), e.getValue());
        });
        // the first key shares the dash's line: "- key: value"
        out.append(' ').append(nested.substring(1 + indent.length() + 2));
      }
    }
  }

  private static boolean isEmptyOrScalar(JsonNode value) {
    return !value.isContainer() || value.isEmpty();
  }

  private static String inline(JsonNode value) {
    if (value.isArray()) {
      return "[]";
    }
    if (value.isObject()) {
      return "{}";
    }
    return value.isString() ? scalarText(value.asString()) : value.isNull() ? "null" : value.toString();
  }

  /** A string as a plain scalar when that reads back as the same string, else double-quoted. */
  public static String scalarText(String text) {
    return needsQuotes(text) ? quote(text) : text;
  }

  private static boolean needsQuotes(String text) {
    if (text.isEmpty() || !text.equals(text.strip()) || INDICATOR.matcher(text).find() || text.endsWith(":")
        || text.contains(": ") || text.contains(" #") || text.contains("\t")) {
      return true;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < 0x20 || text.charAt(i) == 0x7f) {
        return true;
      }
    }
    return !Scalars.plain(text).isString();
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return out.append('"').toString();
  }
}
