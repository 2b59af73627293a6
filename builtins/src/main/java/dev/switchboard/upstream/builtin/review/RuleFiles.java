package dev.switchboard.upstream.builtin.review;

import dev.switchboard.protocol.Json;
import dev.switchboard.upstream.builtin.yaml.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a user rule file: JSON, or YAML for {@code .yaml}/{@code .yml}, holding a list of rules or an object with
 * {@code name}, {@code description} and {@code rules}. Every problem in the file is reported at once, and a rule's
 * own examples must behave. Stateless.
 */
public final class RuleFiles {
  private static final Set<String> KEYS = Set.of("id", "severity", "languages", "language", "regex", "pattern",
      "message", "fix", "scope", "unless", "ignoreCase", "redact", "examples", "description");

  private RuleFiles() {}

  /** The rules of {@code file} as a set; {@link IllegalArgumentException} naming each problem when it is invalid. */
  public static RuleSet load(Path file) throws IOException {
    String text = Files.readString(file);
    JsonNode root = parse(file, text);
    JsonNode rules = root.isArray() ? root : root.path("rules");
    if (!rules.isArray() || rules.isEmpty()) {
      throw new IllegalArgumentException(file + ": expected a list of rules, or an object with \"rules\": [...]");
    }
    String name = root.path("name").asString(baseName(file));
    List<Rule> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      JsonNode node = rules.get(i);
      String where = "rules[" + i + "]" + (node.path("id").isString() ? " (" + node.path("id").asString() + ")" : "");
      try {
        Rule rule = rule(node, name);
        RuleChecks.problems(rule).forEach(p -> problems.add(where + ": " + p));
        out.add(rule);
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Invalid rule file " + file + ":\n  " + String.join("\n  ", problems));
    }
    return new RuleSet(name, root.path("description").asString("Rules from " + file.getFileName()), file.toString(),
        out);
  }

  private static JsonNode parse(Path file, String text) {
    String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      return lower.endsWith(".yaml") || lower.endsWith(".yml") ? Yaml.read(text) : Json.parse(text);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
  }

  static Rule rule(JsonNode node, String set) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("a rule must be an object");
    }
    for (String key : node.propertyNames()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown key '" + key + "'; expected some of "
            + new java.util.TreeSet<>(KEYS));
      }
    }
    RuleBuilder rule = RuleBuilder.rule(required(node, "id"))
        .severity(Severity.parse(required(node, "severity"))).message(required(node, "message"))
        .fix(node.path("fix").asString(""));
    languages(node, rule);
    detector(node, rule);
    if (node.path("unless").isString()) {
      rule.unless(node.path("unless").asString());
    }
    if (node.path("redact").asBoolean(false)) {
      rule.redact();
    }
    examples(node.path("examples"), rule);
    return rule.build(set);
  }

  private static void detector(JsonNode node, RuleBuilder rule) {
    boolean regex = node.path("regex").isString();
    boolean pattern = node.path("pattern").isString();
    if (regex == pattern) {
      throw new IllegalArgumentException("give exactly one of \"regex\" or \"pattern\" (a string)");
    }
    if (pattern) {
      rule.pattern(node.path("pattern").asString());
      return;
    }
    Scope scope = node.path("scope").isString() ? Scope.parse(node.path("scope").asString()) : Scope.CODE;
    rule.regex(node.path("regex").asString(), scope, node.path("ignoreCase").asBoolean(false));
  }

  private static void languages(JsonNode node, RuleBuilder rule) {
    JsonNode value = node.has("languages") ? node.get("languages") : node.path("language");
    List<String> names = new ArrayList<>();
    if (value.isString()) {
      names.add(value.asString());
    } else if (value.isArray()) {
      value.forEach(v -> names.add(v.asString("")));
    }
    for (String name : names) {
      if (name.equals("*") || name.equalsIgnoreCase("any")) {
        continue;
      }
      rule.languages(Language.parse(name).orElseThrow(() -> new IllegalArgumentException("unknown language '" + name
          + "'; known: " + java.util.Arrays.stream(Language.values()).map(Language::label).toList())));
    }
  }

  private static void examples(JsonNode examples, RuleBuilder rule) {
    for (JsonNode bad : examples.path("bad")) {
      rule.bad(required(bad, "file"), required(bad, "code"));
    }
    for (JsonNode good : examples.path("good")) {
      rule.good(required(good, "file"), required(good, "code"));
    }
  }

  private static String required(JsonNode node, String key) {
    JsonNode value = node.get(key);
    if (value == null || !value.isString() || value.asString().isBlank()) {
      throw new IllegalArgumentException("\"" + key + "\" is required (a non-empty string)");
    }
    return value.asString();
  }

  private static String baseName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
