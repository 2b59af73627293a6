package dev.switchboard.upstream.builtin.notes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.upstream.builtin.RecordingClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The vault is the notes server's only root: a client that declares MCP roots — even {@code file:///} — cannot
 * widen it, and the server never asks for them.
 */
@Timeout(60)
class NotesClientRootsTest {
  @TempDir
  Path temp;
  NotesServer server;
  RecordingClient client;

  @BeforeEach
  void setUp() throws Exception {
    Path vault = Files.createDirectories(temp.resolve("vault"));
    Files.writeString(vault.resolve("Inbox.md"), "# Inbox\n");
    Files.writeString(Files.createDirectories(temp.resolve("outside")).resolve("secret.md"), "outside secret");
    server = NotesServer.open(vault, "test");
    server.awaitIndexed(Duration.ofSeconds(30));
    client = new RecordingClient(server);
    client.initialize(Json.object().set("roots", Json.object().put("listChanged", true)));
    client.answerWith(r -> Json.parse("{\"roots\":[{\"uri\":\"file:///\"},{\"uri\":\""
        + temp.resolve("outside").toUri() + "\"}]}"));
    client.upstream().send(Message.notification("notifications/roots/list_changed", null));
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  @Test
  void clientRootsDoNotWidenTheVault() {
    String outside = temp.resolve("outside/secret.md").toString();
    for (String path : new String[] {outside, "/etc/passwd", "../outside/secret.md", "file:///etc/passwd",
        temp.resolve("outside").toUri() + "secret.md"}) {
      JsonNode read = client.call("read_note", Json.object().put("path", path));
      assertThat(read.path("isError").asBoolean()).as("read_note %s: %s", path, read).isTrue();
      assertThat(read.toString()).doesNotContain("outside secret");
    }
    JsonNode create = client.call("create_note", Json.object().put("path", temp.resolve("outside/new.md").toString())
        .put("content", "x"));
    assertThat(create.path("isError").asBoolean()).as("create_note outside: %s", create).isTrue();
    assertThat(Files.exists(temp.resolve("outside/new.md"))).isFalse();

    Message resource = client.send("resources/read", Json.object().put("uri", "note://../outside/secret.md"));
    assertThat(resource.node().toString()).doesNotContain("outside secret");

    JsonNode all = client.ok("list_notes", Json.object());
    assertThat(all.path("total").asInt()).isEqualTo(1);
    assertThat(client.serverRequests()).as("the notes server never asks for the client's roots").isEmpty();
  }
}
