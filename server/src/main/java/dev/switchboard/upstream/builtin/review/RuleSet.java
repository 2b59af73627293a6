package dev.switchboard.upstream.builtin.review;

import java.util.List;

/** A named group of rules: a built-in set, or one user rule file ({@code source} says which). Immutable. */
public record RuleSet(String name, String description, String source, List<Rule> rules) {
  public RuleSet {
    rules = List.copyOf(rules);
  }
}
