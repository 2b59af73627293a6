package dev.switchboard.upstream.builtin.yaml;

import dev.switchboard.protocol.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Resolves plain scalars to JSON (YAML 1.2 core schema) and unescapes quoted ones. Stateless. */
final class Scalars {
  private static final Pattern INT = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]+");
  private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

  private Scalars() {}

  /** A plain (unquoted) scalar: null, a boolean, a number, or else the string itself. */
  static JsonNode plain(String text) {
    return switch (text) {
      case "", "~", "null", "Null", "NULL" -> Json.NODES.nullNode();
      case "true", "True", "TRUE" -> Json.NODES.booleanNode(true);
      case "false", "False", "FALSE" -> Json.NODES.booleanNode(false);
      default -> number(text);
    };
  }

  private static JsonNode number(String text) {
    if (INT.matcher(text).matches()) {
      BigInteger value = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
      return value.bitLength() < 32 ? Json.NODES.numberNode(value.intValue())
          : value.bitLength() < 64 ? Json.NODES.numberNode(value.longValue()) : Json.NODES.numberNode(value);
    }
    if (HEX.matcher(text).matches() && text.length() <= 17) {
      return Json.NODES.numberNode(Long.parseUnsignedLong(text.substring(2), 16));
    }
    if (FLOAT.matcher(text).matches()) {
      return Json.NODES.numberNode(new BigDecimal(text.startsWith("+") ? text.substring(1) : text));
    }
    return Json.NODES.stringNode(text);
  }

  /** The content of a double-quoted scalar (without its quotes), escapes applied. */
  static String doubleQuoted(String body, int line) {
    StringBuilder out = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i >= body.length()) {
        throw new YamlException(line, "a double-quoted string ends with a lone backslash");
      }
      i = escape(body, i, out, line);
    }
    return out.toString();
  }

  private static int escape(String body, int i, StringBuilder out, int line) {
    char e = body.charAt(i);
    switch (e) {
      case 'n' -> out.append('\n');
      case 't' -> out.append('\t');
      case 'r' -> out.append('\r');
      case '0' -> out.append('\0');
      case '"', '\\', '/', ' ' -> out.append(e);
      case 'x' -> {
        return hex(body, i, 2, out, line);
      }
      case 'u' -> {
        return hex(body, i, 4, out, line);
      }
      case 'U' -> {
        return hex(body, i, 8, out, line);
      }
      default -> throw new YamlException(line, "unknown escape \\" + e + " in a double-quoted string");
    }
    return i;
  }

  private static int hex(String body, int i, int digits, StringBuilder out, int line) {
    if (i + digits >= body.length()) {
      throw new YamlException(line, "a \\" + body.charAt(i) + " escape needs " + digits + " hex digits");
    }
    try {
      out.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 1 + digits), 16));
    } catch (IllegalArgumentException e) {
      throw new YamlException(line, "a \\" + body.charAt(i) + " escape needs " + digits + " hex digits");
    }
    return i + digits;
  }

  /** The content of a single-quoted scalar: {@code ''} is a quote. */
  static String singleQuoted(String body) {
    return body.replace("''", "'");
  }
}
