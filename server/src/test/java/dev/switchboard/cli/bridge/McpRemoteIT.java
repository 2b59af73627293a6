package dev.switchboard.cli.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.gateway.Gateway;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.testing.ChildProcesses;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.Interop;
import dev.switchboard.testing.TestGateway;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code mcp-remote} (interop/, run with Node 22), the stdio-to-HTTP proxy desktop clients launch for remote servers,
 * as a chain link no one here wrote: a stdio client (this test, over pipes) → mcp-remote → the gateway → the fixture,
 * two chains at once, over Streamable HTTP and over the 2024-11-05 HTTP+SSE wire; and one chain longer, through
 * {@code switchboard bridge} to a second gateway. Its OAuth store ({@code MCP_REMOTE_CONFIG_DIR}) and {@code HOME} are
 * a temporary folder; it needs no key, as a loopback gateway without keys asks for none. Over Streamable HTTP it
 * opens one more session of its own (a connection test it never closes, reaped after {@code sessions.unusedGrace}), so
 * the tests that do not wait for that do not count sessions.
 */
@Timeout(240)
class McpRemoteIT {
  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource({"http-first, /mcp/fixture", "sse-only, /sse/fixture"})
  void twoChainsAtOnceRelayTheHandshakeAListAndACall(String strategy, String path) throws Exception {
    try (TestGateway gateway = TestGateway.withFixture()) {
      List<BridgeProcess> chains = new ArrayList<>();
      try {
        for (int i = 0; i < 2; i++) {
          chains.add(mcpRemote(gateway.baseUrl() + path, "--transport", strategy));
        }
        for (BridgeProcess chain : chains) {
          Message.Response init = chain.initialize();
          assertThat(init.result().path("serverInfo").path("name").asString()).as(chain.stderr())
              .isEqualTo("switchboard-conformance-fixture");
        }
        for (int i = 0; i < chains.size(); i++) {
          chains.get(i).send(Message.request(RequestId.of(3), "tools/call", echo("chain " + i)));
        }
        for (int i = 0; i < chains.size(); i++) {
          assertEchoes(chains.get(i).next(m -> BridgeProcess.answers(m, RequestId.of(3))), "chain " + i);
          Message tools = chains.get(i).call(4, "tools/list", Json.object());
          assertThat(tools.node().path("result").path("tools").toString()).contains("\"echo\"");
        }
        for (BridgeProcess chain : chains) {
          assertThat(chain.endInput()).as(chain.stderr()).isZero();
          assertThat(chain.garbage).isEmpty();
        }
        assertThat(chains.get(0).stderr()).contains(strategy.equals("sse-only") ? "SSEClientTransport"
            : "StreamableHTTPClientTransport");
      } finally {
        chains.forEach(BridgeProcess::close);
      }
    }
  }

  /** mcp-remote → gateway → {@code switchboard bridge} → gateway → fixture. */
  @Test
  void aChainThroughTheBridgeToASecondGateway(@TempDir Path home) throws Exception {
    try (TestGateway first = TestGateway.withFixture()) {
      first.recordIn(home);
      ObjectNode bridge = Json.object().put("command", Fixtures.java());
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          "dev.switchboard.cli.Main", "bridge", "fixture", "--no-start").forEach(bridge.putArray("args")::add);
      bridge.putObject("env").put("SWITCHBOARD_HOME", home.toString());
      ObjectNode servers = Json.object();
      servers.set("fixture", bridge);
      try (TestGateway second = TestGateway.start(servers, gw -> gw.put("defaultServer", "fixture"));
          BridgeProcess chain = mcpRemote(second.mcpUrl("fixture"))) {
        assertThat(chain.initialize().result().path("serverInfo").path("name").asString()).as(chain.stderr())
            .isEqualTo("switchboard-conformance-fixture");
        assertEchoes(chain.call(2, "tools/call", echo("two hops")), "two hops");
        assertThat(chain.endInput()).as(chain.stderr()).isZero();
        assertThat(chain.garbage).isEmpty();
      }
    }
  }

  /**
   * Issue 11: over Streamable HTTP mcp-remote opens a probe session ({@code mcp-remote-fallback-test}) beside the real
   * one, never uses nor closes it, and keeps its GET stream open for as long as it runs; under {@code session} sharing
   * the probe held a child of its own for good. With a short {@code sessions.unusedGrace} the probe's session goes, its
   * stream ended and its child stopped, while the real session, which made a call, stays past the grace and keeps its
   * child; mcp-remote notices nothing.
   */
  @Test
  @Timeout(120)
  void itsProbeSessionIsReapedWithItsChildWhileTheRealOneKeepsWorking() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "session"));
    try (TestGateway gateway = TestGateway.start(servers,
        gw -> gw.put("defaultServer", "fixture").putObject("sessions").put("unusedGrace", "2s"));
        BridgeProcess chain = mcpRemote(gateway.mcpUrl("fixture"), "--transport", "http-first")) {
      Gateway switchboard = gateway.daemon().gateway();
      assertThat(chain.initialize().result().path("serverInfo").path("name").asString()).as(chain.stderr())
          .isEqualTo("switchboard-conformance-fixture");
      long pid = whoami(chain, 2);

      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(switchboard.sessionRegistry().churn().get("fixture")).as("sessions opened, ended: the probe's ended")
            .containsExactly(2, 1);
        assertThat(switchboard.sessionRegistry().all()).singleElement().extracting(s -> s.clientInfo().path("name")
            .asString()).asString().startsWith("bridge-it"); // not mcp-remote-fallback-test
        assertThat(switchboard.health().path("children").asInt()).isEqualTo(1);
      });
      assertThat(chain.stderr()).as("the probe came in through the proxy's own connection test")
          .contains("StreamableHTTPClientTransport");
      // past the grace, the used session stays
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
          .until(() -> switchboard.sessionRegistry().size() == 1 && switchboard.health().path("children").asInt() == 1);

      assertThat(whoami(chain, 3)).as("the real session keeps its child").isEqualTo(pid);
      assertEchoes(chain.call(4, "tools/call", echo("still here")), "still here");
      assertThat(ChildProcesses.running(pid)).isTrue();
      assertThat(switchboard.sessionRegistry().churn().get("fixture")).containsExactly(2, 1);
      assertThat(chain.endInput()).as(chain.stderr()).isZero();
      assertThat(chain.garbage).isEmpty();
    }
  }

  private static long whoami(BridgeProcess chain, long id) throws Exception {
    ObjectNode params = Json.object().put("name", "whoami");
    params.putObject("arguments");
    Message answer = chain.call(id, "tools/call", params);
    assertThat(answer).as(chain.stderr()).isInstanceOf(Message.Response.class);
    return Long.parseLong(((Message.Response) answer).result().path("content").path(0).path("text").asString());
  }

  private BridgeProcess mcpRemote(String url, String... options) throws Exception {
    Path node = Interop.node();
    List<String> command = new ArrayList<>(List.of(node.toString(), Interop.dir().resolve(
        "node_modules/.bin/mcp-remote").toString(), url));
    command.addAll(List.of(options));
    ProcessBuilder pb = new ProcessBuilder(command).directory(Interop.dir().toFile());
    Path home = Files.createDirectories(dir.resolve("home"));
    pb.environment().put("HOME", home.toString());
    pb.environment().put("MCP_REMOTE_CONFIG_DIR", home.resolve("mcp-auth").toString());
    pb.environment().put("PATH", node.getParent() + File.pathSeparator + System.getenv().getOrDefault("PATH", ""));
    return BridgeProcess.launch(pb, dir);
  }

  private static void assertEchoes(Message answer, String text) {
    assertThat(answer).isInstanceOfSatisfying(Message.Response.class, r -> assertThat(r.result().path("content")
        .path(0).path("text").asString()).isEqualTo(text));
  }

  private static ObjectNode echo(String text) {
    ObjectNode params = Json.object().put("name", "echo");
    params.putObject("arguments").put("text", text);
    return params;
  }
}
