package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.fixture.GroupMemberServer;
import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.SdkClients;
import dev.switchboard.testing.TestGateway;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/** An API key scoped to a group reaches the group and nothing else, and sees only the tools its filter lets through. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GroupKeysIT {
  private static final String KEY = "group-user-0123456789abcdef";

  @Test
  void aKeyScopedToAGroupUsesItWithItsOwnToolFilter() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    servers.set("member", Fixtures.server(GroupMemberServer.class.getName()));
    try (TestGateway gateway = TestGateway.start(servers, gw -> {
      gw.putObject("groups").putObject("dev").put("listTimeout", "60s").put("servers", "*");
      ObjectNode key = gw.putObject("auth").putArray("keys").addObject().put("name", "group-user").put("key", KEY);
      key.putArray("servers").add("dev");
      key.putObject("tools").putArray("deny").add("*echo*");
    })) {
      try (McpSyncClient client = client(gateway, "dev")) {
        client.initialize();
        List<String> names = client.listTools().tools().stream().map(Tool::name).toList();
        assertThat(names).contains("member__tool_1", "fixture__test_simple_text")
            .doesNotContain("member__echo", "fixture__echo");
        assertThat(SdkClients.text(client.callTool(new CallToolRequest("member__tool_1", Map.of("text", "k")))))
            .isEqualTo("tool_1:k");
        assertThatThrownBy(() -> client.callTool(new CallToolRequest("member__echo", Map.of("text", "k"))))
            .isInstanceOf(McpError.class).hasMessageContaining("Unknown tool: member__echo");
      }
      try (McpSyncClient direct = client(gateway, "fixture")) {
        assertThatThrownBy(direct::initialize).as("the key is not scoped to the member itself").isNotNull();
      }
    }
  }

  /**
   * A reload that changes a key's tool filter reaches its open group sessions at once: their merged list is dropped
   * and the client told, so the next list shows what the key may now see (calls follow the filter on each call).
   */
  @Test
  void aReloadedToolFilterChangesTheListOfAnOpenSessionAndTellsItsClient() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("member", Fixtures.server(GroupMemberServer.class.getName()));
    try (TestGateway gateway = TestGateway.start(servers, gw -> keyed(gw, "*echo*"))) {
      List<List<Tool>> told = new java.util.concurrent.CopyOnWriteArrayList<>();
      try (McpSyncClient client = client(gateway, "dev", told::add)) {
        client.initialize();
        assertThat(client.listTools().tools()).extracting(Tool::name).contains("member__tool_1")
            .doesNotContain("member__echo");

        ObjectNode root = Json.object();
        root.set("mcpServers", servers);
        keyed(root.putObject("gateway").put("host", "127.0.0.1").put("port", 0), "*tool_1*");
        var report = gateway.daemon().reload(dev.switchboard.config.ConfigLoader.parse(Json.bytes(root), null));
        assertThat(report.applied()).containsExactly("gateway.auth.keys");

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> told.stream().anyMatch(
            list -> list.stream().anyMatch(t -> t.name().equals("member__echo"))));
        assertThat(client.listTools().tools()).extracting(Tool::name).contains("member__echo")
            .doesNotContain("member__tool_1");
        assertThat(SdkClients.text(client.callTool(new CallToolRequest("member__echo", Map.of("text", "k")))))
            .isEqualTo("echo:k");
      }
    }
  }

  private static void keyed(ObjectNode gw, String deny) {
    gw.putObject("groups").putObject("dev").put("listTimeout", "60s").putArray("servers").add("member");
    ObjectNode key = gw.putObject("auth").putArray("keys").addObject().put("name", "group-user").put("key", KEY);
    key.putArray("servers").add("dev");
    key.putObject("tools").putArray("deny").add(deny);
  }

  private static McpSyncClient client(TestGateway gateway, String endpoint) {
    return client(gateway, endpoint, tools -> {});
  }

  private static McpSyncClient client(TestGateway gateway, String endpoint,
      java.util.function.Consumer<List<Tool>> toolsChanged) {
    var transport = HttpClientStreamableHttpTransport.builder(gateway.baseUrl()).endpoint("/mcp/" + endpoint)
        .httpRequestCustomizer((builder, method, uri, body, context) -> builder.header("Authorization",
            "Bearer " + KEY)).connectTimeout(Duration.ofSeconds(5)).build();
    return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
        .initializationTimeout(Duration.ofSeconds(60)).toolsChangeConsumer(toolsChanged)
        .clientInfo(new McpSchema.Implementation("switchboard-it", "1.0")).build();
  }
}
