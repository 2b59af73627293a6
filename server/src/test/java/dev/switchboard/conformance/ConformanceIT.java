package dev.switchboard.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Interop;
import dev.switchboard.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance@0.1.16}, every scenario of
 * {@code --suite all}) against the gateway fronting the conformance fixture as a stdio child, under each sharing
 * policy. All 32 scenarios pass under each; see ARCHITECTURE.md for what {@code call} answers itself.
 */
@Timeout(900)
class ConformanceIT {
  static final int SCENARIOS = 32;

  enum Policy {
    SESSION(entry -> {}),
    SESSION_WARM(entry -> entry.putObject("pool").put("warm", 2)),
    SHARED(entry -> entry.put("sharing", "shared")),
    CALL(entry -> entry.put("sharing", "call").putObject("pool").put("warm", 2));

    final Consumer<ObjectNode> entry;

    Policy(Consumer<ObjectNode> entry) {
      this.entry = entry;
    }
  }

  @ParameterizedTest
  @EnumSource(Policy.class)
  void passesEveryScenarioThroughTheGateway(Policy policy) throws Exception {
    try (TestGateway gateway = TestGateway.withFixture(policy.entry)) {
      Path out = Path.of("target/conformance/" + policy.name().toLowerCase()).toAbsolutePath();
      Files.createDirectories(out);
      Path log = out.resolve("conformance.log");
      int exit = Interop.run(List.of("conformance", "server", "--url", gateway.baseUrl() + "/mcp", "--suite",
          "all", "-o", out.toString()), log, 400);
      String text = Files.readString(log);
      assertThat(text).as("conformance output (%s)", log).contains("=== SUMMARY ===");
      long passed = text.lines().filter(l -> l.startsWith("✓")).count();
      long failed = text.lines().filter(l -> l.startsWith("✗")).count();
      assertThat(failed).as("failed scenarios under %s:%n%s", policy, text).isZero();
      assertThat(passed).as("scenarios run").isEqualTo(SCENARIOS);
      assertThat(exit).as("conformance exit code").isZero();
    }
  }

  /**
   * HTTP → gateway → {@code switchboard bridge} → gateway → fixture: the second gateway's server is the bridge (one
   * per session), relaying to the first gateway, whose home's {@code state.json} it reads. Every scenario must pass
   * through both hops.
   */
  @org.junit.jupiter.api.Test
  void passesEveryScenarioThroughABridgeChain(@org.junit.jupiter.api.io.TempDir Path home) throws Exception {
    try (TestGateway first = TestGateway.withFixture(entry -> entry.put("sharing", "shared"))) {
      first.recordIn(home);
      ObjectNode bridge = dev.switchboard.protocol.Json.object().put("command", dev.switchboard.testing.Fixtures
          .java());
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          "dev.switchboard.cli.Main", "bridge", "fixture", "--no-start").forEach(bridge.putArray("args")::add);
      bridge.putObject("env").put("SWITCHBOARD_HOME", home.toString());
      ObjectNode servers = dev.switchboard.protocol.Json.object();
      servers.set("fixture", bridge);
      try (TestGateway second = TestGateway.start(servers, gw -> gw.put("defaultServer", "fixture"))) {
        Path out = Path.of("target/conformance/bridge-chain").toAbsolutePath();
        Files.createDirectories(out);
        Path log = out.resolve("conformance.log");
        int exit = Interop.run(List.of("conformance", "server", "--url", second.baseUrl() + "/mcp", "--suite",
            "all", "-o", out.toString()), log, 600);
        String text = Files.readString(log);
        long passed = text.lines().filter(l -> l.startsWith("✓")).count();
        long failed = text.lines().filter(l -> l.startsWith("✗")).count();
        assertThat(failed).as("failed scenarios through the bridge chain:%n%s", text).isZero();
        assertThat(passed).as("scenarios run").isEqualTo(SCENARIOS);
        assertThat(exit).as("conformance exit code").isZero();
      }
    }
  }
}
