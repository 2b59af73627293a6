package dev.switchboard.upstream.builtin.review.rules;

import dev.switchboard.upstream.builtin.review.RuleSet;
import java.util.List;

/**
 * Every built-in rule set, in the order they are listed; the review server finds them as a {@link RuleSet.Provider}.
 * Built once; the sets are immutable.
 */
public final class BuiltinRuleSets implements RuleSet.Provider {
  private static final List<RuleSet> ALL = List.of(SecretRules.set(), InjectionRules.set(), CryptoRules.set(),
      TransportRules.set(), JavaRules.set(), JavaScriptRules.set(), PythonRules.set(), GoRules.set());

  /** For {@link java.util.ServiceLoader}; {@link #all} needs no instance. */
  public BuiltinRuleSets() {}

  public static List<RuleSet> all() {
    return ALL;
  }

  @Override
  public List<RuleSet> sets() {
    return ALL;
  }
}
