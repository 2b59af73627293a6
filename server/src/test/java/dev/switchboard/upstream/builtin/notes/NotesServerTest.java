package dev.switchboard.upstream.builtin.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.upstream.builtin.RecordingClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Every notes tool and resource method, called the way the gateway calls them: through the in-process upstream. */
@Timeout(60)
class NotesServerTest {
  @TempDir
  Path temp;
  Path vaultDir;
  TestVault files;
  NotesServer server;
  RecordingClient client;

  @BeforeEach
  void setUp() throws Exception {
    vaultDir = Files.createDirectories(temp.resolve("vault"));
    Files.writeString(Files.createDirectories(temp.resolve("outside")).resolve("secret.md"), "secret");
    Files.createSymbolicLink(vaultDir.resolve("escape"), temp.resolve("outside"));
    files = new TestVault(vaultDir)
        .note("Inbox.md", "---\ntags: [todo]\n---\n# Inbox\n- call [[Ada Lovelace]]\n")
        .note("People/Ada Lovelace.md", "# Ada\nWrote the first program. #history\n")
        .note("Projects/Plan.md", "# Plan\n\n## Tasks\n- one\n\n## Notes\nBudget talk.\n");
    server = NotesServer.open(vaultDir, "test");
    server.awaitIndexed(Duration.ofSeconds(30));
    client = new RecordingClient(server);
    client.initialize();
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  @Test
  void advertisesToolsAndSubscribableResources() {
    JsonNode tools = client.request("tools/list", null).path("tools");
    List<String> names = new ArrayList<>();
    tools.forEach(t -> names.add(t.path("name").asString()));
    assertThat(names).containsExactlyInAnyOrder("list_notes", "read_note", "search_notes", "list_tags", "backlinks",
        "recent_notes", "create_note", "append_note", "replace_section", "update_frontmatter", "move_note",
        "delete_note");
    tools.forEach(t -> assertThat(t.path("inputSchema").path("type").asString()).isEqualTo("object"));
  }

  @Test
  void listsReadsAndSearches() {
    JsonNode list = client.ok("list_notes", Json.object().put("folder", "People"));
    assertThat(list.path("notes").path(0).path("path").asString()).isEqualTo("People/Ada Lovelace.md");
    JsonNode sorted = client.ok("list_notes", Json.object().put("sort", "path").put("limit", 2));
    assertThat(sorted.path("total").asInt()).isEqualTo(3);
    assertThat(sorted.path("nextOffset").asInt()).isEqualTo(2);
    assertThat(client.ok("list_notes", Json.object().put("glob", "Pl*")).path("notes").size()).isEqualTo(1);

    JsonNode note = client.ok("read_note", Json.object().put("path", "Inbox"));
    assertThat(note.path("frontmatter").path("tags").toString()).isEqualTo("[\"todo\"]");
    assertThat(note.path("links").path(0).path("resolved").asString()).isEqualTo("People/Ada Lovelace.md");
    assertThat(note.path("content").asString()).startsWith("---\ntags");
    assertThat(client.ok("read_note", Json.object().put("path", "Projects/Plan.md").put("section", "Tasks"))
        .path("content").asString()).isEqualTo("## Tasks\n- one\n\n");

    JsonNode found = client.ok("search_notes", Json.object().put("query", "first program"));
    assertThat(found.path("results").path(0).path("path").asString()).isEqualTo("People/Ada Lovelace.md");
    assertThat(found.path("results").path(0).path("snippets").path(0).path("line").asInt()).isEqualTo(2);

    assertThat(client.ok("list_tags", Json.object()).path("tags").toString()).contains("todo").contains("history");
    assertThat(client.ok("backlinks", Json.object().put("path", "People/Ada Lovelace")).path("backlinks").path(0)
        .path("source").asString()).isEqualTo("Inbox.md");
    assertThat(client.ok("recent_notes", Json.object().put("limit", 2)).path("notes").size()).isEqualTo(2);
  }

  @Test
  void editsNotesAndReportsTheirVersions() {
    JsonNode created = client.ok("create_note", Json.object().put("path", "Ideas/🚀 Launch plan")
        .put("content", "# Launch\n").set("frontmatter", Json.parse("{\"status\":\"idea\"}")));
    assertThat(created.path("path").asString()).isEqualTo("Ideas/🚀 Launch plan.md");
    assertThat(files.read("Ideas/🚀 Launch plan.md")).isEqualTo("---\nstatus: idea\n---\n# Launch\n");

    client.ok("append_note", Json.object().put("path", "Projects/Plan").put("heading", "Tasks")
        .put("content", "- two"));
    client.ok("replace_section", Json.object().put("path", "Projects/Plan").put("heading", "Notes")
        .put("content", "Budget agreed."));
    ObjectNode set = Json.object();
    set.set("set", Json.parse("{\"status\":\"active\"}"));
    client.ok("update_frontmatter", set.put("path", "Projects/Plan"));
    assertThat(files.read("Projects/Plan.md")).isEqualTo(
        "---\nstatus: active\n---\n# Plan\n\n## Tasks\n- one\n- two\n\n## Notes\nBudget agreed.\n");

    String version = client.ok("read_note", Json.object().put("path", "Inbox")).path("version").asString();
    client.ok("append_note", Json.object().put("path", "Inbox").put("content", "- new")
        .put("expectedVersion", version));
    assertThat(client.error("append_note", Json.object().put("path", "Inbox").put("content", "- stale")
        .put("expectedVersion", version))).contains("changed since you read it");

    JsonNode moved = client.ok("move_note", Json.object().put("from", "People/Ada Lovelace")
        .put("to", "People/Ada.md"));
    assertThat(moved.path("linksUpdatedIn").toString()).contains("Inbox.md");
    assertThat(files.read("Inbox.md")).contains("[[Ada]]");

    JsonNode deleted = client.ok("delete_note", Json.object().put("path", "People/Ada"));
    assertThat(deleted.path("trashedTo").asString()).isEqualTo(".trash/People/Ada.md");
    assertThat(deleted.path("notesLinkingToIt").asInt()).isEqualTo(1);
    assertThat(vaultDir.resolve(".trash/People/Ada.md")).exists();
  }

  static Stream<String> hostile() {
    return Stream.of("../outside/secret", "..\\outside\\secret", "/etc/passwd", "C:\\Windows\\win.ini",
        "\\\\server\\share\\x", "%2e%2e/outside/secret", "a/../../outside/secret", "escape/secret",
        "escape/new-note", "x\u0000.md", "~/notes/x", "file:///etc/passwd", "note://../outside/secret");
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void hostilePathsAreToolErrorsAndWriteNothing(String path) throws Exception {
    assertThat(client.error("read_note", Json.object().put("path", path))).contains("Refused path");
    assertThat(client.error("create_note", Json.object().put("path", path).put("content", "pwned")))
        .contains("Refused path");
    assertThat(client.error("append_note", Json.object().put("path", path).put("content", "pwned")))
        .contains("Refused path");
    try (var walk = Files.walk(temp.resolve("outside"))) {
      assertThat(walk.filter(Files::isRegularFile).toList()).containsExactly(temp.resolve("outside/secret.md"));
    }
    assertThat(Files.readString(temp.resolve("outside/secret.md"))).isEqualTo("secret");
  }

  @Test
  void aGlobTheJdkCannotReadIsABadArgumentNamingIt() {
    Message answer = client.send("tools/call", Json.object().put("name", "list_notes")
        .set("arguments", Json.object().put("glob", "{a,b")));
    assertThat(answer).as("%s", answer.node()).isInstanceOf(Message.ErrorResponse.class);
    JsonRpcError error = ((Message.ErrorResponse) answer).error();
    assertThat(error.code()).isEqualTo(JsonRpcError.INVALID_PARAMS);
    assertThat(error.message()).contains("'glob'").contains("{a,b");
    assertThat(error.data().path("argument").asString()).isEqualTo("glob");
  }

  @Test
  void concurrentAppendsFromTwoClientsAllLand() throws Exception {
    try (RecordingClient other = new RecordingClient(server);
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      other.initialize();
      List<Future<JsonNode>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        RecordingClient who = i % 2 == 0 ? client : other;
        String line = "- item " + i;
        calls.add(threads.submit(() -> who.ok("append_note", Json.object().put("path", "Inbox").put("content", line))));
      }
      for (Future<JsonNode> call : calls) {
        call.get();
      }
    }
    String text = files.read("Inbox.md");
    for (int i = 0; i < 40; i++) {
      assertThat(text).contains("- item " + i + "\n");
    }
  }

  @Test
  void servesNotesAsResources() {
    JsonNode list = client.request("resources/list", null);
    assertThat(list.path("resources").toString()).contains("note://People/Ada%20Lovelace.md");
    JsonNode templates = client.request("resources/templates/list", null);
    assertThat(templates.path("resourceTemplates").path(0).path("uriTemplate").asString()).isEqualTo("note://{+path}");
    JsonNode read = client.request("resources/read", Json.object().put("uri", "note://People/Ada%20Lovelace.md"));
    assertThat(read.path("contents").path(0).path("text").asString()).startsWith("# Ada");
    assertThat(read.path("contents").path(0).path("mimeType").asString()).isEqualTo("text/markdown");
    Message missing = client.send("resources/read", Json.object().put("uri", "note://Nope.md"));
    assertThat(missing).isInstanceOf(Message.ErrorResponse.class);
    Message hostile = client.send("resources/read", Json.object().put("uri", "note://../outside/secret.md"));
    assertThat(((Message.ErrorResponse) hostile).error().message()).contains("Refused path");
  }

  @Test
  void aChangeOnDiskReachesSubscribersAsResourcesUpdated() throws Exception {
    String uri = "note://People/Ada%20Lovelace.md";
    client.request("resources/subscribe", Json.object().put("uri", uri));
    Files.writeString(vaultDir.resolve("People/Ada Lovelace.md"), "# Ada\nChanged in another editor.\n");
    await().atMost(Duration.ofSeconds(15)).until(() -> !updates(client).isEmpty());
    assertThat(client.notifications("notifications/resources/updated").get(0).params().path("uri").asString())
        .isEqualTo(uri);
    JsonNode found = client.ok("search_notes", Json.object().put("query", "another editor"));
    assertThat(found.path("total").asInt()).isEqualTo(1); // the watcher re-indexed it

    Files.writeString(vaultDir.resolve("Projects/Plan.md"), "unsubscribed note changed\n");
    Files.writeString(vaultDir.resolve("New.md"), "# created outside\n");
    await().atMost(Duration.ofSeconds(15)).until(() -> !client.notifications("notifications/resources/list_changed")
        .isEmpty());
    assertThat(client.notifications("notifications/resources/updated")).hasSize(1);
    assertThat(client.ok("read_note", Json.object().put("path", "New")).path("title").asString()).isEqualTo("New");
  }

  @Test
  void ourOwnWritesNotifySubscribersToo() {
    client.request("resources/subscribe", Json.object().put("uri", "note://Inbox.md"));
    client.ok("append_note", Json.object().put("path", "Inbox").put("content", "- more"));
    await().atMost(Duration.ofSeconds(10)).until(() -> !updates(client).isEmpty());
  }

  private static List<Message.Notification> updates(RecordingClient client) {
    return client.notifications("notifications/resources/updated");
  }
}
