package dev.switchboard.upstream.builtin.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.upstream.builtin.RecordingClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The review tools through the in-process upstream, with configured roots and with the client's MCP roots. */
@Timeout(60)
class ReviewServerTest {
  @TempDir
  Path temp;
  Path project;

  @BeforeEach
  void setUp() throws Exception {
    project = Files.createDirectories(temp.resolve("project"));
    Files.createDirectories(project.resolve("src/app"));
    Files.createDirectories(project.resolve("node_modules/dep"));
    Files.writeString(project.resolve("src/app/db.py"), "cur.execute(f\"SELECT * FROM t WHERE id = {uid}\")\n");
    Files.writeString(project.resolve("src/app/ok.py"), "cur.execute(\"SELECT * FROM t WHERE id = %s\", (uid,))\n");
    Files.writeString(project.resolve("src/Main.java"), "class Main { String u = \"http://api.acme.io\"; }\n");
    Files.writeString(project.resolve("node_modules/dep/index.js"), "eval(x);\n");
    Files.writeString(Files.createDirectories(temp.resolve("outside")).resolve("secret.py"), "eval(x)\n");
    Files.createSymbolicLink(project.resolve("escape"), temp.resolve("outside"));
  }

  @Test
  void reviewsOneFileWithFindingsAndCounts() throws Exception {
    try (RecordingClient client = client(List.of(project))) {
      JsonNode result = client.ok("review_file", args("path", "src/app/db.py"));
      JsonNode finding = result.path("findings").path(0);
      assertThat(finding.path("rule").asString()).isEqualTo("injection/sql-formatting");
      assertThat(finding.path("file").asString()).isEqualTo("src/app/db.py");
      assertThat(finding.path("line").asInt()).isEqualTo(1);
      assertThat(finding.path("column").asInt()).isEqualTo(5);
      assertThat(finding.path("severity").asString()).isEqualTo("high");
      assertThat(finding.path("fix").asString()).contains("parameters");
      assertThat(finding.path("excerpt").asString()).startsWith("cur.execute(f\"SELECT");
      assertThat(result.path("summary").path("bySeverity").path("high").asInt()).isEqualTo(1);
      assertThat(client.ok("review_file", args("path", project.resolve("src/app/ok.py").toString()))
          .path("findings").size()).isZero();
      assertThat(client.error("review_file", args("path", "src"))).contains("is a folder, not a file");
    }
  }

  @Test
  void reviewsFoldersAndGlobsSkippingDependencies() throws Exception {
    try (RecordingClient client = client(List.of(project))) {
      ObjectNode all = Json.object();
      all.putArray("paths").add(".");
      JsonNode result = client.ok("review_paths", all);
      assertThat(result.path("summary").path("files").asInt()).isEqualTo(3);
      assertThat(result.path("findings").toString()).doesNotContain("node_modules").doesNotContain("secret.py");

      ObjectNode glob = Json.object();
      glob.putArray("paths").add("src/**/*.py");
      glob.putArray("rulesets").add("injection");
      assertThat(client.ok("review_paths", glob).path("summary").path("findings").asInt()).isEqualTo(1);

      ObjectNode shallow = Json.object();
      shallow.putArray("paths").add("src/**/*.java").add(project.resolve("src") + "/**/*.py");
      JsonNode both = client.ok("review_paths", shallow);
      assertThat(both.path("summary").path("files").asInt()).isEqualTo(3); // '**/' also matches no folder
      assertThat(both.path("findings").toString()).contains("\"file\":\"src/Main.java\"")
          .contains("\"file\":\"src/app/db.py\"");

      ObjectNode filtered = Json.object().put("minSeverity", "high");
      filtered.putArray("paths").add("src");
      filtered.putArray("exclude").add("*.py");
      assertThat(client.ok("review_paths", filtered).path("findings").size()).isZero(); // http-url is medium

      ObjectNode unknown = Json.object();
      unknown.putArray("paths").add("src");
      unknown.putArray("rulesets").add("nope");
      assertThat(client.error("review_paths", unknown)).contains("No rule set 'nope'").contains("secrets");
    }
  }

  static Stream<String> hostile() {
    return Stream.of("../outside/secret.py", "..\\outside\\secret.py", "/etc/passwd", "C:\\Windows\\win.ini",
        "\\\\server\\share\\x.py", "%2e%2e/outside/secret.py", "src/../../outside/secret.py", "escape/secret.py",
        "x\u0000.py", "~/secret.py", "file:///etc/passwd");
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void pathsOutsideTheRootsAreRefused(String path) throws Exception {
    try (RecordingClient client = client(List.of(project))) {
      assertThat(client.error("review_file", args("path", path))).containsAnyOf("Refused path", "No file or folder");
      ObjectNode many = Json.object();
      many.putArray("paths").add(path);
      assertThat(client.error("review_paths", many)).containsAnyOf("Refused path", "No file or folder");
    }
  }

  @Test
  void aGlobTheJdkCannotReadIsABadArgumentNamingIt() throws Exception {
    try (RecordingClient client = client(List.of(project))) {
      ObjectNode exclude = Json.object();
      exclude.putArray("paths").add("src");
      exclude.putArray("exclude").add("[a");
      assertThat(invalidArgument(client, exclude)).isEqualTo("exclude");

      ObjectNode paths = Json.object();
      paths.putArray("paths").add("src/{a,b");
      assertThat(invalidArgument(client, paths)).isEqualTo("paths");
    }
  }

  /** The argument a review_paths call's invalid-params error names. */
  private static String invalidArgument(RecordingClient client, ObjectNode arguments) {
    Message answer = client.send("tools/call", Json.object().put("name", "review_paths").set("arguments", arguments));
    assertThat(answer).as("%s", answer.node()).isInstanceOf(Message.ErrorResponse.class);
    JsonRpcError error = ((Message.ErrorResponse) answer).error();
    assertThat(error.code()).as("%s", error).isEqualTo(JsonRpcError.INVALID_PARAMS);
    assertThat(error.message()).contains("invalid glob");
    return error.data().path("argument").asString();
  }

  @Test
  void anAbsolutePathOutsideTheRootsNamesThem() throws Exception {
    try (RecordingClient client = client(List.of(project))) {
      assertThat(client.error("review_file", args("path", temp.resolve("outside/secret.py").toString())))
          .contains("lies outside the allowed roots (" + project.toRealPath() + ")");
    }
  }

  @Test
  void withoutConfiguredRootsTheClientsRootsApply() throws Exception {
    try (RecordingClient client = new RecordingClient(ReviewServer.create(List.of(), List.of(), "test"))) {
      client.initialize(Json.object().set("roots", Json.object()));
      client.answerWith(r -> Json.parse("{\"roots\":[{\"uri\":\"" + project.toUri() + "\",\"name\":\"p\"}]}"));
      JsonNode result = client.ok("review_file", args("path", "src/app/db.py"));
      assertThat(result.path("roots").path(0).asString()).isEqualTo(project.toRealPath().toString());
      assertThat(result.path("findings").size()).isEqualTo(1);
      assertThat(client.serverRequests()).extracting(r -> r.method()).contains("roots/list");
      assertThat(client.error("review_file", args("path", temp.resolve("outside/secret.py").toString())))
          .contains("Refused path");
    }
  }

  @Test
  void withNeitherTheGatewaysWorkingDirectoryApplies() throws Exception {
    try (RecordingClient client = new RecordingClient(ReviewServer.create(List.of(), List.of(), "test"))) {
      client.initialize();
      ObjectNode pom = Json.object();
      pom.putArray("paths").add("pom.xml");
      JsonNode result = client.ok("review_paths", pom);
      assertThat(result.path("roots").path(0).asString())
          .isEqualTo(Path.of("").toAbsolutePath().toRealPath().toString());
    }
  }

  @Test
  void describesRuleSetsAndExplainsRules() throws Exception {
    Path rules = Files.writeString(temp.resolve("team.yaml"), """
        - id: team/no-print
          severity: low
          languages: [python]
          regex: '\\bprint\\('
          message: Use logging
        """);
    try (RecordingClient client = new RecordingClient(ReviewServer.create(List.of(project), List.of(rules),
        "test"))) {
      client.initialize();
      JsonNode sets = client.ok("list_rule_sets", Json.object()).path("ruleSets");
      assertThat(sets.size()).isEqualTo(9);
      assertThat(sets.path(8).path("name").asString()).isEqualTo("team");
      assertThat(sets.path(0).path("ruleList").size()).isGreaterThan(5);

      JsonNode rule = client.ok("explain_rule", args("id", "crypto/ecb-mode"));
      assertThat(rule.path("severity").asString()).isEqualTo("high");
      assertThat(rule.path("examples").path("flagged").size()).isGreaterThan(0);
      assertThat(rule.path("examples").path("accepted").size()).isGreaterThan(0);
      assertThat(client.error("explain_rule", args("id", "crypto/ecb"))).contains("did you mean crypto/ecb-mode");
    }
  }

  private RecordingClient client(List<Path> roots) throws Exception {
    RecordingClient client = new RecordingClient(ReviewServer.create(roots, List.of(), "test"));
    client.initialize();
    return client;
  }

  private static ObjectNode args(String key, String value) {
    return Json.object().put(key, value);
  }
}
