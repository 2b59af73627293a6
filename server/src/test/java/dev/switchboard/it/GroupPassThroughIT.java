package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.fixture.GroupMemberServer;
import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Exchange;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.Messages;
import dev.switchboard.testing.SdkClients;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.CompleteRequest;
import io.modelcontextprotocol.spec.McpSchema.CompleteRequest.CompleteArgument;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceReference;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a single server's client gets besides answers, through a group: progress, log messages after
 * {@code logging/setLevel}, elicitation, cancellation, prompt and resource list changes, merged resource templates and
 * completions. {@code /mcp/dev} serves the conformance fixture (a child per session), its {@code twin} (one shared
 * child) and the paging member server (shared), whose resource template is the fixture's too.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GroupPassThroughIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    servers.set("twin", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "shared"));
    servers.set("member", Fixtures.server(GroupMemberServer.class.getName()).put("sharing", "shared"));
    gateway = TestGateway.start(servers, gw -> gw.putObject("groups").putObject("dev").put("listTimeout", "60s")
        .putArray("servers").add("fixture").add("twin").add("member"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void progressReachesTheClientUnderItsOwnToken() {
    List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "dev").progressConsumer(progress::add).build()) {
      client.initialize();
      var result = client.callTool(CallToolRequest.builder("fixture__test_tool_with_progress").arguments(Map.of())
          .progressToken("group-token").build());
      assertThat(SdkClients.text(result)).contains("progress executed successfully");
      await().atMost(WAIT).until(() -> progress.size() >= 3);
      assertThat(progress).allSatisfy(p -> assertThat(p.progressToken()).isEqualTo("group-token"))
          .extracting(ProgressNotification::progress).containsExactly(0.0, 50.0, 100.0);
    }
  }

  /** The level reaches every member: below it nothing is sent, at it each member's message arrives. */
  @Test
  void logMessagesFollowTheLevelTheClientSet() {
    List<LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "dev").loggingConsumer(logs::add).build()) {
      client.initialize();
      client.setLoggingLevel(LoggingLevel.WARNING);
      logEcho(client, "fixture__log_echo", "quiet-fixture");
      logEcho(client, "twin__log_echo", "quiet-twin");
      client.setLoggingLevel(LoggingLevel.INFO);
      logEcho(client, "fixture__log_echo", "loud-fixture");
      logEcho(client, "twin__log_echo", "loud-twin");
      await().atMost(WAIT).until(() -> logs.size() >= 2);
      assertThat(logs).extracting(LoggingMessageNotification::data).containsExactly("loud-fixture", "loud-twin");
      assertThat(logs).allSatisfy(l -> {
        assertThat(l.level()).isEqualTo(LoggingLevel.INFO);
        assertThat(l.logger()).isEqualTo("switchboard-conformance-fixture");
      });
    }
  }

  @Test
  void elicitationIsAnsweredByTheClientsHandler() {
    List<ElicitFormRequest> asked = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "dev")
        .capabilities(ClientCapabilities.builder().elicitation().build())
        .elicitation(request -> {
          asked.add(request);
          return new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("username", "ada", "email", "ada@example.com"));
        }).build()) {
      client.initialize();
      var result = client.callTool(new CallToolRequest("twin__test_elicitation", Map.of("message", "Who are you?")));
      assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(SdkClients.text(result)).startsWith("User response: action=accept, content=")
          .contains("\"username\":\"ada\"");
      assertThat(asked).singleElement().satisfies(r -> assertThat(r.message()).isEqualTo("Who are you?"));
    }
  }

  /**
   * The SDK client cannot cancel (it sends no {@code notifications/cancelled}), so a plain Streamable HTTP session
   * does: the call's stream ends without an answer, the fixture's child stops it, the twin hears of nothing.
   */
  @Test
  void aCancelledCallEndsAndOnlyItsMembersChildIsTold() throws Exception {
    StreamableSession session = StreamableClient.at(gateway.baseUrl(), "dev").open(StreamableClient.VERSION,
        "canceller");
    try (Exchange call = session.start(Messages.toolCall(7, "fixture__slow", Json.object().put("ms", 60_000)
        .put("steps", 120), "slow-token"))) {
      call.await(m -> Messages.isNotification(m, "notifications/progress"), WAIT, "first progress");
      session.cancel(7, "the test changed its mind");
      assertThat(call.awaitEnd(WAIT)).as("the call's stream ends").isTrue();
      assertThat(call.seen()).noneMatch(Messages::isResponse);
    }
    JsonNode fixture = Json.parse(session.call(8, "fixture__cancelled_ids", Json.object()).text());
    assertThat(fixture.path("inFlight")).as("cancellations of running calls, in the fixture").hasSize(1);
    assertThat(fixture.path("unknown")).isEmpty();
    JsonNode twin = Json.parse(session.call(9, "twin__cancelled_ids", Json.object()).text());
    assertThat(twin.path("inFlight")).as("the twin was not told").isEmpty();
    assertThat(twin.path("unknown")).isEmpty();
    AtomicInteger ids = new AtomicInteger(10);
    await("the cancelled call stopped").atMost(WAIT).until(() -> session.call(ids.getAndIncrement(),
        "fixture__in_flight", Json.object()).text().equals("0"));
  }

  /** The lists were merged before the change: the client's new lists show the change, so the cache went with it. */
  @Test
  void aMembersPromptAndResourceListChangesReachTheClient() {
    List<List<Prompt>> prompts = new CopyOnWriteArrayList<>();
    List<List<Resource>> resources = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "dev").promptsChangeConsumer(prompts::add)
        .resourcesChangeConsumer(resources::add).build()) {
      client.initialize();
      List<String> before = client.listPrompts().prompts().stream().map(Prompt::name).toList();
      assertThat(client.listResources().resources()).as("merged, and so cached").isNotEmpty();
      String prompt = "member__" + grow(client, "prompts");
      assertThat(before).contains("member__greet").doesNotContain(prompt);
      await("prompts list_changed").atMost(WAIT).until(() -> prompts.stream().anyMatch(l -> l.stream()
          .anyMatch(p -> p.name().equals(prompt))));
      String uri = grow(client, "resources");
      await("resources list_changed").atMost(WAIT).until(() -> resources.stream().anyMatch(l -> l.stream()
          .anyMatch(r -> r.uri().equals(uri))));
    }
  }

  /** Three members share one template: each gets the reversible prefix, and a completion goes to its owner. */
  @Test
  void templatesAreMergedAndAResourceCompletionGoesToTheTemplatesMember() {
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "dev").build()) {
      client.initialize();
      List<String> templates = client.listResourceTemplates().resourceTemplates().stream()
          .map(ResourceTemplate::uriTemplate).toList();
      String template = GroupMemberServer.TEMPLATE;
      assertThat(templates).containsExactly("switchboard-member://fixture/" + template,
          "switchboard-member://twin/" + template, "switchboard-member://member/" + template);

      assertThat(complete(client, "switchboard-member://member/" + template, "4"))
          .as("the member's answer, naming the template it was given").containsExactly("member:" + template + ":4");
      assertThat(complete(client, "switchboard-member://fixture/" + template, "4"))
          .as("the fixture's answer (it offers no values)").isEmpty();
    }
  }

  private static List<String> complete(McpSyncClient client, String uri, String value) {
    return client.completeCompletion(new CompleteRequest(new ResourceReference(uri), new CompleteArgument("id",
        value))).completion().values();
  }

  private static void logEcho(McpSyncClient client, String tool, String text) {
    assertThat(SdkClients.text(client.callTool(new CallToolRequest(tool, Map.of("text", text))))).isEqualTo(text);
  }

  private static String grow(McpSyncClient client, String list) {
    return SdkClients.text(client.callTool(new CallToolRequest("member__grow", Map.of("list", list))));
  }
}
