package dev.switchboard.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Interop;
import dev.switchboard.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance@0.1.16}, every scenario of
 * {@code --suite all}) against the gateway fronting the conformance fixture as a stdio child.
 */
@Timeout(600)
class ConformanceIT {
  static final int SCENARIOS = 32;

  @Test
  void passesEveryScenarioThroughTheGateway() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture()) {
      Path out = Path.of("target/conformance/session").toAbsolutePath();
      Files.createDirectories(out);
      Path log = out.resolve("conformance.log");
      int exit = Interop.run(List.of("conformance", "server", "--url", gateway.baseUrl() + "/mcp", "--suite",
          "all", "-o", out.toString()), log, 400);
      String text = Files.readString(log);
      assertThat(text).as("conformance output (%s)", log).contains("=== SUMMARY ===");
      long passed = text.lines().filter(l -> l.startsWith("✓")).count();
      long failed = text.lines().filter(l -> l.startsWith("✗")).count();
      assertThat(failed).as("failed scenarios:%n%s", text).isZero();
      assertThat(passed).as("scenarios run").isEqualTo(SCENARIOS);
      assertThat(exit).as("conformance exit code").isZero();
    }
  }
}
