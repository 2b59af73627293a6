package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.Messages;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.SdkClients;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.TestGateway;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.switchboard.testing.StreamableSession;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A legacy client (the official Java SDK, 2025-xx sessions) in front of a stdio server that speaks only 2026-07-28
 * ({@code "protocol": "2026-07-28"}): the handshake comes from the child's {@code server/discover}, every request
 * reaches it with {@code _meta}, and its input-required result becomes a sampling request the SDK's handler answers,
 * after which the call completes — under a per-session child and a shared one; and the same server with no
 * {@code protocol} in its entry, detected by the {@code server/discover} probe after it refuses {@code initialize}.
 */
@Timeout(120)
class StatelessChildIT {
  /** The stateless fixture as {@code modern}, configured as speaking only 2026-07-28. */
  private static ObjectNode modern(String sharing) {
    ObjectNode servers = Json.object();
    servers.set("modern", Fixtures.server("dev.switchboard.fixture.StatelessServer").put("protocol", "2026-07-28")
        .put("sharing", sharing));
    return servers;
  }

  @ParameterizedTest
  @ValueSource(strings = {"session", "shared"})
  void aLegacySessionHearsTheChildsChangesThroughTheListenTheGatewayKeepsOpen(String sharing) throws Exception {
    ObjectNode servers = modern(sharing);
    try (TestGateway gateway = TestGateway.start(servers, gw -> {})) {
      StreamableSession session = StreamableClient.at(gateway.baseUrl(), "modern").open(StreamableClient.VERSION);
      Reply subscribed = session.post(Messages.request(2, "resources/subscribe",
          Json.object().put("uri", "test://watched")));
      assertThat(subscribed.response().has("result")).as(subscribed.body()).isTrue();
      // what the child sends while a request of the session is open comes on that request's stream, in order
      Reply touched = session.call(3, "touch", Json.object().put("uri", "test://watched"));
      assertThat(touched.text()).isEqualTo("touched test://watched for 1 listen(s)");
      assertThat(touched.messages()).extracting(m -> m.path("method").asString(""))
          .containsExactly("notifications/tools/list_changed", "notifications/resources/updated", "");
      JsonNode updated = touched.messages().get(1);
      assertThat(updated.path("params").path("uri").asString()).isEqualTo("test://watched");
      assertThat(updated.path("params").has("_meta")).as("the listen's tag is the gateway's business").isFalse();

      assertThat(session.post(Messages.request(4, "resources/unsubscribe",
          Json.object().put("uri", "test://watched"))).response().has("result")).isTrue();
      Reply again = session.call(5, "touch", Json.object().put("uri", "test://watched"));
      assertThat(again.text()).as("the listen re-opened").isEqualTo("touched test://watched for 1 listen(s)");
      assertThat(again.messages()).extracting(m -> m.path("method").asString(""))
          .as("for list changes only").containsExactly("notifications/tools/list_changed", "");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"session", "shared"})
  void aLegacyClientUsesAStatelessServer(String sharing) throws Exception {
    ObjectNode servers = modern(sharing);
    List<CreateMessageRequest> asked = new CopyOnWriteArrayList<>();
    try (TestGateway gateway = TestGateway.start(servers, gw -> {});
        McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "modern")
            .capabilities(ClientCapabilities.builder().sampling().build())
            .sampling(request -> {
              asked.add(request);
              return CreateMessageResult.builder().role(Role.ASSISTANT).content(new TextContent("Paris"))
                  .model("it-model").build();
            }).build()) {
      var init = client.initialize();
      assertThat(init.serverInfo().name()).isEqualTo("stateless-fixture");
      assertThat(init.instructions()).contains("only 2026-07-28");
      assertThat(client.listTools().tools()).extracting(t -> t.name()).contains("echo", "ask_llm");
      assertThat(SdkClients.text(client.callTool(new CallToolRequest("echo", Map.of("text", "hi"))))).isEqualTo("hi");
      client.ping();
      assertThat(SdkClients.text(client.callTool(new CallToolRequest("capabilities", Map.of())))).contains("sampling");
      String answer = SdkClients.text(client.callTool(new CallToolRequest("ask_llm", Map.of("question",
          "Capital of France?"))));
      assertThat(answer).isEqualTo("The LLM said: Paris");
      assertThat(asked).hasSize(1);
      assertThat(((TextContent) asked.get(0).messages().get(0).content()).text()).isEqualTo("Capital of France?");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"session", "shared"})
  void aStatelessServerWithoutProtocolInItsEntryIsDetected(String sharing) throws Exception {
    ObjectNode servers = Json.object();
    servers.set("modern", Fixtures.server("dev.switchboard.fixture.StatelessServer").put("sharing", sharing));
    try (TestGateway gateway = TestGateway.start(servers, gw -> {});
        McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "modern")
            .capabilities(ClientCapabilities.builder().sampling().build())
            .sampling(request -> CreateMessageResult.builder().role(Role.ASSISTANT)
                .content(new TextContent("Paris")).model("it-model").build()).build()) {
      StreamableClient stateless = new StreamableClient(gateway.mcpUrl("modern"));
      Reply listed = modern(stateless, 1, "tools/list", Json.object(), null);
      assertThat(listed.status()).as(listed.body()).isEqualTo(200);
      assertThat(listed.response().path("result").path("tools").toString()).contains("echo", "ask_llm");
      ObjectNode echo = Json.object().put("name", "echo");
      echo.putObject("arguments").put("text", "stateless");
      assertThat(modern(stateless, 2, "tools/call", echo, "echo").text()).isEqualTo("stateless");

      assertThat(client.initialize().serverInfo().name()).isEqualTo("stateless-fixture");
      assertThat(client.listTools().tools()).extracting(t -> t.name()).contains("echo", "ask_llm");
      assertThat(SdkClients.text(client.callTool(new CallToolRequest("echo", Map.of("text", "hi"))))).isEqualTo("hi");
      assertThat(SdkClients.text(client.callTool(new CallToolRequest("ask_llm", Map.of("question", "Capital?")))))
          .isEqualTo("The LLM said: Paris");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"session", "shared"})
  void aServerThatRefusesBothInitializeAndDiscoverGetsAClearErrorInEachEra(String sharing) throws Exception {
    ObjectNode servers = Json.object();
    ObjectNode neither = Fixtures.server("dev.switchboard.fixture.StatelessServer").put("sharing", sharing);
    ((tools.jackson.databind.node.ArrayNode) neither.get("args")).add("--no-discover");
    servers.set("neither", neither);
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", sharing));
    try (TestGateway gateway = TestGateway.start(servers, gw -> {})) {
      Reply legacy = StreamableClient.at(gateway.baseUrl(), "neither").initialize(StreamableClient.VERSION, "it");
      JsonNode refused = legacy.response().path("error");
      assertThat(refused.path("message").asString()).as(legacy.body())
          .contains("initialize failed", "server/discover", "speaks neither");
      assertThat(legacy.headers().firstValue("Mcp-Session-Id")).as("no session id for a refused handshake")
          .isEmpty();
      assertThat(gateway.daemon().gateway().sessions()).as("no session left by the refusal").isEmpty();

      Reply modernCall = modern(new StreamableClient(gateway.mcpUrl("neither")), 1, "tools/list", Json.object(),
          null);
      JsonNode error = modernCall.response().path("error");
      assertThat(error.path("code").asInt()).as(modernCall.body()).isNotZero();
      assertThat(error.path("message").asString()).as(modernCall.body()).contains("neither");
      assertThat(modernCall.response().path("id").asInt()).isEqualTo(1);

      StreamableSession bystander = StreamableClient.at(gateway.baseUrl(), "fixture").open(StreamableClient.VERSION);
      assertThat(bystander.call(2, "echo", Json.object().put("text", "still here")).text()).isEqualTo("still here");
    }
  }

  /** A 2026-07-28 request: the revision and capabilities in {@code _meta} and in the headers. */
  private static Reply modern(StreamableClient raw, int id, String method, ObjectNode params, String name)
      throws Exception {
    ObjectNode meta = params.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
    meta.putObject("io.modelcontextprotocol/clientCapabilities");
    meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "stateless-child-it").put("version", "1");
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("MCP-Protocol-Version", "2026-07-28");
    headers.put("Mcp-Method", method);
    if (name != null) {
      headers.put("Mcp-Name", name);
    }
    return raw.post(Messages.request(id, method, params), headers);
  }
}
