package dev.switchboard.upstream.builtin.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.upstream.builtin.ToolContext;
import dev.switchboard.upstream.builtin.files.PathGuard;
import dev.switchboard.upstream.builtin.review.rules.BuiltinRuleSets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The review corpus under {@code src/test/resources/review/corpus}: a small multi-language project with planted
 * problems, safe look-alikes and a suppressed finding. Every finding must be listed in {@code expected.txt} and
 * every listed finding must be found.
 */
class ReviewCorpusTest {
  @Test
  void findsExactlyTheExpectedFindings() throws Exception {
    Path corpus = Path.of(getClass().getResource("/review/corpus").toURI());
    List<String> expected = Files.readAllLines(corpus.resolveSibling("expected.txt")).stream()
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

    ObjectNode result = review(corpus);
    List<String> actual = new ArrayList<>();
    result.path("findings").forEach(f -> actual.add(f.path("file").asString() + ":" + f.path("line").asInt() + " "
        + f.path("rule").asString()));

    assertThat(actual).as("findings (first actual, then expected)").containsExactlyElementsOf(expected);
    assertThat(result.path("summary").path("suppressed").asInt()).isEqualTo(1);
    assertThat(result.path("summary").path("files").asInt()).isEqualTo(9); // the PNG is binary: not reviewed
  }

  static ObjectNode review(Path corpus) throws Exception {
    FileSelection selection = new FileSelection(List.of(new PathGuard(corpus, ReviewRoots.LABEL)), List.of(), 1000);
    selection.add(".");
    List<Rule> rules = BuiltinRuleSets.all().stream().flatMap(s -> s.rules().stream()).toList();
    return new ReviewRun(rules, Severity.INFO, 10_000).run(selection.files(), new ToolContext() {
      @Override
      public void progress(double progress, @Nullable Double total, @Nullable String message) {}

      @Override
      public void log(String level, JsonNode data) {}

      @Override
      public void notify(String method, JsonNode params) {}
    });
  }
}
