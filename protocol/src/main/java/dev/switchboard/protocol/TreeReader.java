package dev.switchboard.protocol;

import java.util.ArrayDeque;
import java.util.Deque;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ContainerNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a tree from a parser as {@code ObjectMapper.readTree} does — objects (a repeated name keeps its last
 * value), arrays, strings, integers as int, long or BigInteger, booleans, null; empty input is the missing node,
 * anything after the value is an error — except that a number with a fraction or exponent becomes a
 * {@link RawDecimalNode} holding its text, never parsed as a double or a {@code BigDecimal}. Iterative, so the depth
 * is bounded only by the parser's nesting limit. Stateless.
 */
final class TreeReader {
  private TreeReader() {}

  static JsonNode read(JsonParser p) {
    JsonToken first = p.nextToken();
    if (first == null) {
      return MissingNode.getInstance();
    }
    JsonNode root = value(p, first);
    JsonToken trailing = p.nextToken();
    if (trailing != null) {
      throw new StreamReadException(p, "Trailing token (" + trailing + ") after the JSON value");
    }
    return root;
  }

  private static JsonNode value(JsonParser p, JsonToken first) {
    if (!first.isStructStart()) {
      return scalar(p, first);
    }
    ContainerNode<?> root = container(first);
    Deque<ContainerNode<?>> open = new ArrayDeque<>();
    open.push(root);
    while (!open.isEmpty()) {
      JsonToken token = next(p);
      ContainerNode<?> top = open.peek();
      if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
        open.pop();
        continue;
      }
      if (top instanceof ObjectNode object) {
        String name = p.currentName();
        object.set(name, child(p, next(p), open));
      } else {
        ((ArrayNode) top).add(child(p, token, open));
      }
    }
    return root;
  }

  /** A scalar, or a new container that is also opened (pushed) for the members that follow. */
  private static JsonNode child(JsonParser p, JsonToken token, Deque<ContainerNode<?>> open) {
    if (!token.isStructStart()) {
      return scalar(p, token);
    }
    ContainerNode<?> nested = container(token);
    open.push(nested);
    return nested;
  }

  private static JsonToken next(JsonParser p) {
    JsonToken token = p.nextToken();
    if (token == null) {
      throw new StreamReadException(p, "Unexpected end of input inside a JSON value");
    }
    return token;
  }

  private static ContainerNode<?> container(JsonToken start) {
    return start == JsonToken.START_OBJECT ? Json.NODES.objectNode() : Json.NODES.arrayNode();
  }

  private static JsonNode scalar(JsonParser p, JsonToken token) {
    return switch (token) {
      case VALUE_STRING -> Json.NODES.stringNode(p.getString());
      case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
        case INT -> Json.NODES.numberNode(p.getIntValue());
        case LONG -> Json.NODES.numberNode(p.getLongValue());
        default -> Json.NODES.numberNode(p.getBigIntegerValue());
      };
      case VALUE_NUMBER_FLOAT -> decimal(p, p.getString());
      case VALUE_TRUE -> Json.NODES.booleanNode(true);
      case VALUE_FALSE -> Json.NODES.booleanNode(false);
      case VALUE_NULL -> Json.NODES.nullNode();
      default -> throw new StreamReadException(p, "Unexpected token " + token);
    };
  }

  /**
   * The number as text, once its exponent is known to lie within ±{@value Json#MAX_EXPONENT}: beyond that no
   * {@code BigDecimal} (whose scale is an int) could hold it, and a peer reading it exactly would fail.
   */
  private static RawDecimalNode decimal(JsonParser p, String text) {
    int e = Math.max(text.indexOf('e'), text.indexOf('E'));
    if (e >= 0) {
      int digits = e + 1;
      if (digits < text.length() && (text.charAt(digits) == '+' || text.charAt(digits) == '-')) {
        digits++;
      }
      while (digits < text.length() - 1 && text.charAt(digits) == '0') {
        digits++;
      }
      if (text.length() - digits > Integer.toString(Json.MAX_EXPONENT).length()
          || Long.parseLong(text, digits, text.length(), 10) > Json.MAX_EXPONENT) {
        String shown = text.length() > 40 ? text.substring(0, 20) + "…" + text.substring(text.length() - 15) : text;
        throw new StreamReadException(p, "Number out of range: " + shown + " (the exponent must lie within ±"
            + Json.MAX_EXPONENT + ")");
      }
    }
    return new RawDecimalNode(text);
  }
}
