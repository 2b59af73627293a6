package dev.switchboard.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.Client;
import dev.switchboard.client.schema.Root;
import dev.switchboard.client.schema.ToolResult;
import dev.switchboard.protocol.Json;
import dev.switchboard.upstream.builtin.review.ReviewServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review command's reading of the real built-in review server: its {@code review_paths} tool, in this process
 * through the in-process transport, with the client's root as the review root.
 */
@Timeout(60)
class ReviewContractTest {
  @TempDir
  Path project;

  @Test
  void readsTheBuiltInReviewServersFindings() throws Exception {
    Files.writeString(project.resolve("check.py"), "assert (len(items) > 0, \"items must not be empty\")\n"
        + "def add(item, bucket=[]):\n    bucket.append(item)\n    return bucket\n");
    ReviewServer server = ReviewServer.create(List.of(), List.of(), "test");
    Root root = new Root(project.toUri().toString(), "project");
    try (Client client = Client.builder(() -> new InProcessTransport(server)).roots(() -> List.of(root)).build()) {
      ToolResult result = client.callTool(ReviewCommand.TOOL, Json.object().set("paths", Json.NODES.arrayNode()
          .add(project.resolve("check.py").toString())));
      assertThat(result.isError()).as(ResultText.render(result)).isFalse();
      List<Finding> findings = Finding.from(result);
      assertThat(findings).extracting(Finding::rule).contains("python/assert-on-tuple",
          "python/mutable-default-argument");
      assertThat(findings).allSatisfy(f -> {
        assertThat(f.file()).isEqualTo("check.py");
        assertThat(f.line()).isPositive();
      });
      assertThat(findings).filteredOn(f -> f.rule().equals("python/assert-on-tuple")).first()
          .extracting(Finding::severity).isEqualTo(Severity.HIGH);
      assertThat(FindingsFormat.TEXT.render(findings)).startsWith("check.py\n  1");
    }
  }
}
