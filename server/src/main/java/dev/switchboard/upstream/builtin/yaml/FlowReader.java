package dev.switchboard.upstream.builtin.yaml;

import dev.switchboard.protocol.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads one flow collection ({@code [a, b]}, {@code {k: v}}), nested as deep as needed. Not thread safe. */
final class FlowReader {
  private final String text;
  private final int line;
  private int at;

  FlowReader(String text, int line) {
    this.text = text;
    this.line = line;
  }

  /** The collection; text after its closing bracket is an error. */
  JsonNode readAll() {
    JsonNode node = value(false);
    space();
    if (at < text.length()) {
      throw new YamlException(line, "unexpected text after a flow collection: " + text.substring(at));
    }
    return node;
  }

  private JsonNode value(boolean key) {
    space();
    if (at >= text.length()) {
      throw new YamlException(line, "a flow collection ends too early");
    }
    char c = text.charAt(at);
    return switch (c) {
      case '[' -> sequence();
      case '{' -> mapping();
      case '"', '\'' -> quoted();
      default -> Scalars.plain(plain(key));
    };
  }

  private ArrayNode sequence() {
    ArrayNode out = Json.NODES.arrayNode();
    at++;
    while (!closes(']')) {
      out.add(value(false));
      separator(']');
    }
    return out;
  }

  private ObjectNode mapping() {
    ObjectNode out = Json.object();
    at++;
    while (!closes('}')) {
      JsonNode key = value(true);
      space();
      if (at >= text.length() || text.charAt(at) != ':') {
        throw new YamlException(line, "expected ':' after the key '" + key.asString("") + "' in a flow mapping");
      }
      at++;
      out.set(key.isString() ? key.asString() : key.toString(), value(false));
      separator('}');
    }
    return out;
  }

  private boolean closes(char close) {
    space();
    if (at < text.length() && text.charAt(at) == close) {
      at++;
      return true;
    }
    return false;
  }

  private void separator(char close) {
    space();
    if (at < text.length() && text.charAt(at) == ',') {
      at++;
    } else if (at >= text.length() || text.charAt(at) != close) {
      throw new YamlException(line, "expected ',' or '" + close + "' in a flow collection");
    }
  }

  private JsonNode quoted() {
    int close = Lines.closingQuote(text, at);
    if (close < 0) {
      throw new YamlException(line, "a quoted string is not closed");
    }
    String value = Lines.unquote(text.substring(at, close + 1), line);
    at = close + 1;
    return Json.NODES.stringNode(value);
  }

  private String plain(boolean key) {
    int start = at;
    while (at < text.length() && ",]}".indexOf(text.charAt(at)) < 0
        && !(key && text.charAt(at) == ':' && (at + 1 >= text.length() || " ,]}".indexOf(text.charAt(at + 1)) >= 0))) {
      at++;
    }
    return text.substring(start, at).strip();
  }

  private void space() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }
}
