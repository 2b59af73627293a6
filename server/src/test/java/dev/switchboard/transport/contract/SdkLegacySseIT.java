package dev.switchboard.transport.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.TestGateway;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The official Java SDK's HTTP+SSE (2024-11-05) client transport through {@code /sse/NAME}: a client no one here wrote. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SdkLegacySseIT {
  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.withFixture(e -> e.put("ssePath", "/legacy/fixture/sse"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void theSdksSseClientInitializesListsAndCalls() {
    initializeListAndCall("/sse/fixture");
  }

  /** A server's own {@code ssePath}, as a client configured for another gateway's URL would use it. */
  @Test
  void theServersOwnSsePathServesTheSameTransport() {
    initializeListAndCall("/legacy/fixture/sse");
  }

  private static void initializeListAndCall(String path) {
    var transport = HttpClientSseClientTransport.builder(gateway.baseUrl()).sseEndpoint(path).build();
    try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
        .clientInfo(new McpSchema.Implementation("sdk-legacy-sse", "1.0")).build()) {
      McpSchema.InitializeResult init = client.initialize();
      assertThat(init.serverInfo().name()).isNotEmpty();
      assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).contains("echo");
      McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("echo",
          Map.of("text", "through the 2024-11-05 transport")));
      assertThat(((McpSchema.TextContent) result.content().get(0)).text())
          .isEqualTo("through the 2024-11-05 transport");
    }
  }
}
