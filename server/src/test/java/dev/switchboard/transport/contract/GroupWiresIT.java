package dev.switchboard.transport.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.transport.StdioTransport;
import dev.switchboard.client.transport.Transport;
import dev.switchboard.fixture.GroupMemberServer;
import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.TestGateway;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A group reached over the wires GroupIT does not use (Streamable HTTP and legacy SSE are there): WebSocket
 * {@code /ws/GROUP}, the seed's {@code POST /rpc/GROUP}, {@code switchboard bridge GROUP} on a pipe and the group's own
 * {@code listen} addresses (TCP and a Unix-domain socket). Each merges both members' tools and routes a call to
 * each. One gateway for the class.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GroupWiresIT {
  private static TestGateway gateway;
  @TempDir
  static Path home;
  /** Short, under /tmp: a socket path is limited to about 100 bytes. */
  private static Path sockets;

  @BeforeAll
  static void start() throws Exception {
    sockets = Files.createTempDirectory(Path.of("/tmp"), "sbg");
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "shared"));
    servers.set("member", Fixtures.server(GroupMemberServer.class.getName()).put("sharing", "shared"));
    gateway = TestGateway.start(servers, gw -> {
      ObjectNode dev = gw.putObject("groups").putObject("dev").put("listTimeout", "60s");
      dev.putArray("servers").add("fixture").add("member");
      dev.putArray("listen").add("tcp://127.0.0.1:0").add("unix:" + socket());
    });
    gateway.recordIn(home);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    try (var files = Files.walk(sockets)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static Path socket() {
    return sockets.resolve("sockets").resolve("dev.sock");
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "rpc", "bridge", "tcp", "unix"})
  void theGroupMergesAndRoutesOverEachWire(String wire) throws Exception {
    try (WireClient client = new WireClient(connect(wire))) {
      JsonNode init = client.initialize(Json.object());
      assertThat(init.path("serverInfo").path("name").asString()).isEqualTo("switchboard-group-dev");
      JsonNode tools = WireClient.result(client.request("tools/list", Json.object()));
      List<String> names = tools.path("tools").valueStream().map(t -> t.path("name").asString()).toList();
      assertThat(names).contains("fixture__echo", "member__echo", "member__tool_1");
      assertThat(text(client, "member__echo", wire)).isEqualTo("echo:" + wire);
      assertThat(text(client, "fixture__echo", wire)).isEqualTo(wire);
    }
  }

  private static String text(WireClient client, String tool, String argument) throws Exception {
    ObjectNode params = Json.object().put("name", tool);
    params.putObject("arguments").put("text", argument);
    return WireClient.result(client.request("tools/call", params)).path("content").path(0).path("text").asString();
  }

  private static Transport connect(String wire) throws Exception {
    return switch (wire) {
      case "websocket" -> new JdkWebSocketTransport(URI.create("ws://127.0.0.1:" + gateway.port() + "/ws/dev"));
      case "rpc" -> new SeedApiTransport(gateway.baseUrl(), "dev");
      case "tcp" -> {
        var tcp = (dev.switchboard.config.ListenAddress.Tcp) gateway.daemon().listening("dev").get(0);
        yield dev.switchboard.client.transport.SocketTransport.tcp(tcp.host(), tcp.port());
      }
      case "unix" -> dev.switchboard.client.transport.SocketTransport.unix(socket());
      default -> new StdioTransport(List.of(Fixtures.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
          System.getProperty("java.class.path"), "dev.switchboard.cli.Main", "bridge", "dev", "--no-start"),
          Map.of("SWITCHBOARD_HOME", home.toString()), null, line -> {});
    };
  }
}
