package dev.switchboard.cli.client;

import dev.switchboard.client.schema.Content;
import dev.switchboard.client.schema.ToolResult;
import dev.switchboard.protocol.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One review finding, read from the review tool's structured result ({@code findings}: file, line, column,
 * severity, rule, message, under any of their usual names). Line and column are 0 when unknown. Immutable.
 */
record Finding(String file, int line, int column, Severity severity, String rule, String message) {
  static final Comparator<Finding> ORDER = Comparator.comparing(Finding::file).thenComparingInt(Finding::line)
      .thenComparingInt(Finding::column).thenComparing(Finding::rule);

  /** The findings of a review result; throws when the result holds none in a form this reads. */
  static List<Finding> from(ToolResult result) {
    JsonNode data = result.structuredContent() != null ? result.structuredContent() : parsedText(result);
    JsonNode list = data == null ? null : data.isArray() ? data : data.get("findings");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("the review tool returned no findings list: "
          + ResultText.render(result).strip());
    }
    List<Finding> findings = new ArrayList<>();
    list.forEach(f -> findings.add(of(f)));
    findings.sort(ORDER);
    return List.copyOf(findings);
  }

  static Finding of(JsonNode f) {
    return new Finding(first(f, "file", "path", "uri"), number(f, "line", "startLine"),
        number(f, "column", "col", "startColumn"), Severity.of(first(f, "severity", "level")),
        first(f, "rule", "ruleId", "code", "id"), first(f, "message", "text"));
  }

  private static @Nullable JsonNode parsedText(ToolResult result) {
    for (Content c : result.content()) {
      if (c instanceof Content.Text text) {
        try {
          return Json.parse(text.text());
        } catch (JacksonException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static String first(JsonNode node, String... names) {
    for (String name : names) {
      JsonNode value = node.get(name);
      if (value != null && (value.isString() || value.isNumber())) {
        return value.asString();
      }
    }
    return "";
  }

  private static int number(JsonNode node, String... names) {
    for (String name : names) {
      JsonNode value = node.get(name);
      if (value != null && value.canConvertToInt()) {
        return value.asInt();
      }
    }
    return 0;
  }

  Finding withFile(String display) {
    return new Finding(display, line, column, severity, rule, message);
  }
}
