package dev.switchboard.cli.client;

import dev.switchboard.protocol.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Prints review findings as text grouped by file, as JSON, or as SARIF 2.1.0. Stateless. */
enum FindingsFormat {
  TEXT {
    @Override
    String render(List<Finding> findings) {
      if (findings.isEmpty()) {
        return "No findings.\n";
      }
      StringBuilder out = new StringBuilder();
      byFile(findings).forEach((file, list) -> {
        out.append(file).append('\n');
        list.forEach(f -> out.append(String.format("  %-8s %-8s %-20s %s%n", position(f), f.severity().label(),
            f.rule(), f.message()).stripTrailing()).append('\n'));
      });
      return out.append('\n').append(summary(findings)).append('\n').toString();
    }
  },
  JSON {
    @Override
    String render(List<Finding> findings) {
      ObjectNode root = Json.object();
      ArrayNode list = root.putArray("findings");
      findings.forEach(f -> list.addObject().put("file", f.file()).put("line", f.line()).put("column", f.column())
          .put("severity", f.severity().label()).put("rule", f.rule()).put("message", f.message()));
      ObjectNode counts = root.putObject("summary").put("files", byFile(findings).size());
      counts(findings).forEach((s, n) -> counts.put(s.label(), n));
      return pretty(root);
    }
  },
  SARIF {
    @Override
    String render(List<Finding> findings) {
      ObjectNode root = Json.object().put("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
          .put("version", "2.1.0");
      ObjectNode run = root.putArray("runs").addObject();
      ObjectNode driver = run.putObject("tool").putObject("driver").put("name", "switchboard review");
      ArrayNode rules = driver.putArray("rules");
      findings.stream().map(Finding::rule).filter(r -> !r.isEmpty()).distinct().sorted()
          .forEach(r -> rules.addObject().put("id", r));
      ArrayNode results = run.putArray("results");
      findings.forEach(f -> result(results.addObject(), f));
      return pretty(root);
    }

    private void result(ObjectNode result, Finding f) {
      if (!f.rule().isEmpty()) {
        result.put("ruleId", f.rule());
      }
      result.put("level", f.severity().sarifLevel()).putObject("message").put("text", f.message());
      ObjectNode location = result.putArray("locations").addObject().putObject("physicalLocation");
      location.putObject("artifactLocation").put("uri", f.file().replace('\\', '/'));
      if (f.line() > 0) {
        ObjectNode region = location.putObject("region").put("startLine", f.line());
        if (f.column() > 0) {
          region.put("startColumn", f.column());
        }
      }
    }
  };

  abstract String render(List<Finding> findings);

  /** Parses {@code --format}, in any case. */
  static final class Converter implements picocli.CommandLine.ITypeConverter<FindingsFormat> {
    @Override
    public FindingsFormat convert(String value) {
      try {
        return valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException("expected text, json or sarif, not '" + value + "'");
      }
    }
  }

  static Map<String, List<Finding>> byFile(List<Finding> findings) {
    return findings.stream().collect(Collectors.groupingBy(Finding::file, LinkedHashMap::new, Collectors.toList()));
  }

  static Map<Severity, Integer> counts(List<Finding> findings) {
    Map<Severity, Integer> counts = new LinkedHashMap<>();
    for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)) {
      counts.put(s, (int) findings.stream().filter(f -> f.severity() == s).count());
    }
    return counts;
  }

  private static String summary(List<Finding> findings) {
    String parts = counts(findings).entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> e.getValue() + " " + e.getKey().label())
        .collect(Collectors.joining(", "));
    int files = byFile(findings).size();
    return findings.size() + (findings.size() == 1 ? " finding" : " findings") + " in " + files
        + (files == 1 ? " file" : " files") + ": " + parts;
  }

  private static String position(Finding f) {
    return f.line() <= 0 ? "-" : f.column() <= 0 ? Integer.toString(f.line()) : f.line() + ":" + f.column();
  }

  private static String pretty(ObjectNode root) {
    return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }
}
