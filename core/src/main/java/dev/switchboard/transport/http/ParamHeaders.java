package dev.switchboard.transport.http;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The 2026-07-28 {@code x-mcp-header} annotations of one tool's {@code inputSchema}, and the check of a call's
 * {@code Mcp-Param-{Name}} headers against its arguments: a value in the body needs its header, a header needs the
 * same value in the body (after the {@code =?base64?…?=} form is decoded; integers compared as numbers). A tool whose
 * annotations break the revision's rules gets none: clients drop such a tool, so no call to it carries headers.
 * Stateless.
 */
final class ParamHeaders {
  /** How deep annotations are looked for, and how many one tool may have: a schema is the child's to write. */
  private static final int MAX_DEPTH = 8;
  private static final int MAX_PARAMS = 32;
  private static final String ANNOTATION = "x-mcp-header";
  private static final Set<String> TYPES = Set.of("string", "integer", "boolean");

  private ParamHeaders() {}

  /** One annotated parameter: where its value sits in {@code arguments}, and the header that mirrors it. */
  record Param(List<String> path, String header) {
    String member() {
      return "arguments." + String.join(".", path);
    }
  }

  /** The annotated parameters of {@code inputSchema}; none when it has none or any annotation is invalid. */
  static List<Param> of(JsonNode inputSchema) {
    List<Param> found = new ArrayList<>();
    boolean valid = scan(inputSchema, List.of(), found, 0);
    Set<String> names = new HashSet<>();
    found.forEach(p -> names.add(p.header().toLowerCase(Locale.ROOT)));
    return valid && names.size() == found.size() ? List.copyOf(found) : List.of();
  }

  private static boolean scan(JsonNode schema, List<String> at, List<Param> found, int depth) {
    JsonNode properties = schema.path("properties");
    if (!properties.isObject() || depth >= MAX_DEPTH) {
      return true;
    }
    for (var property : properties.properties()) {
      List<String> path = new ArrayList<>(at);
      path.add(property.getKey());
      if (!take(property.getValue(), path, found) || !scan(property.getValue(), path, found, depth + 1)) {
        return false;
      }
    }
    return true;
  }

  /** Adds the property's annotation, if it has one; false when it has an invalid one. */
  private static boolean take(JsonNode property, List<String> path, List<Param> found) {
    JsonNode name = property.get(ANNOTATION);
    if (name == null) {
      return true;
    }
    if (!name.isString() || !isToken(name.asString()) || !TYPES.contains(property.path("type").asString(""))
        || found.size() >= MAX_PARAMS) {
      return false;
    }
    found.add(new Param(List.copyOf(path), "Mcp-Param-" + name.asString()));
    return true;
  }

  /** RFC 9110 {@code 1*tchar}. */
  static boolean isToken(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c < 0x7F && (Character.isLetterOrDigit(c)
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0));
  }

  /** Checks each of {@code params} in {@code arguments} against {@code headers} (a name to its raw value or null). */
  static void check(List<Param> params, JsonNode arguments, UnaryOperator<@Nullable String> headers) {
    for (Param param : params) {
      JsonNode value = at(arguments, param.path());
      @Nullable String raw = headers.apply(param.header());
      boolean inBody = value != null && !value.isNull();
      if (raw == null && inBody) {
        throw new StandardHeaders.Mismatch("Header mismatch: the " + param.header() + " header is required ("
            + param.member() + " has a value)");
      }
      if (raw != null && !same(StandardHeaders.decode(plain(raw, param.header()), param.header()), value)) {
        throw new StandardHeaders.Mismatch("Header mismatch: " + param.header() + " does not match "
            + param.member());
      }
    }
  }

  private static @Nullable JsonNode at(JsonNode arguments, List<String> path) {
    JsonNode node = arguments;
    for (String step : path) {
      node = node.get(step);
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  /** The value without its surrounding whitespace; refused when it holds what a header value may not. */
  private static String plain(String raw, String header) {
    boolean visible = raw.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7F));
    if (!visible) {
      throw new StandardHeaders.Mismatch("Header mismatch: " + header + " holds characters a header value may not "
          + "(non-ASCII or control characters travel as =?base64?…?=)");
    }
    return raw.strip();
  }

  private static boolean same(String header, @Nullable JsonNode body) {
    if (body == null || body.isNull()) {
      return false; // a header the body does not back: what routed on it is not what runs
    }
    if (body.isString()) {
      return header.equals(body.asString());
    }
    if (body.isBoolean()) {
      return header.equals(body.asBoolean() ? "true" : "false");
    }
    return body.isNumber() && numeric(header, body.decimalValue());
  }

  private static boolean numeric(String header, BigDecimal body) {
    try {
      return new BigDecimal(header).compareTo(body) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
