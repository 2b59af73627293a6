package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.fixture.GroupMemberServer;
import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.Interop;
import dev.switchboard.testing.SdkClients;
import dev.switchboard.testing.TestGateway;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.InitializeResult;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Groups seen by the official SDK client: the conformance fixture (a child per session) and a paging member server
 * (one shared child) behind {@code /mcp/dev}, those two and an SDK-built server filtered behind {@code /mcp/limited},
 * the fixture, the SDK server and {@code @modelcontextprotocol/server-everything} behind {@code /mcp/trio}, a
 * fixture that crash-loops at its first exit and the paging member behind {@code /mcp/shaky}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GroupIT {
  /** How long one unexpected exit keeps {@code wobbly} in a crash loop. */
  private static final Duration CRASH_WINDOW = Duration.ofSeconds(10);
  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    ObjectNode member = Fixtures.server(GroupMemberServer.class.getName()).put("sharing", "shared");
    member.withArray("args").add("--tools").add("3").add("--page").add("2");
    servers.set("member", member);
    servers.set("sdk", Fixtures.server(Fixtures.SDK));
    servers.set("everything", everything());
    ObjectNode wobbly = Fixtures.server(Fixtures.CONFORMANCE);
    wobbly.putObject("restart").put("maxFailures", 1).put("window", CRASH_WINDOW.toSeconds() + "s")
        .put("backoff", "100ms");
    servers.set("wobbly", wobbly);
    gateway = TestGateway.start(servers, gw -> {
      ObjectNode groups = gw.putObject("groups");
      groups.putObject("dev").put("pageSize", 5).put("listTimeout", "60s").putArray("servers").add("fixture")
          .add("member");
      groups.putObject("trio").put("pageSize", 7).put("listTimeout", "60s").putArray("servers").add("fixture")
          .add("sdk").add("everything");
      groups.putObject("shaky").put("listTimeout", "60s").putArray("servers").add("wobbly").add("member");
      groups.putObject("watched").put("listTimeout", "60s").putArray("servers").add("member");
      ObjectNode limited = groups.putObject("limited").put("listTimeout", "60s");
      limited.putArray("servers").add("fixture").add("member").add("sdk");
      limited.putObject("tools").putArray("allow").add("member__*").add("fixture__echo");
      limited.withObject("tools").putArray("deny").add("*grow*");
    });
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void mergedListsFollowEveryMembersPagesUnderOneCursorWithNamesClientsAccept() {
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "dev").build()) {
      client.initialize();
      List<Tool> all = new ArrayList<>();
      ListToolsResult page = client.listTools(null);
      assertThat(page.tools()).hasSize(5);
      int pages = 1;
      all.addAll(page.tools());
      while (page.nextCursor() != null) {
        page = client.listTools(page.nextCursor());
        all.addAll(page.tools());
        pages++;
      }
      List<String> names = all.stream().map(Tool::name).toList();
      assertThat(names).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n).hasSizeLessThanOrEqualTo(64)
          .matches("[a-zA-Z0-9_-]+"));
      assertThat(names).contains("fixture__echo", "fixture__test_sampling", "member__tool_1", "member__tool_3",
          "member__echo", "member__grow");
      assertThat(pages).isGreaterThan(2);
      Tool longOne = all.stream().filter(t -> t.name().startsWith("member__a_tool_whose_name")).findFirst()
          .orElseThrow();
      assertThat(longOne.name()).hasSize(64);
      assertThat(longOne.meta()).containsEntry("dev.switchboard/origin", Map.of("server", "member", "name",
          GroupMemberServer.LONG_NAME));

      assertThat(SdkClients.text(client.callTool(new CallToolRequest(longOne.name(), Map.of("text", "x")))))
          .isEqualTo(GroupMemberServer.LONG_NAME + ":x");
    }
  }

  @Test
  void initializeUnitesTheMembersAndCallsGoToTheOwningMemberUnderTheOriginalName() {
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "dev").build()) {
      InitializeResult init = client.initialize();
      assertThat(init.serverInfo().name()).isEqualTo("switchboard-group-dev");
      // the fixture alone declares logging and resource subscriptions; the paging member alone has instructions
      assertThat(init.capabilities().logging()).as("the fixture's logging").isNotNull();
      assertThat(init.capabilities().resources().subscribe()).as("the fixture's subscriptions").isTrue();
      assertThat(init.capabilities().completions()).isNotNull();
      assertThat(init.capabilities().tools().listChanged()).isTrue();
      assertThat(init.instructions()).as("the member's instructions under its name")
          .isEqualTo("## member (tools prefixed member__)\nNumbered tools for group tests.");
      assertThat(SdkClients.text(client.callTool(new CallToolRequest("member__echo", Map.of("text", "hi")))))
          .isEqualTo("echo:hi");
      assertThat(SdkClients.text(client.callTool(new CallToolRequest("fixture__echo", Map.of("text", "hi")))))
          .isEqualTo("hi");
      assertThatThrownBy(() -> client.callTool(new CallToolRequest("nobody__echo", Map.of())))
          .isInstanceOfSatisfying(McpError.class, e -> {
            assertThat(e.getJsonRpcError().code()).isEqualTo(-32602);
            assertThat(e.getMessage()).contains("Unknown tool: nobody__echo");
          });
    }
  }

  @Test
  void resourceUrisTwoMembersShareGetAReversiblePrefix() {
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "dev").build()) {
      client.initialize();
      List<String> uris = client.listResources().resources().stream().map(Resource::uri).toList();
      assertThat(uris).contains("switchboard-member://fixture/test://static-text",
          "switchboard-member://member/test://static-text").doesNotContain("test://static-text");
      var read = client.readResource(new ReadResourceRequest("switchboard-member://member/test://static-text"));
      assertThat(((TextResourceContents) read.contents().get(0)).text()).isEqualTo("the group member's text");
    }
  }

  @Test
  void filtersHideToolsFromTheListAndFromCalls() {
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "limited").build()) {
      client.initialize();
      List<String> names = client.listTools().tools().stream().map(Tool::name).toList();
      assertThat(names).contains("fixture__echo", "member__echo", "member__tool_2")
          .doesNotContain("member__grow", "fixture__test_sampling");
      assertThatThrownBy(() -> client.callTool(new CallToolRequest("member__grow", Map.of())))
          .isInstanceOfSatisfying(McpError.class, e -> {
            assertThat(e.getJsonRpcError().code()).isEqualTo(-32602);
            assertThat(e.getMessage()).contains("Unknown tool: member__grow");
          });
      assertThatThrownBy(() -> client.callTool(new CallToolRequest("fixture__test_sampling", Map.of())))
          .isInstanceOf(McpError.class).hasMessageContaining("Unknown tool: fixture__test_sampling");
    }
  }

  @Test
  void samplingReachesTheClientThroughTheGroup() {
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "dev")
        .capabilities(ClientCapabilities.builder().sampling().build())
        .sampling(request -> CreateMessageResult.builder().role(Role.ASSISTANT)
            .content(new TextContent("sampled<" + ((TextContent) request.messages().get(0).content()).text() + ">"))
            .model("it-model").build()).build()) {
      client.initialize();
      var result = client.callTool(new CallToolRequest("fixture__test_sampling", Map.of("prompt", "6x7?")));
      assertThat(SdkClients.text(result)).isEqualTo("LLM response: sampled<6x7?>");
    }
  }

  @Test
  void aMembersListChangeReachesEveryClientOfTheGroup() {
    List<List<Tool>> seenByA = new CopyOnWriteArrayList<>();
    List<List<Tool>> seenByB = new CopyOnWriteArrayList<>();
    try (McpSyncClient a = SdkClients.sdk(gateway.baseUrl(), "dev").toolsChangeConsumer(seenByA::add).build();
        McpSyncClient b = SdkClients.sdk(gateway.baseUrl(), "dev").toolsChangeConsumer(seenByB::add).build()) {
      a.initialize();
      b.initialize();
      assertThat(b.listTools().tools()).noneMatch(t -> t.name().startsWith("member__grown_"));
      String grown = SdkClients.text(a.callTool(new CallToolRequest("member__grow", Map.of())));
      await().atMost(Duration.ofSeconds(30)).until(() -> sees(seenByA, "member__" + grown)
          && sees(seenByB, "member__" + grown));
      assertThat(SdkClients.text(b.callTool(new CallToolRequest("member__" + grown, Map.of("text", "new")))))
          .isEqualTo(grown + ":new");
    }
  }

  /**
   * {@code wobbly} (the fixture, in a crash loop after one unexpected exit, for {@link #CRASH_WINDOW}) is out of the
   * group's list while it is down, with {@code list_changed} when it leaves and again when it is back.
   */
  @Test
  void aMemberWhoseChildDiesLeavesAndComesBack() {
    List<List<Tool>> seen = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "shaky").toolsChangeConsumer(seen::add).build()) {
      client.initialize();
      String before = SdkClients.text(client.callTool(new CallToolRequest("wobbly__whoami", Map.of())));
      assertThatThrownBy(() -> client.callTool(new CallToolRequest("wobbly__crash", Map.of())))
          .isInstanceOf(McpError.class);
      await("told it left").atMost(Duration.ofSeconds(30)).until(() -> seen.stream().anyMatch(l -> !has(l, "wobbly__")
          && has(l, "member__echo")));
      int left = seen.size();
      assertThat(allTools(client)).as("the list while it is down").contains("member__echo")
          .noneMatch(n -> n.startsWith("wobbly__"));
      assertThatThrownBy(() -> client.callTool(new CallToolRequest("wobbly__whoami", Map.of())))
          .isInstanceOfSatisfying(McpError.class, e -> assertThat(e.getMessage()).contains("'wobbly'"));
      assertThat(SdkClients.text(client.callTool(new CallToolRequest("member__echo", Map.of("text", "still")))))
          .isEqualTo("echo:still");

      await("told it is back").atMost(CRASH_WINDOW.plusSeconds(30)).until(() -> seen.subList(left, seen.size())
          .stream().anyMatch(l -> has(l, "wobbly__whoami")));
      String after = SdkClients.text(client.callTool(new CallToolRequest("wobbly__whoami", Map.of())));
      assertThat(after).isNotEqualTo(before);
    }
  }

  private static boolean has(List<Tool> tools, String prefix) {
    return tools.stream().anyMatch(t -> t.name().startsWith(prefix));
  }

  /**
   * The fixture, a server built on the Java SDK and {@code @modelcontextprotocol/server-everything} (which adds its
   * sampling tool only after the client's {@code initialized}, with {@code list_changed}) behind one endpoint.
   */
  @Test
  void theFixtureAnSdkServerAndServerEverythingShareOneEndpoint() {
    List<List<Tool>> changes = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "trio").toolsChangeConsumer(changes::add)
        .capabilities(ClientCapabilities.builder().sampling().build())
        .sampling(request -> CreateMessageResult.builder().role(Role.ASSISTANT)
            .content(new TextContent("sampled<" + ((TextContent) request.messages().get(0).content()).text() + ">"))
            .model("it-model").build()).build()) {
      client.initialize();
      await().atMost(Duration.ofSeconds(60)).until(() -> allTools(client).contains(
          "everything__trigger-sampling-request"));
      List<String> names = allTools(client);
      assertThat(names).doesNotHaveDuplicates().contains("sdk__sdk_echo", "sdk__sdk_add", "fixture__echo",
          "everything__echo", "everything__get-sum").allSatisfy(n -> assertThat(n).hasSizeLessThanOrEqualTo(64)
              .matches("[a-zA-Z0-9_-]+")).noneMatch(n -> n.startsWith("member__"));
      assertThat(SdkClients.text(client.callTool(new CallToolRequest("sdk__sdk_add", Map.of("a", 2, "b", 3)))))
          .isEqualTo("5");
      assertThat(SdkClients.text(client.callTool(new CallToolRequest("everything__get-sum", Map.of("a", 2, "b", 3)))))
          .contains("5");
      assertThat(SdkClients.text(client.callTool(new CallToolRequest("everything__echo", Map.of("message", "hi")))))
          .contains("hi");
      assertThat(SdkClients.text(client.callTool(new CallToolRequest("everything__trigger-sampling-request",
          Map.of("prompt", "6x7?", "maxTokens", 20))))).contains("sampled<").contains("6x7?");
      assertThat(client.listPrompts().prompts()).isNotEmpty()
          .allSatisfy(p -> assertThat(p.name()).matches("(fixture|sdk|everything)__.+"))
          .anySatisfy(p -> assertThat(p.name()).startsWith("everything__"));
    }
  }

  /** Requests a group routed are counted under its name: in /health, the status page's data and /metrics. */
  @Test
  void aGroupShowsInHealthTheStatusPageAndMetrics() throws Exception {
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "watched").build()) {
      client.initialize();
      assertThat(SdkClients.text(client.callTool(new CallToolRequest("member__echo", Map.of("text", "seen")))))
          .isEqualTo("echo:seen");
      JsonNode health = Json.parse(get("/health"));
      JsonNode watched = group(health, "watched");
      assertThat(watched.path("state").asString()).isEqualTo("running");
      assertThat(watched.path("connections").asInt()).isEqualTo(1);
      assertThat(watched.path("members").toString()).isEqualTo("[{\"name\":\"member\",\"available\":true}]");

      JsonNode status = group(Json.parse(get("/ui/status.json")), "watched");
      assertThat(status.path("sessions").asInt()).isEqualTo(1);
      assertThat(status.path("calls").asLong()).as("the group's own tools/list pages and the call").isGreaterThan(1);
      assertThat(status.has("p50Ms")).isTrue();

      assertThat(get("/metrics")).contains("switchboard_group_requests_total{group=\"watched\",method=\"tools/call\","
          + "outcome=\"ok\",server=\"member\"} 1.0\n").contains("switchboard_group_member_available{group=\"watched\","
              + "member=\"member\"} 1.0\n").contains("server=\"watched\",transport=\"streamable-http\"} 1.0\n");
    }
  }

  private static JsonNode group(JsonNode report, String name) {
    return report.path("groups").valueStream().filter(g -> g.path("name").asString().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no group " + name + " in " + report));
  }

  private static String get(String path) throws Exception {
    var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(gateway.baseUrl() + path)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  private static List<String> allTools(McpSyncClient client) {
    List<String> names = new ArrayList<>();
    ListToolsResult page = client.listTools(null);
    names.addAll(page.tools().stream().map(Tool::name).toList());
    while (page.nextCursor() != null) {
      page = client.listTools(page.nextCursor());
      names.addAll(page.tools().stream().map(Tool::name).toList());
    }
    return names;
  }

  /** server-everything from interop/ as a stdio server (Node 22 from the node@22 package). */
  private static ObjectNode everything() throws Exception {
    ObjectNode entry = Json.object().put("command", Interop.node().toString());
    entry.putArray("args").add(Interop.dir().resolve("node_modules/@modelcontextprotocol/server-everything/dist/"
        + "index.js").toString()).add("stdio");
    return entry.put("sharing", "shared");
  }

  @Test
  void theLegacySseWireServesTheGroupToo() {
    var transport = io.modelcontextprotocol.client.transport.HttpClientSseClientTransport.builder(gateway.baseUrl())
        .sseEndpoint("/sse/dev").build();
    try (McpSyncClient client = io.modelcontextprotocol.client.McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build()) {
      assertThat(client.initialize().serverInfo().name()).isEqualTo("switchboard-group-dev");
      assertThat(SdkClients.text(client.callTool(new CallToolRequest("member__echo", Map.of("text", "sse")))))
          .isEqualTo("echo:sse");
    }
  }

  private static boolean sees(List<List<Tool>> lists, String name) {
    return lists.stream().anyMatch(l -> l.stream().anyMatch(t -> t.name().equals(name)));
  }
}
