package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The official SDK client pointed at one server of a test gateway, and helpers to call tools and read results. The
 * SDK client is thread-safe; its requests are bounded by {@link StreamableClient#TIMEOUT}.
 */
public final class SdkClients {
  private SdkClients() {}

  /** A client builder for {@code baseUrl}'s endpoint {@code /mcp/{server}}; the caller may add consumers. */
  public static McpClient.SyncSpec sdk(String baseUrl, String server) {
    var transport = HttpClientStreamableHttpTransport.builder(baseUrl).endpoint("/mcp/" + server)
        .connectTimeout(Duration.ofSeconds(5)).build();
    return McpClient.sync(transport).requestTimeout(StreamableClient.TIMEOUT)
        .initializationTimeout(StreamableClient.TIMEOUT)
        .clientInfo(McpSchema.Implementation.builder("switchboard-it", "1.0").build());
  }

  /** Calls a tool; returns its result (which may be an error result). */
  public static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
    return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
  }

  /** The structured content of a successful call, as JSON. */
  public static JsonNode ok(McpSyncClient client, String tool, Map<String, Object> arguments) {
    McpSchema.CallToolResult result = call(client, tool, arguments);
    if (Boolean.TRUE.equals(result.isError())) {
      throw new AssertionError(tool + " failed: " + text(result));
    }
    return Json.parse(text(result));
  }

  /** The first content block's text; asserts there is content. */
  public static String text(McpSchema.CallToolResult result) {
    assertThat(result.content()).as("content of %s", result).isNotEmpty();
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }
}
