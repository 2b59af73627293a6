package dev.switchboard.upstream.builtin.review;

import dev.switchboard.protocol.Json;
import dev.switchboard.upstream.builtin.Args;
import dev.switchboard.upstream.builtin.Schema;
import dev.switchboard.upstream.builtin.Tool;
import dev.switchboard.upstream.builtin.ToolFailure;
import dev.switchboard.upstream.builtin.ToolResults;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The review server's tools that describe rules: list the rule sets, explain one rule. Stateless. */
final class RuleTools {
  private final List<RuleSet> sets;

  RuleTools(List<RuleSet> sets) {
    this.sets = sets;
  }

  Tool listRuleSets() {
    return new Tool("list_rule_sets", "List the rule sets (built-in and from rule files) with their rules' ids.",
        Schema.object().bool("includeRules", "List each rule's id, severity and message (default true)").build(),
        (args, ctx) -> {
          boolean detailed = Args.bool(args, "includeRules", true);
          ObjectNode result = Json.object();
          ArrayNode list = result.putArray("ruleSets");
          sets.forEach(set -> describe(set, list.addObject(), detailed));
          return ToolResults.json(result);
        });
  }

  Tool explainRule() {
    return new Tool("explain_rule", "Explain one rule: what it looks for, why it matters, how to fix it, and "
        + "examples of code it flags and code it accepts.",
        Schema.object().string("id", "A rule id, e.g. 'secrets/aws-access-key-id'").required("id").build(),
        (args, ctx) -> {
          String id = Args.string(args, "id");
          Rule rule = find(id).orElseThrow(() -> new ToolFailure("No rule '" + id + "'"
              + suggestion(id)));
          return ToolResults.json(explain(rule));
        });
  }

  private static void describe(RuleSet set, ObjectNode node, boolean detailed) {
    node.put("name", set.name()).put("description", set.description()).put("source", set.source())
        .put("rules", set.rules().size());
    TreeSet<String> languages = new TreeSet<>();
    set.rules().forEach(r -> r.languages().forEach(l -> languages.add(l.label())));
    ArrayNode langs = node.putArray("languages");
    if (set.rules().stream().anyMatch(r -> r.languages().isEmpty())) {
      langs.add("any");
    }
    languages.forEach(langs::add);
    if (detailed) {
      ArrayNode rules = node.putArray("ruleList");
      set.rules().forEach(r -> rules.addObject().put("id", r.id()).put("severity", r.severity().label())
          .put("message", r.message()));
    }
  }

  static ObjectNode explain(Rule rule) {
    ObjectNode node = Json.object().put("id", rule.id()).put("set", rule.set())
        .put("severity", rule.severity().label()).put("message", rule.message()).put("fix", rule.fix())
        .put("kind", rule.detector().kind()).put("pattern", rule.detector().source());
    if (rule.detector() instanceof RegexDetector regex) {
      node.put("scope", regex.scope().label());
    }
    if (rule.unless() != null) {
      node.put("unless", rule.unless().pattern());
    }
    ArrayNode languages = node.putArray("languages");
    rule.languages().stream().map(Language::label).sorted().forEach(languages::add);
    ObjectNode examples = node.putObject("examples");
    rule.bad().forEach(e -> examples.withArray("flagged").addObject().put("file", e.file()).put("code", e.code()));
    rule.good().forEach(e -> examples.withArray("accepted").addObject().put("file", e.file()).put("code", e.code()));
    node.put("suppress", "add a comment 'review:ignore[" + rule.id() + "]' on the line or the line above");
    return node;
  }

  private Optional<Rule> find(String id) {
    return sets.stream().flatMap(s -> s.rules().stream()).filter(r -> r.id().equals(id)).findFirst();
  }

  private String suggestion(String id) {
    String tail = id.substring(id.lastIndexOf('/') + 1);
    List<String> close = sets.stream().flatMap(s -> s.rules().stream()).map(Rule::id)
        .filter(r -> r.contains(tail) || tail.contains(r.substring(r.lastIndexOf('/') + 1))).limit(5).toList();
    return close.isEmpty() ? "; list_rule_sets shows every rule" : "; did you mean " + String.join(", ", close) + "?";
  }
}
