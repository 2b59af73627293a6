/**
 * The built-in servers — {@code switchboard} (the gateway's own servers, sessions and logs), {@code notes} (a
 * Markdown vault) and {@code review} (rule-based code review) — each reached only through the
 * {@link dev.switchboard.upstream.builtin.BuiltinServer.Provider} it provides, so nothing is exported. The review
 * server's built-in rule sets are themselves a provider, found with {@link java.util.ServiceLoader}, which keeps
 * {@code review.rules} (which uses {@code review}) out of a cycle with {@code review}.
 */
module dev.switchboard.builtins {
  requires dev.switchboard.core;
  requires tools.jackson.dataformat.yaml;
  requires org.snakeyaml.engine;
  requires org.slf4j;

  uses dev.switchboard.upstream.builtin.review.RuleSet.Provider;

  provides dev.switchboard.upstream.builtin.BuiltinServer.Provider with
      dev.switchboard.upstream.builtin.switchboard.SwitchboardProvider,
      dev.switchboard.upstream.builtin.notes.NotesProvider,
      dev.switchboard.upstream.builtin.review.ReviewProvider;
  provides dev.switchboard.upstream.builtin.review.RuleSet.Provider with
      dev.switchboard.upstream.builtin.review.rules.BuiltinRuleSets;
}
