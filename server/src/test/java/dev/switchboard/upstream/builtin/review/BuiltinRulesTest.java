package dev.switchboard.upstream.builtin.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.upstream.builtin.review.rules.BuiltinRuleSets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every built-in rule flags each of its bad examples (true positives) and none of its good ones (true negatives). */
class BuiltinRulesTest {
  static Stream<Rule> rules() {
    return BuiltinRuleSets.all().stream().flatMap(s -> s.rules().stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void examplesBehave(Rule rule) {
    assertThat(rule.bad()).as("true-positive examples of %s", rule.id()).isNotEmpty();
    assertThat(rule.good()).as("true-negative examples of %s", rule.id()).isNotEmpty();
    assertThat(RuleChecks.problems(rule)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void aFindingPointsAtTheExampleWithTheRulesWords(Rule rule) {
    Rule.Example bad = rule.bad().get(0);
    Finding finding = RuleChecks.findings(rule, bad).get(0);
    assertThat(finding.rule()).isEqualTo(rule.id());
    assertThat(finding.line()).isPositive();
    assertThat(finding.column()).isPositive();
    assertThat(finding.message()).isEqualTo(rule.message());
    assertThat(bad.code().lines().toList().get(finding.line() - 1).strip()).isNotEmpty();
  }

  @Test
  void theReviewServerFindsTheBuiltInSetsThroughServiceLoader() throws Exception {
    assertThat(java.util.ServiceLoader.load(RuleSet.Provider.class).stream().map(p -> p.type().getName()))
        .containsExactly(BuiltinRuleSets.class.getName());
    ReviewServer server = ReviewServer.create(List.of(), List.of(), "test");
    try (var client = new dev.switchboard.upstream.builtin.RecordingClient(server)) {
      client.initialize();
      assertThat(client.ok("list_rule_sets", dev.switchboard.protocol.Json.object()).path("ruleSets").size())
          .isEqualTo(BuiltinRuleSets.all().size());
    }
  }

  @Test
  void theSetsCoverWhatTheIssueAsksFor() {
    assertThat(BuiltinRuleSets.all()).extracting(RuleSet::name)
        .containsExactly("secrets", "injection", "crypto", "transport", "java", "javascript", "python", "go");
    Set<String> ids = new HashSet<>();
    rules().forEach(r -> {
      assertThat(ids.add(r.id())).as("unique id %s", r.id()).isTrue();
      assertThat(r.id()).startsWith(r.set() + "/");
    });
    assertThat(ids).contains("secrets/private-key", "secrets/aws-access-key-id", "secrets/github-token",
        "secrets/password-assignment", "injection/sql-concatenation", "injection/shell-python",
        "injection/eval-javascript",
        "injection/java-deserialization", "crypto/weak-password-hash", "crypto/ecb-mode", "crypto/hardcoded-iv",
        "transport/http-url", "transport/tls-verification-disabled");
  }

  @Test
  void secretsAreRedactedInExcerpts() {
    Rule rule = rules().filter(r -> r.id().equals("secrets/github-token")).findFirst().orElseThrow();
    Finding finding = RuleChecks.findings(rule, rule.bad().get(0)).get(0);
    String token = rule.bad().get(0).code().replaceAll(".*=", "");
    assertThat(finding.excerpt()).contains("[redacted]").doesNotContain(token);
  }

  @Test
  void aReviewIgnoreCommentSuppressesOnlyWhatItNames() {
    Rule rule = rules().filter(r -> r.id().equals("transport/http-url")).findFirst().orElseThrow();
    String code = """
        a = "http://one.acme.io"  # review:ignore
        # review:ignore[transport/http-url]
        b = "http://two.acme.io"
        c = "http://three.acme.io"  # review:ignore[secrets]
        """;
    Reviewer.FileReview review = Reviewer.review(new SourceFile("x.py", Language.PYTHON, code), List.of(rule),
        Severity.INFO);
    assertThat(review.findings()).extracting(Finding::line).containsExactly(4);
    assertThat(review.suppressed()).isEqualTo(2);
  }
}
