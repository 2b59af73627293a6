package dev.switchboard.protocol;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * How many bytes {@link Json#bytes} would write for a tree, counted without writing them: the access log reports each
 * request's and answer's size, and serializing both again only to count cost a third of the gateway's CPU per call.
 * Exact: each ASCII character's escaped length is learned from the mapper itself at class load, other characters
 * count as UTF-8, and what this does not model (numbers other than integers, binary or POJO nodes, unpaired
 * surrogates, a mapper that escapes non-ASCII) is serialized for real. Stateless and thread safe.
 */
public final class JsonSize {
  /** Escaped length, quotes excluded, of each ASCII character as the mapper writes it inside a string. */
  private static final int[] ASCII = new int[128];
  /** Whether the mapper writes non-ASCII characters as UTF-8 (else every string with one is serialized for real). */
  private static final boolean RAW_UTF8;

  static {
    for (char c = 0; c < 128; c++) {
      ASCII[c] = quoted(String.valueOf(c));
    }
    RAW_UTF8 = quoted("\u00e9") == 2 && quoted("\u20ac") == 3 && quoted("\ud83d\ude00") == 4;
  }

  private JsonSize() {}

  /** The length of {@code Json.bytes(node)}. */
  public static long of(JsonNode node) {
    if (node.isObject()) {
      return object(node);
    }
    if (node.isArray()) {
      return array(node);
    }
    if (node.isString()) {
      return string(node.asString());
    }
    if (node.isBoolean()) {
      return node.booleanValue() ? 4 : 5;
    }
    if (node.isNull()) {
      return 4;
    }
    if (node.isInt() || node.isLong() || node.isShort()) {
      return digits(node.longValue());
    }
    return Json.bytes(node).length;
  }

  private static long object(JsonNode node) {
    long size = 2L + Math.max(0, node.size() - 1); // braces and commas
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      size += string(e.getKey()) + 1 + of(e.getValue()); // the colon
    }
    return size;
  }

  private static long array(JsonNode node) {
    long size = 2L + Math.max(0, node.size() - 1);
    for (JsonNode element : node) {
      size += of(element);
    }
    return size;
  }

  /** A string with its quotes. */
  private static long string(String s) {
    long size = 2;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 128) {
        size += ASCII[c];
      } else if (!RAW_UTF8) {
        return serialized(s);
      } else if (c < 0x800) {
        size += 2;
      } else if (!Character.isSurrogate(c)) {
        size += 3;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        size += 4;
        i++;
      } else {
        return serialized(s); // an unpaired surrogate: whatever the generator does with it
      }
    }
    return size;
  }

  private static long digits(long value) {
    if (value == Long.MIN_VALUE) {
      return 20;
    }
    long rest = Math.abs(value);
    int n = value < 0 ? 2 : 1;
    for (; rest >= 10; rest /= 10) {
      n++;
    }
    return n;
  }

  private static long serialized(String s) {
    return Json.bytes(JsonNodeFactory.instance.stringNode(s)).length;
  }

  /** The serialized length of a string without its quotes. */
  private static int quoted(String s) {
    return Json.bytes(JsonNodeFactory.instance.stringNode(s)).length - 2;
  }
}
