package dev.switchboard.upstream.builtin;

import static dev.switchboard.testing.SdkClients.call;
import static dev.switchboard.testing.SdkClients.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.SdkClients;
import dev.switchboard.testing.TestGateway;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The review server behind a real gateway, driven by the official SDK client: one entry with configured roots, one
 * that takes the client's MCP roots through a server-to-client {@code roots/list}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReviewIT {
  @TempDir
  static Path temp;
  static Path project;
  static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    project = Files.createDirectories(temp.resolve("project/src"));
    Files.writeString(project.resolve("db.py"), "cur.execute(f\"SELECT * FROM t WHERE id = {uid}\")\n");
    Files.writeString(project.resolve("App.java"), "class App { String u = \"http://api.acme.io\"; }\n");
    Files.writeString(Files.createDirectories(temp.resolve("outside")).resolve("x.py"), "eval(x)\n");
    ObjectNode servers = Json.object();
    servers.putObject("review").put("builtin", "review").putArray("roots").add(project.getParent().toString());
    servers.putObject("review-roots").put("builtin", "review");
    gateway = TestGateway.start(servers, gw -> {});
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void reviewsFilesUnderTheConfiguredRoots() {
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "review").build()) {
      client.initialize();
      assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
          .containsExactlyInAnyOrder("review_file", "review_paths", "list_rule_sets", "explain_rule");
      JsonNode file = ok(client, "review_file", Map.of("path", "src/db.py"));
      assertThat(file.path("findings").path(0).path("rule").asString()).isEqualTo("injection/sql-formatting");
      JsonNode all = ok(client, "review_paths", Map.of("paths", List.of("src/**")));
      assertThat(all.path("summary").path("files").asInt()).isEqualTo(2);
      assertThat(all.path("summary").path("byRule").path("transport/http-url").asInt()).isEqualTo(1);
      McpSchema.CallToolResult outside = call(client, "review_file", Map.of("path", "../outside/x.py"));
      assertThat(outside.isError()).isTrue();
      assertThat(SdkClients.text(outside)).contains("Refused path");
      assertThat(ok(client, "list_rule_sets", Map.of()).path("ruleSets").size()).isEqualTo(8);
      assertThat(ok(client, "explain_rule", Map.of("id", "secrets/private-key")).path("severity").asString())
          .isEqualTo("critical");
    }
  }

  @Test
  void withoutConfiguredRootsTheClientsRootsApply() {
    McpSchema.Root root = new McpSchema.Root(project.toUri().toString(), "project");
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "review-roots")
        .capabilities(McpSchema.ClientCapabilities.builder().roots(true).build()).roots(root).build()) {
      client.initialize();
      JsonNode result = ok(client, "review_file", Map.of("path", "db.py"));
      assertThat(result.path("roots").toString()).contains(project.getFileName().toString());
      assertThat(result.path("findings").size()).isEqualTo(1);
    }
  }
}
