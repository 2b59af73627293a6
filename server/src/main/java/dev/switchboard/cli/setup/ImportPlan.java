package dev.switchboard.cli.setup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an import does with each offered server: add it when the name is new and every source agrees, leave it when
 * the config already has the same server, and report a conflict (never overwrite) when the config or the sources
 * disagree. Immutable once built.
 */
final class ImportPlan {
  /** The outcome of one name, in the order the report lists them. */
  enum Kind {
    ADDED("added"),
    UNCHANGED("unchanged"),
    CONFLICT("conflict"),
    SKIPPED("skipped");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** One report line, with optional detail lines under it. */
  record Row(Kind kind, String name, String detail, List<String> lines) {
    Row {
      lines = List.copyOf(lines);
    }
  }

  private final List<Row> rows = new ArrayList<>();
  private final Map<String, ObjectNode> additions = new LinkedHashMap<>();

  private ImportPlan() {}

  /** {@code existing}: the {@code mcpServers} object of Switchboard's config (possibly empty). */
  static ImportPlan of(JsonNode existing, List<ServerOffer> offers, List<Skip> skips) {
    ImportPlan plan = new ImportPlan();
    Map<String, List<ServerOffer>> byName = new LinkedHashMap<>();
    offers.forEach(o -> byName.computeIfAbsent(o.name(), n -> new ArrayList<>()).add(o));
    byName.forEach((name, group) -> {
      JsonNode present = existing.get(name);
      if (present != null) {
        plan.againstExisting(name, StdioEntry.comparable(present), group);
      } else {
        plan.fresh(name, group);
      }
    });
    skips.forEach(s -> plan.rows.add(new Row(Kind.SKIPPED, s.name(), s.reason(), List.of("from " + s.source()))));
    plan.rows.sort(Comparator.comparing(Row::kind));
    return plan;
  }

  List<Row> rows() {
    return List.copyOf(rows);
  }

  /** The entries to put into {@code mcpServers}, by name, in the order first offered. */
  Map<String, ObjectNode> additions() {
    return Collections.unmodifiableMap(additions);
  }

  long count(Kind kind) {
    return rows.stream().filter(r -> r.kind() == kind).count();
  }

  private void againstExisting(String name, JsonNode present, List<ServerOffer> group) {
    List<ServerOffer> differing = group.stream().filter(o -> !o.entry().equals(present)).toList();
    if (differing.isEmpty()) {
      rows.add(new Row(Kind.UNCHANGED, name, "already present", List.of("from " + sources(group))));
      return;
    }
    List<String> lines = new ArrayList<>();
    lines.add("config:  " + StdioEntry.describe(present));
    differing.forEach(o -> lines.add(o.source() + ":  " + StdioEntry.describe(o.entry())));
    List<ServerOffer> same = group.stream().filter(o -> !differing.contains(o)).toList();
    if (!same.isEmpty()) {
      lines.add("same as the config: " + sources(same));
    }
    rows.add(new Row(Kind.CONFLICT, name, "differs from the entry already in the config ("
        + StdioEntry.differences(present, differing.get(0).entry()) + "); kept the config's entry", lines));
  }

  private void fresh(String name, List<ServerOffer> group) {
    Map<JsonNode, List<ServerOffer>> variants = new LinkedHashMap<>();
    group.forEach(o -> variants.computeIfAbsent(o.entry(), e -> new ArrayList<>()).add(o));
    if (variants.size() == 1) {
      additions.put(name, group.get(0).entry());
      List<String> lines = new ArrayList<>();
      lines.add("from " + sources(group));
      group.stream().flatMap(o -> o.notes().stream()).distinct().forEach(lines::add);
      rows.add(new Row(Kind.ADDED, name, StdioEntry.describe(group.get(0).entry()), lines));
      return;
    }
    List<JsonNode> entries = List.copyOf(variants.keySet());
    Set<String> differ = new LinkedHashSet<>();
    entries.subList(1, entries.size()).forEach(e -> differ.add(StdioEntry.differences(entries.get(0), e)));
    List<String> lines = new ArrayList<>();
    variants.forEach((entry, from) -> lines.add(sources(from) + ":  " + StdioEntry.describe(entry)));
    rows.add(new Row(Kind.CONFLICT, name, "the sources disagree (" + String.join("; ", differ) + "); not imported",
        lines));
  }

  private static String sources(List<ServerOffer> group) {
    return String.join(" and ", group.stream().map(ServerOffer::source).distinct().toList());
  }
}
