package dev.switchboard.upstream.builtin.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.protocol.Json;
import dev.switchboard.upstream.builtin.RecordingClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which folders {@code review} reads: client-declared roots narrow the configured roots and never widen them; off
 * loopback the server refuses to start without configured roots; without configured roots (loopback) a client that
 * declares roots gets nothing beyond them.
 */
@Timeout(60)
class ReviewRootsPolicyTest {
  @TempDir
  Path temp;
  Path workspace;
  Path project;

  @BeforeEach
  void setUp() throws Exception {
    workspace = Files.createDirectories(temp.resolve("workspace"));
    project = Files.createDirectories(workspace.resolve("project"));
    Files.writeString(project.resolve("db.py"), "cur.execute(f\"SELECT * FROM t WHERE id = {uid}\")\n");
    Files.writeString(Files.createDirectories(workspace.resolve("sibling")).resolve("other.py"), "eval(x)\n");
    Files.writeString(Files.createDirectories(temp.resolve("outside")).resolve("secret.py"), "eval(x)\n");
  }

  @Test
  void aClientRootInsideAConfiguredRootNarrowsIt() throws Exception {
    try (RecordingClient client = withClientRoots(List.of(workspace), project.toUri().toString())) {
      JsonNode result = client.ok("review_paths", paths("."));
      assertThat(result.path("roots").toString()).isEqualTo("[\"" + project.toRealPath() + "\"]");
      assertThat(result.path("findings").toString()).contains("db.py").doesNotContain("other.py");
      assertThat(client.error("review_file", args(workspace.resolve("sibling/other.py").toString())))
          .contains("Refused path");
    }
  }

  @Test
  void aClientRootAboveTheConfiguredRootsNeverWidensThem() throws Exception {
    try (RecordingClient client = withClientRoots(List.of(project), "file:///")) {
      JsonNode result = client.ok("review_paths", paths("."));
      assertThat(result.path("roots").toString()).isEqualTo("[\"" + project.toRealPath() + "\"]");
      assertThat(client.error("review_file", args("/etc/passwd"))).contains("Refused path");
      assertThat(client.error("review_file", args(temp.resolve("outside/secret.py").toString())))
          .contains("Refused path");
      ObjectNode etc = Json.object();
      etc.putArray("paths").add("/etc/**");
      assertThat(client.error("review_paths", etc)).containsAnyOf("Refused path", "No file or folder");
    }
  }

  @Test
  void clientRootsOutsideEveryConfiguredRootAreIgnored() throws Exception {
    try (RecordingClient client = withClientRoots(List.of(project), temp.resolve("outside").toUri().toString())) {
      JsonNode result = client.ok("review_paths", paths("."));
      assertThat(result.path("roots").toString()).isEqualTo("[\"" + project.toRealPath() + "\"]");
      assertThat(client.error("review_file", args(temp.resolve("outside/secret.py").toString())))
          .contains("Refused path");
    }
  }

  @Test
  void withoutConfiguredRootsAClientWhoseRootsCannotBeLearnedGetsNothingWider() throws Exception {
    try (RecordingClient client = new RecordingClient(ReviewServer.create(List.of(), List.of(), "test"))) {
      client.initialize(Json.object().set("roots", Json.object()));
      client.answerWith(r -> null); // the client answers roots/list with an error
      assertThat(client.error("review_paths", paths("pom.xml"))).contains("could not learn the client's MCP roots");
      client.answerWith(r -> Json.parse("{\"roots\":[{\"uri\":\"file:///no/such/folder/anywhere\"}]}"));
      assertThat(client.error("review_paths", paths("pom.xml"))).contains("none of the client's MCP roots");
    }
  }

  @Test
  void offLoopbackTheServerNeedsConfiguredRoots() throws Exception {
    assertThatThrownBy(() -> ReviewServer.create(List.of(), List.of(), "test", true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"roots\"");
    try (RecordingClient client = new RecordingClient(ReviewServer.create(List.of(project), List.of(), "test",
        true))) {
      client.initialize(Json.object().set("roots", Json.object()));
      client.answerWith(r -> Json.parse("{\"roots\":[{\"uri\":\"file:///\"}]}"));
      assertThat(client.error("review_file", args("/etc/passwd"))).contains("Refused path");
      assertThat(client.ok("review_file", args("db.py")).path("findings").size()).isEqualTo(1);
    }
  }

  @Test
  void aGatewayListeningBeyondLoopbackRefusesAReviewEntryWithoutRoots() {
    Path file = temp.resolve("config.json");
    assertThatThrownBy(() -> new Gateway(config("0.0.0.0", null, file), "test").close())
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage())
            .contains("$.mcpServers.review").contains("\"roots\" is required").contains("0.0.0.0"));
    new Gateway(config("0.0.0.0", project, file), "test").close();
    new Gateway(config("127.0.0.1", null, file), "test").close();
  }

  /** An entry the user never wrote (the embedded default: no config file) starts but reads nothing. */
  @Test
  void theEmbeddedDefaultsEntryReadsNoFilesBeyondLoopback() throws Exception {
    new Gateway(config("0.0.0.0", null, null), "test").close();
    try (RecordingClient client = new RecordingClient(ReviewServer.withoutFiles(List.of(), "test",
        "\"roots\" is required"))) {
      client.initialize(Json.object().set("roots", Json.object()));
      client.answerWith(r -> Json.parse("{\"roots\":[{\"uri\":\"file:///\"}]}"));
      assertThat(client.error("review_file", args("/etc/passwd"))).contains("\"roots\" is required");
      assertThat(client.error("review_paths", paths("."))).contains("\"roots\" is required");
      assertThat(client.ok("list_rule_sets", Json.object()).path("ruleSets").size()).isPositive();
      assertThat(client.serverRequests()).isEmpty();
    }
  }

  private Config config(String host, @Nullable Path root, @Nullable Path source) {
    ObjectNode json = Json.object();
    ObjectNode review = json.putObject("mcpServers").putObject("review").put("builtin", "review");
    if (root != null) {
      review.putArray("roots").add(root.toString());
    }
    ObjectNode gw = json.putObject("gateway").put("host", host).put("port", 0);
    gw.putObject("auth").putArray("keys").addObject().put("name", "alice").put("key", "alice-0123456789abcdef");
    return ConfigLoader.parse(Json.bytes(json), source);
  }

  private RecordingClient withClientRoots(List<Path> configured, String clientRoot) throws Exception {
    RecordingClient client = new RecordingClient(ReviewServer.create(configured, List.of(), "test"));
    client.initialize(Json.object().set("roots", Json.object()));
    client.answerWith(r -> Json.parse("{\"roots\":[{\"uri\":\"" + clientRoot + "\",\"name\":\"r\"}]}"));
    return client;
  }

  private static ObjectNode paths(String path) {
    ObjectNode args = Json.object();
    args.putArray("paths").add(path);
    return args;
  }

  private static ObjectNode args(String path) {
    return Json.object().put("path", path);
  }
}
