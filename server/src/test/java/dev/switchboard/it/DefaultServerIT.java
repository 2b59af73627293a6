package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.Messages;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.TestGateway;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /mcp} serves {@code gateway.defaultServer}, else the only server the user configured: the built-in
 * {@code switchboard} server that is always there does not count, one the user listed does.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DefaultServerIT {
  @Test
  void theOnlyConfiguredServerIsServedAtMcpAlsoAfterAReload() throws Exception {
    try (TestGateway gateway = TestGateway.start(servers(s -> {}), gw -> {})) {
      assertThat(serverName(gateway)).isEqualTo("switchboard-conformance-fixture");

      var report = gateway.daemon().reload(config(servers(s -> {}), gw -> gw.put("shutdownGrace", "3s")));
      assertThat(report.toJson().toString()).contains("gateway.shutdownGrace");
      assertThat(serverName(gateway)).isEqualTo("switchboard-conformance-fixture");
    }
  }

  @Test
  void anExplicitBuiltinEntryCountsAndDefaultServerWins() throws Exception {
    Consumer<ObjectNode> withBuiltin = s -> s.putObject("switchboard").put("builtin", "switchboard");
    try (TestGateway gateway = TestGateway.start(servers(withBuiltin), gw -> {})) {
      Reply reply = new StreamableClient(gateway.baseUrl() + "/mcp").post(Messages.initialize(1, "2025-06-18"), Map
          .of());
      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.errorMessage()).contains("several servers are configured");
    }
    try (TestGateway gateway = TestGateway.start(servers(s -> {}), gw -> gw.put("defaultServer", "switchboard"))) {
      assertThat(serverName(gateway)).isEqualTo("switchboard");
    }
  }

  private static String serverName(TestGateway gateway) throws Exception {
    Reply reply = new StreamableClient(gateway.baseUrl() + "/mcp").post(Messages.initialize(1, "2025-06-18"), Map.of());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.response().path("result").path("serverInfo").path("name").asString();
  }

  private static ObjectNode servers(Consumer<ObjectNode> more) {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    more.accept(servers);
    return servers;
  }

  private static dev.switchboard.config.Config config(ObjectNode servers, Consumer<ObjectNode> gateway) {
    ObjectNode root = Json.object();
    root.set("mcpServers", servers);
    gateway.accept(root.putObject("gateway").put("host", "127.0.0.1").put("port", 0));
    return ConfigLoader.parse(Json.bytes(root), null);
  }
}
