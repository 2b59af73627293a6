package dev.switchboard.upstream.builtin.review;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a rule against its own examples: every {@code bad} example must be flagged and no {@code good} one. The tests
 * run this for the built-in sets; rule files are checked the same way when they load. Stateless.
 */
public final class RuleChecks {
  private RuleChecks() {}

  /** What is wrong with the rule's examples; empty when they all behave. */
  public static List<String> problems(Rule rule) {
    List<String> out = new ArrayList<>();
    for (Rule.Example example : rule.bad()) {
      if (findings(rule, example).isEmpty()) {
        out.add(rule.id() + ": the bad example " + example.file() + " is not flagged: " + example.code());
      }
    }
    for (Rule.Example example : rule.good()) {
      List<Finding> found = findings(rule, example);
      if (!found.isEmpty()) {
        out.add(rule.id() + ": the good example " + example.file() + " is flagged at line " + found.get(0).line()
            + ": " + example.code());
      }
    }
    return out;
  }

  /** The rule's findings in one example. */
  public static List<Finding> findings(Rule rule, Rule.Example example) {
    SourceFile file = new SourceFile(example.file(), Language.of(example.file()), example.code());
    return Reviewer.review(file, List.of(rule), Severity.INFO).findings();
  }
}
