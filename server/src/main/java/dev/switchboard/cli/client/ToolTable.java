package dev.switchboard.cli.client;

import dev.switchboard.client.schema.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Renders tools as a table: name, the first line of the description, and the arguments with their types. */
final class ToolTable {
  private static final int MAX_DESCRIPTION = 60;

  private ToolTable() {}

  static String render(List<Tool> tools) {
    if (tools.isEmpty()) {
      return "(no tools)\n";
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "DESCRIPTION", "ARGUMENTS"});
    tools.forEach(t -> rows.add(new String[] {t.name(), summary(t.description()), arguments(t.inputSchema())}));
    int name = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
    int description = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      String line = pad(row[0], name) + "  " + pad(row[1], description) + "  " + row[2];
      out.append(line.stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** {@code name*: type} for each property; {@code *} marks a required one. */
  static String arguments(JsonNode schema) {
    List<String> required = new ArrayList<>();
    schema.path("required").forEach(r -> required.add(r.asString("")));
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      String mark = required.contains(property.getKey()) ? "*" : "";
      parts.add(property.getKey() + mark + ": " + type(property.getValue()));
    }
    return parts.isEmpty() ? "-" : String.join(", ", parts);
  }

  private static String type(JsonNode property) {
    if (property.has("enum")) {
      List<String> values = new ArrayList<>();
      property.path("enum").forEach(v -> values.add(v.isString() ? v.asString() : v.toString()));
      return String.join("|", values);
    }
    JsonNode type = property.get("type");
    if (type == null) {
      return "any";
    }
    if (type.isArray()) {
      List<String> types = new ArrayList<>();
      type.forEach(t -> types.add(t.asString("")));
      return String.join("|", types);
    }
    String name = type.asString("any");
    return name.equals("array") && property.path("items").has("type")
        ? property.path("items").path("type").asString("") + "[]" : name;
  }

  private static String summary(@Nullable String description) {
    if (description == null || description.isBlank()) {
      return "";
    }
    String first = description.strip().lines().findFirst().orElse("").strip();
    return first.length() > MAX_DESCRIPTION ? first.substring(0, MAX_DESCRIPTION - 1) + "…" : first;
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
