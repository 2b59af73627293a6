package dev.switchboard.upstream.builtin.review;

import java.util.List;

/** A named group of rules: a built-in set, or one user rule file ({@code source} says which). Immutable. */
public record RuleSet(String name, String description, String source, List<Rule> rules) {
  public RuleSet {
    rules = List.copyOf(rules);
  }

  /**
   * Supplies rule sets every review server starts with. Found with {@link java.util.ServiceLoader} (listed in
   * {@code META-INF/services/dev.switchboard.upstream.builtin.review.RuleSet$Provider}), so this package does not
   * depend on the package of built-in rules, which builds its rules from this one's types.
   */
  public interface Provider {
    /** The sets, in the order they are listed. */
    List<RuleSet> sets();
  }
}
