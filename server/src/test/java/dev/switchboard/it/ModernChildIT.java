package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Exchange;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.Messages;
import dev.switchboard.testing.SdkClients;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.Root;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The official Java SDK (a legacy client) in front of a stdio server that speaks only 2026-07-28, beyond
 * {@link StatelessChildIT}'s one sampling input: form elicitation and roots inputs, several inputs in one round,
 * several rounds with an opaque {@code requestState}, progress under the client's token, the client's cancellation
 * reaching the child, log messages at the session's level, a capability the client lacks, and — on a shared child —
 * each session's own capabilities and log level in every request's {@code _meta}.
 */
@Timeout(120)
class ModernChildIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static ObjectNode modern(String sharing) {
    ObjectNode servers = Json.object();
    ObjectNode entry = Fixtures.server("dev.switchboard.fixture.StatelessServer").put("protocol", "2026-07-28")
        .put("sharing", sharing);
    if (sharing.equals("shared")) {
      entry.putArray("roots").add("/configured-root"); // a shared child never sees a client's roots
    }
    servers.set("modern", entry);
    return servers;
  }

  /** A client that declares {@code caps} and answers sampling with "blue" and elicitation with the name Ada. */
  private static McpClient.SyncSpec client(TestGateway gateway, ClientCapabilities caps, AtomicInteger asked) {
    return SdkClients.sdk(gateway.baseUrl(), "modern").capabilities(caps).roots(new Root("file:///work", "work"))
        .sampling(request -> {
          asked.incrementAndGet();
          return CreateMessageResult.builder().role(Role.ASSISTANT).content(new TextContent("blue"))
              .model("it-model").build();
        }).elicitation(request -> {
          asked.incrementAndGet();
          return new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("name", "Ada"));
        });
  }

  private static ClientCapabilities all() {
    return ClientCapabilities.builder().sampling().elicitation().roots(false).build();
  }

  private static String call(McpSyncClient client, String tool) {
    return SdkClients.text(client.callTool(new CallToolRequest(tool, Map.of())));
  }

  @ParameterizedTest
  @ValueSource(strings = {"session", "shared"})
  void elicitationAndRootsInputsAreAskedOfTheLegacyClient(String sharing) throws Exception {
    AtomicInteger asked = new AtomicInteger();
    try (TestGateway gateway = TestGateway.start(modern(sharing), gw -> {});
        McpSyncClient client = client(gateway, all(), asked).build()) {
      client.initialize();
      assertThat(call(client, "ask_user")).isEqualTo("Hello, Ada");
      assertThat(asked).hasValue(1);
      assertThat(call(client, "list_roots")).as("a shared child gets the configured roots, a session's the client's")
          .isEqualTo(sharing.equals("shared") ? "roots: file:///configured-root" : "roots: file:///work");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"session", "shared"})
  void severalInputsInOneRoundAndSeveralRoundsComplete(String sharing) throws Exception {
    AtomicInteger asked = new AtomicInteger();
    try (TestGateway gateway = TestGateway.start(modern(sharing), gw -> {});
        McpSyncClient client = client(gateway, all(), asked).build()) {
      client.initialize();
      assertThat(call(client, "ask_two")).isEqualTo("LLM: blue; Hello, Ada");
      assertThat(asked).as("one sampling, one elicitation").hasValue(2);
      assertThat(call(client, "two_rounds")).as("each round's state came back unchanged")
          .isEqualTo("first: blue; second: Hello, Ada; answers in the last retry: [second]");
      assertThat(asked).hasValue(4);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"session", "shared"})
  void aCapabilityTheClientLacksIsNeverAskedOf(String sharing) throws Exception {
    AtomicInteger asked = new AtomicInteger();
    try (TestGateway gateway = TestGateway.start(modern(sharing), gw -> {});
        McpSyncClient client = client(gateway, ClientCapabilities.builder().sampling().build(), asked).build()) {
      client.initialize();
      assertThatThrownBy(() -> call(client, "ask_user")).isInstanceOfSatisfying(McpError.class, e -> {
        assertThat(e.getJsonRpcError().code()).as("the child's own refusal, told the session's capabilities")
            .isEqualTo(-32021);
        assertThat(e.getJsonRpcError().message()).contains("elicitation");
      });
      assertThat(asked).as("the client was not asked").hasValue(0);
      assertThat(SdkClients.text(client.callTool(new CallToolRequest("echo", Map.of("text", "still here")))))
          .isEqualTo("still here");
    }
  }

  @Test
  void progressReachesTheLegacyClientUnderItsOwnToken() throws Exception {
    List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
    try (TestGateway gateway = TestGateway.start(modern("session"), gw -> {});
        McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "modern").progressConsumer(progress::add).build()) {
      client.initialize();
      var request = CallToolRequest.builder().name("slow_progress").arguments(Map.of("steps", 3))
          .progressToken("tok-7").build();
      assertThat(SdkClients.text(client.callTool(request))).isEqualTo("done 3 steps");
      await().atMost(WAIT).until(() -> progress.size() == 3);
      assertThat(progress).extracting(ProgressNotification::progressToken).containsOnly("tok-7");
      // the SDK hands each notification to its consumer on its own, so their order is not the wire's (LinkTest holds
      // the gateway's order)
      assertThat(progress).extracting(ProgressNotification::progress).containsExactlyInAnyOrder(1.0, 2.0, 3.0);
    }
  }

  @Test
  void theClientsCancellationStopsTheChildsWork() throws Exception {
    try (TestGateway gateway = TestGateway.start(modern("session"), gw -> {})) {
      StreamableSession session = StreamableClient.at(gateway.baseUrl(), "modern").open(StreamableClient.VERSION);
      try (Exchange slow = session.start(Messages.toolCall(9, "slow_progress", Json.object().put("steps", 5000),
          "p-9"))) {
        JsonNode first = slow.await(m -> Messages.isNotification(m, "notifications/progress"), WAIT, "progress");
        assertThat(first.path("params").path("progressToken").asString()).isEqualTo("p-9");
        session.cancel(9, "enough");
        await().atMost(WAIT).until(() -> session.call(10, "cancellations", Json.object()).text().equals("1"));
      }
    }
  }

  @Test
  void logMessagesComeAtTheSessionsLevelAndNoneBeforeItSetsOne() throws Exception {
    List<LoggingMessageNotification> logged = new CopyOnWriteArrayList<>();
    try (TestGateway gateway = TestGateway.start(modern("session"), gw -> {});
        McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "modern").loggingConsumer(logged::add).build()) {
      client.initialize();
      assertThat(call(client, "log_levels")).as("2026-07-28: no logLevel, no log messages")
          .isEqualTo("sent 0 at level null");
      client.setLoggingLevel(LoggingLevel.WARNING);
      assertThat(call(client, "log_levels")).isEqualTo("sent 2 at level warning");
      await().atMost(WAIT).until(() -> logged.size() == 2);
      // in any order: the SDK hands each notification to its consumer on its own, and a message that names no
      // request may go on the session's standalone stream rather than the call's
      assertThat(logged).extracting(LoggingMessageNotification::data)
          .containsExactlyInAnyOrder("warning message", "error message");
    }
  }

  @Test
  void aSharedChildSeesEachSessionsOwnCapabilitiesAndLogLevel() throws Exception {
    List<LoggingMessageNotification> loggedA = new CopyOnWriteArrayList<>();
    List<LoggingMessageNotification> loggedB = new CopyOnWriteArrayList<>();
    AtomicInteger asked = new AtomicInteger();
    try (TestGateway gateway = TestGateway.start(modern("shared"), gw -> {});
        McpSyncClient a = client(gateway, ClientCapabilities.builder().sampling().build(), asked)
            .loggingConsumer(loggedA::add).clientInfo(McpSchema.Implementation.builder("client-a", "1.0").build())
            .build();
        McpSyncClient b = client(gateway, ClientCapabilities.builder().elicitation().build(), asked)
            .loggingConsumer(loggedB::add).clientInfo(McpSchema.Implementation.builder("client-b", "2.0").build())
            .build()) {
      a.initialize();
      b.initialize();
      a.setLoggingLevel(LoggingLevel.WARNING);
      b.setLoggingLevel(LoggingLevel.DEBUG);
      JsonNode metaA = Json.parse(call(a, "meta"));
      JsonNode metaB = Json.parse(call(b, "meta"));
      assertThat(metaA.path("io.modelcontextprotocol/clientCapabilities").propertyNames()).contains("sampling")
          .doesNotContain("elicitation");
      assertThat(metaB.path("io.modelcontextprotocol/clientCapabilities").propertyNames()).contains("elicitation")
          .doesNotContain("sampling");
      assertThat(metaA.path("io.modelcontextprotocol/clientInfo").path("name").asString()).isEqualTo("client-a");
      assertThat(metaB.path("io.modelcontextprotocol/clientInfo").path("name").asString()).isEqualTo("client-b");
      assertThat(metaA.path("io.modelcontextprotocol/logLevel").asString()).isEqualTo("warning");
      assertThat(metaB.path("io.modelcontextprotocol/logLevel").asString()).isEqualTo("debug");

      assertThat(call(a, "log_levels")).isEqualTo("sent 2 at level warning");
      assertThat(call(b, "log_levels")).isEqualTo("sent 4 at level debug");
      await().atMost(WAIT).until(() -> loggedA.size() == 2 && loggedB.size() == 4);
      assertThat(call(b, "ask_user")).isEqualTo("Hello, Ada");
      assertThatThrownBy(() -> call(a, "ask_user")).isInstanceOf(McpError.class);
      assertThat(asked).as("only b was asked").hasValue(1);
    }
  }

  @Test
  void twoSessionsOfASharedChildAskedAtOnceEachGetTheirOwnQuestion() throws Exception {
    CountDownLatch bothAsked = new CountDownLatch(2);
    try (TestGateway gateway = TestGateway.start(modern("shared"), gw -> {});
        McpSyncClient a = waiting(gateway, "Ann", bothAsked);
        McpSyncClient b = waiting(gateway, "Bob", bothAsked);
        var threads = Executors.newVirtualThreadPerTaskExecutor()) { // the common pool may have one thread
      a.initialize();
      b.initialize();
      var fromA = CompletableFuture.supplyAsync(() -> call(a, "ask_user"), threads);
      var fromB = CompletableFuture.supplyAsync(() -> call(b, "ask_user"), threads);
      assertThat(fromA.get(20, TimeUnit.SECONDS)).isEqualTo("Hello, Ann");
      assertThat(fromB.get(20, TimeUnit.SECONDS)).isEqualTo("Hello, Bob");
    }
  }

  /** A client whose elicitation answers {@code name} once both clients have been asked: their calls overlap. */
  private static McpSyncClient waiting(TestGateway gateway, String name, CountDownLatch bothAsked) {
    return SdkClients.sdk(gateway.baseUrl(), "modern").capabilities(ClientCapabilities.builder().elicitation()
        .build()).elicitation(request -> {
          bothAsked.countDown();
          try {
            assertThat(bothAsked.await(10, TimeUnit.SECONDS)).as("the other client was asked too").isTrue();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("name", name));
        }).build();
  }
}
