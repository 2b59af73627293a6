package dev.switchboard.transport.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Interop;
import dev.switchboard.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The official TypeScript SDK's client transports against the gateway's wires — Streamable HTTP, the 2024-11-05
 * HTTP+SSE transport and WebSocket (subprotocol {@code mcp}) — each initializing, listing and calling through to the
 * fixture (interop/transports.mjs, run with Node 22).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TsSdkTransportsIT {
  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.withFixture();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @ParameterizedTest
  @CsvSource({"streamable, http://127.0.0.1:PORT/mcp/fixture", "sse, http://127.0.0.1:PORT/sse/fixture",
      "websocket, ws://127.0.0.1:PORT/ws/fixture"})
  void theTsSdkClientWorksOverEachWire(String kind, String url) throws Exception {
    Path log = Files.createTempFile("ts-sdk-" + kind, ".log");
    try {
      int exit = Interop.run(List.of("node", "transports.mjs", kind, url.replace("PORT",
          Integer.toString(gateway.port()))), log, 180);
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(exit).as(output).isZero();
      String last = output.strip().lines().reduce((a, b) -> b).orElseThrow();
      JsonNode result = Json.parse(last.getBytes(StandardCharsets.UTF_8));
      assertThat(result.path("text").asString()).isEqualTo("ts over " + kind);
      assertThat(result.path("tools").valueStream().map(JsonNode::asString)).contains("echo");
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** The TS SDK's {@code StdioClientTransport} launching {@code switchboard bridge}: how a desktop client uses it. */
  @org.junit.jupiter.api.Test
  void theTsSdkStdioClientLaunchesTheBridge(@org.junit.jupiter.api.io.TempDir Path home) throws Exception {
    gateway.recordIn(home);
    var argv = Json.NODES.arrayNode();
    List.of("/usr/bin/env", "SWITCHBOARD_HOME=" + home, dev.switchboard.testing.Fixtures.java(), "-cp",
        System.getProperty("java.class.path"), "dev.switchboard.cli.Main", "bridge", "fixture", "--no-start")
        .forEach(argv::add);
    theTsSdkClientWorksOverEachWire("stdio", Json.text(argv));
  }
}
