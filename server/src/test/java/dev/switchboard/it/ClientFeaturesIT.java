package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.SdkClients;
import dev.switchboard.testing.TestGateway;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What flows from server to client through the gateway, seen by the official SDK client: progress with the client's
 * own tokens, log messages, and server-initiated sampling and elicitation answered by the client's handlers.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientFeaturesIT {
  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.withFixture();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void progressReachesTheClientWithItsOwnTokens() throws Exception {
    List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "fixture").progressConsumer(progress::add).build()) {
      client.initialize();
      try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
        var first = CompletableFuture.supplyAsync(() -> client.callTool(slow("token-a")), threads);
        var second = CompletableFuture.supplyAsync(() -> client.callTool(slow("token-b")), threads);
        assertThat(SdkClients.text(first.get(30, TimeUnit.SECONDS))).isEqualTo("done");
        assertThat(SdkClients.text(second.get(30, TimeUnit.SECONDS))).isEqualTo("done");
      }
      CallToolResult third = client.callTool(CallToolRequest.builder("test_tool_with_progress").arguments(Map.of())
          .progressToken(4242).build());
      assertThat(SdkClients.text(third)).contains("progress executed successfully");

      await().atMost(Duration.ofSeconds(10)).until(() -> progress.size() >= 9);
      assertThat(progress).hasSize(9);
      assertThat(progressOf(progress, "token-a")).containsExactly(1.0, 2.0, 3.0);
      assertThat(progressOf(progress, "token-b")).containsExactly(1.0, 2.0, 3.0);
      assertThat(progress.stream().filter(p -> p.progressToken() instanceof Number n && n.intValue() == 4242)
          .map(ProgressNotification::progress).toList()).containsExactly(0.0, 50.0, 100.0);
      assertThat(progress).allSatisfy(p -> assertThat(p.total()).isNotNull());
    }
  }

  @Test
  void logMessagesReachTheLoggingConsumer() {
    List<LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "fixture").loggingConsumer(logs::add).build()) {
      client.initialize();
      client.setLoggingLevel(LoggingLevel.INFO);
      CallToolResult result = client.callTool(new CallToolRequest("test_tool_with_logging", Map.of()));
      assertThat(SdkClients.text(result)).isEqualTo("Tool with logging executed successfully");

      await().atMost(Duration.ofSeconds(10)).until(() -> logs.size() >= 3);
      assertThat(logs).extracting(LoggingMessageNotification::data).containsExactly("Tool execution started",
          "Tool processing data", "Tool execution completed");
      assertThat(logs).allSatisfy(l -> {
        assertThat(l.level()).isEqualTo(LoggingLevel.INFO);
        assertThat(l.logger()).isEqualTo("switchboard-conformance-fixture");
      });
    }
  }

  @Test
  void samplingRequestIsAnsweredByTheClientsHandler() {
    List<CreateMessageRequest> asked = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "fixture")
        .capabilities(ClientCapabilities.builder().sampling().build())
        .sampling(request -> {
          asked.add(request);
          String prompt = ((TextContent) request.messages().get(0).content()).text();
          return CreateMessageResult.builder().role(Role.ASSISTANT).content(new TextContent("echoed<" + prompt + ">"))
              .model("it-model").build();
        }).build()) {
      client.initialize();
      CallToolResult result = client.callTool(new CallToolRequest("test_sampling", Map.of("prompt",
          "what is 6x7?")));
      assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(SdkClients.text(result)).isEqualTo("LLM response: echoed<what is 6x7?>");
      assertThat(asked).hasSize(1);
      assertThat(asked.get(0).maxTokens()).isEqualTo(100);
    }
  }

  @Test
  void elicitationRequestIsAnsweredByTheClientsHandler() {
    List<ElicitFormRequest> asked = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "fixture")
        .capabilities(ClientCapabilities.builder().elicitation().build())
        .elicitation(request -> {
          asked.add(request);
          return new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("username", "ada", "email",
              "ada@example.com"));
        }).build()) {
      client.initialize();
      CallToolResult result = client.callTool(new CallToolRequest("test_elicitation", Map.of("message",
          "Who are you?")));
      assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(SdkClients.text(result)).startsWith("User response: action=accept, content=")
          .contains("\"username\":\"ada\"").contains("\"email\":\"ada@example.com\"");
      assertThat(asked).hasSize(1);
      assertThat(asked.get(0).message()).isEqualTo("Who are you?");
      assertThat(asked.get(0).requestedSchema()).containsKey("properties");
    }
  }

  private static CallToolRequest slow(String token) {
    return CallToolRequest.builder("slow").arguments(Map.of("ms", 300, "steps", 3)).progressToken(token).build();
  }

  private static List<Double> progressOf(List<ProgressNotification> all, String token) {
    return all.stream().filter(p -> token.equals(p.progressToken())).map(ProgressNotification::progress).toList();
  }
}
