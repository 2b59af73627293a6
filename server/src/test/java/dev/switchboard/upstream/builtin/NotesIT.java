package dev.switchboard.upstream.builtin;

import static dev.switchboard.testing.SdkClients.call;
import static dev.switchboard.testing.SdkClients.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.SdkClients;
import dev.switchboard.testing.TestGateway;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The notes server behind a real gateway, driven over Streamable HTTP by the official SDK client: every tool,
 * hostile paths, concurrent edits from two sessions, and resources with watcher-driven updates.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NotesIT {
  @TempDir
  static Path temp;
  static Path vault;
  static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    vault = Files.createDirectories(temp.resolve("vault"));
    Files.createDirectories(vault.resolve("People"));
    Files.writeString(vault.resolve("Inbox.md"), "---\ntags: [todo]\n---\n# Inbox\n- call [[Ada Lovelace]]\n");
    Files.writeString(vault.resolve("People/Ada Lovelace.md"), "# Ada\nWrote the first program. #history\n");
    Files.writeString(Files.createDirectories(temp.resolve("outside")).resolve("secret.md"), "secret");
    ObjectNode servers = Json.object();
    servers.putObject("notes").put("builtin", "notes").put("vault", vault.toString());
    gateway = TestGateway.start(servers, gw -> {});
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void everyToolWorksThroughTheGateway() {
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "notes").build()) {
      client.initialize();
      assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).contains("list_notes", "read_note",
          "search_notes", "create_note", "append_note", "replace_section", "update_frontmatter", "move_note",
          "delete_note", "list_tags", "backlinks", "recent_notes");

      ok(client, "create_note", Map.of("path", "Projects/Plan", "content", "# Plan\n\n## Tasks\n- one\n",
          "frontmatter", Map.of("status", "draft")));
      ok(client, "append_note", Map.of("path", "Projects/Plan", "heading", "Tasks", "content", "- two"));
      ok(client, "replace_section", Map.of("path", "Projects/Plan", "heading", "Tasks", "content", "- done"));
      ok(client, "update_frontmatter", Map.of("path", "Projects/Plan", "set", Map.of("status", "active")));
      JsonNode read = ok(client, "read_note", Map.of("path", "Projects/Plan.md"));
      assertThat(read.path("frontmatter").path("status").asString()).isEqualTo("active");
      assertThat(read.path("content").asString()).contains("## Tasks\n- done\n");

      assertThat(ok(client, "list_notes", Map.of()).path("total").asInt()).isEqualTo(3);
      assertThat(ok(client, "search_notes", Map.of("query", "first program")).path("results").path(0).path("path")
          .asString()).isEqualTo("People/Ada Lovelace.md");
      assertThat(ok(client, "list_tags", Map.of()).toString()).contains("history");
      assertThat(ok(client, "backlinks", Map.of("path", "People/Ada Lovelace")).path("count").asInt()).isEqualTo(1);
      assertThat(ok(client, "recent_notes", Map.of("limit", 1)).path("notes").size()).isEqualTo(1);

      ok(client, "move_note", Map.of("from", "People/Ada Lovelace", "to", "People/Ada"));
      assertThat(ok(client, "read_note", Map.of("path", "Inbox")).path("content").asString()).contains("[[Ada]]");
      assertThat(ok(client, "delete_note", Map.of("path", "Projects/Plan")).path("trashedTo").asString())
          .isEqualTo(".trash/Projects/Plan.md");
    }
  }

  @Test
  void hostilePathsAreToolErrors() {
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "notes").build()) {
      client.initialize();
      for (String path : List.of("../outside/secret", "/etc/passwd", "C:\\Windows\\win.ini", "%2e%2e/outside/secret",
          "a/../../outside/secret", "\\\\server\\share\\x")) {
        McpSchema.CallToolResult result = call(client, "create_note", Map.of("path", path, "content", "pwned"));
        assertThat(result.isError()).as(path).isTrue();
        assertThat(SdkClients.text(result)).contains("Refused path");
      }
    }
    assertThat(temp.resolve("outside").toFile().list()).containsExactly("secret.md");
  }

  @Test
  void concurrentAppendsFromTwoSessionsAllLand() throws Exception {
    try (McpSyncClient one = SdkClients.sdk(gateway.baseUrl(), "notes").build();
        McpSyncClient two = SdkClients.sdk(gateway.baseUrl(), "notes").build();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      one.initialize();
      two.initialize();
      ok(one, "create_note", Map.of("path", "Log", "content", "# Log\n"));
      List<Future<JsonNode>> calls = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 30; i++) {
        McpSyncClient who = i % 2 == 0 ? one : two;
        String line = "- entry " + i;
        calls.add(threads.submit(() -> ok(who, "append_note", Map.of("path", "Log", "content", line))));
      }
      for (Future<JsonNode> call : calls) {
        call.get();
      }
    }
    String log = Files.readString(vault.resolve("Log.md"));
    for (int i = 0; i < 30; i++) {
      assertThat(log).contains("- entry " + i + "\n");
    }
  }

  @Test
  void subscribersHearOfChangesMadeOnDisk() throws Exception {
    List<McpSchema.ResourceContents> updates = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "notes").resourcesUpdateConsumer(updates::addAll)
        .build()) {
      client.initialize();
      ok(client, "create_note", Map.of("path", "Watched", "content", "v1\n"));
      assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri).contains("note://Watched.md");
      assertThat(client.listResourceTemplates().resourceTemplates().get(0).uriTemplate()).isEqualTo("note://{+path}");
      McpSchema.ReadResourceResult read = client.readResource(new McpSchema.ReadResourceRequest("note://Watched.md"));
      assertThat(((McpSchema.TextResourceContents) read.contents().get(0)).text()).isEqualTo("v1\n");

      client.subscribeResource(new McpSchema.SubscribeRequest("note://Watched.md"));
      Files.writeString(vault.resolve("Watched.md"), "v2, written by another editor\n");
      await().atMost(Duration.ofSeconds(20)).until(() -> !updates.isEmpty());
      assertThat(((McpSchema.TextResourceContents) updates.get(updates.size() - 1)).text())
          .isEqualTo("v2, written by another editor\n");
    }
  }
}
