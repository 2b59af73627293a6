package dev.switchboard.upstream.builtin.yaml;

import dev.switchboard.protocol.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one YAML document into a JSON tree by indentation: block mappings and sequences, flow collections, plain,
 * quoted and block scalars, comments. Keys stay strings; plain values resolve by the YAML 1.2 core schema, so dates
 * stay strings. Not thread safe: one instance reads one document (use {@link #read}).
 */
public final class YamlReader {
  private final List<String> lines;
  private int at;

  private YamlReader(String text) {
    this.lines = new ArrayList<>(Arrays.asList(text.split("\r\n|\r|\n", -1)));
  }

  /** The document as JSON; an empty document is {@code null}. Throws {@link YamlException} naming the line. */
  public static JsonNode read(String text) {
    return new YamlReader(text).document();
  }

  /** The key a top-level mapping line starts ({@code title: x} gives {@code title}), or null for other lines. */
  public static @Nullable String topLevelKey(String line) {
    if (line.isEmpty() || line.charAt(0) == ' ' || line.charAt(0) == '#' || line.charAt(0) == '\t') {
      return null;
    }
    String content = Lines.stripComment(line);
    int sep = Lines.keyEnd(content);
    if (sep <= 0) {
      return null;
    }
    String key = content.substring(0, sep).strip();
    char first = key.charAt(0);
    try {
      return first == '"' || first == '\'' ? Lines.unquote(key, 1) : key;
    } catch (YamlException e) {
      return null;
    }
  }

  private JsonNode document() {
    skipBlank();
    if (at < lines.size() && lines.get(at).startsWith("---")) {
      at++;
      skipBlank();
    }
    if (at >= lines.size() || lines.get(at).startsWith("...")) {
      return Json.NODES.nullNode();
    }
    JsonNode node = block(indent(at), -1);
    skipBlank();
    if (at < lines.size() && !lines.get(at).startsWith("...") && !lines.get(at).startsWith("---")) {
      throw error("unexpected content here; check the indentation");
    }
    return node;
  }

  private JsonNode block(int indent, int parent) {
    String content = content(at);
    if (isItem(content)) {
      return sequence(indent);
    }
    if (Lines.keyEnd(content) >= 0) {
      return mapping(indent);
    }
    return inline(content, parent);
  }

  private ArrayNode sequence(int indent) {
    ArrayNode out = Json.NODES.arrayNode();
    while (nextAt(indent) && isItem(content(at))) {
      String raw = lines.get(at);
      String rest = raw.substring(indent + 1);
      if (Lines.stripComment(rest).isBlank()) {
        at++;
        out.add(nested(indent, false));
      } else {
        // "- key: v" opens a mapping at the column after the dash: re-read the line with the dash blanked
        lines.set(at, " ".repeat(indent + 1) + rest);
        out.add(block(indent(at), indent));
      }
    }
    return out;
  }

  private ObjectNode mapping(int indent) {
    ObjectNode out = Json.object();
    while (nextAt(indent) && !isItem(content(at))) {
      String content = content(at);
      int sep = Lines.keyEnd(content);
      if (sep < 0) {
        throw error("expected 'key: value'");
      }
      String key = key(content.substring(0, sep).strip());
      out.set(key, value(content.substring(sep + 1).strip(), indent));
    }
    return out;
  }

  /** Whether the next meaningful line sits at {@code indent}; a deeper one there is an error. */
  private boolean nextAt(int indent) {
    skipBlank();
    if (at >= lines.size() || lines.get(at).startsWith("...")) {
      return false;
    }
    int found = indent(at);
    if (found > indent) {
      throw error("unexpected indentation (" + found + " spaces where " + indent + " were expected)");
    }
    return found == indent;
  }

  private JsonNode value(String rest, int indent) {
    if (rest.isEmpty()) {
      at++;
      return nested(indent, true);
    }
    char first = rest.charAt(0);
    if (first == '|' || first == '>') {
      return Json.NODES.stringNode(blockScalar(rest, indent));
    }
    if (first == '&' || first == '*' || first == '!') {
      throw error("anchors, aliases and tags (" + first + ") are not supported");
    }
    return inline(rest, indent);
  }

  /**
   * The node on the lines after a key or dash with nothing after it: deeper lines, or null. After a key, a list may
   * also sit at the key's own indentation ({@code sameLevelList}).
   */
  private JsonNode nested(int indent, boolean sameLevelList) {
    skipBlank();
    if (at >= lines.size()) {
      return Json.NODES.nullNode();
    }
    int next = indent(at);
    if (next > indent) {
      return block(next, indent);
    }
    return sameLevelList && next == indent && isItem(content(at)) ? sequence(indent) : Json.NODES.nullNode();
  }

  /** A value written on the current line (continued on deeper lines for plain, quoted and flow values). */
  private JsonNode inline(String text, int parent) {
    int line = at + 1;
    char first = text.charAt(0);
    if (first == '[' || first == '{') {
      String flow = gather(text, parent, Lines::flowOpen);
      return new FlowReader(flow, line).readAll();
    }
    if (first == '"' || first == '\'') {
      String quoted = gather(text, parent, Lines::quoteOpen);
      return Json.NODES.stringNode(Lines.unquote(quoted, line));
    }
    StringBuilder plain = new StringBuilder(text);
    at++;
    while (at < lines.size() && continues(parent)) {
      plain.append(' ').append(content(at).strip());
      at++;
    }
    return Scalars.plain(plain.toString());
  }

  private boolean continues(int parent) {
    String raw = lines.get(at);
    if (raw.isBlank() || indent(at) <= parent) {
      return false;
    }
    String content = content(at);
    return !content.isEmpty() && !isItem(content) && Lines.keyEnd(content) < 0;
  }

  /** Joins the current line with deeper ones while {@code open} says the value is unfinished. */
  private String gather(String text, int parent, java.util.function.Predicate<String> open) {
    StringBuilder value = new StringBuilder(text);
    at++;
    while (open.test(value.toString())) {
      if (at >= lines.size() || (!lines.get(at).isBlank() && indent(at) <= parent)) {
        throw new YamlException(at, "a quoted string or [ ] / { } collection is not closed");
      }
      value.append(' ').append(content(at).strip());
      at++;
    }
    return value.toString();
  }

  private String blockScalar(String header, int indent) {
    int line = at + 1;
    at++;
    List<String> body = new ArrayList<>();
    int blockIndent = -1;
    while (at < lines.size()) {
      String raw = lines.get(at);
      if (!raw.isBlank()) {
        int here = indent(at);
        if (here <= indent || (blockIndent >= 0 && here < blockIndent)) {
          break;
        }
        blockIndent = blockIndent < 0 ? here : blockIndent;
      }
      body.add(raw);
      at++;
    }
    return BlockScalar.text(header, body, Math.max(blockIndent, 0), line);
  }

  private String key(String text) {
    if (text.isEmpty()) {
      throw error("a mapping key is empty");
    }
    char first = text.charAt(0);
    return first == '"' || first == '\'' ? Lines.unquote(text, at + 1) : text;
  }

  private static boolean isItem(String content) {
    return content.equals("-") || content.startsWith("- ") || content.startsWith("-\t");
  }

  private void skipBlank() {
    while (at < lines.size() && (lines.get(at).isBlank() || lines.get(at).strip().startsWith("#"))) {
      at++;
    }
  }

  /** The current line without indentation and comment. */
  private String content(int index) {
    String raw = lines.get(index);
    return Lines.stripComment(raw.substring(Math.min(indent(index), raw.length())));
  }

  private int indent(int index) {
    String raw = lines.get(index);
    int n = 0;
    while (n < raw.length() && raw.charAt(n) == ' ') {
      n++;
    }
    if (n < raw.length() && raw.charAt(n) == '\t' && !raw.isBlank()) {
      throw new YamlException(index + 1, "tabs cannot indent YAML; use spaces");
    }
    return n;
  }

  private YamlException error(String message) {
    return new YamlException(at + 1, message);
  }
}
