package dev.switchboard.upstream.builtin.review.rules;

import dev.switchboard.upstream.builtin.review.RuleSet;
import java.util.List;

/** Every built-in rule set, in the order they are listed. Built once; the sets are immutable. */
public final class BuiltinRuleSets {
  private static final List<RuleSet> ALL = List.of(SecretRules.set(), InjectionRules.set(), CryptoRules.set(),
      TransportRules.set(), JavaRules.set(), JavaScriptRules.set(), PythonRules.set(), GoRules.set());

  private BuiltinRuleSets() {}

  public static List<RuleSet> all() {
    return ALL;
  }
}
