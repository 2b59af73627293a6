package dev.switchboard.upstream.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ServerSpec;
import dev.switchboard.config.UpstreamPolicy;
import dev.switchboard.protocol.Json;
import dev.switchboard.upstream.BackendState;
import dev.switchboard.upstream.BackendStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class BuiltinServersTest {
  @TempDir
  Path temp;

  @Test
  void everyBuiltInServerIsFoundThroughServiceLoader() {
    assertThat(ServiceLoader.load(BuiltinServer.Provider.class).stream().map(p -> p.get().name()))
        .containsExactlyInAnyOrder("switchboard", "notes", "review");
    assertThat(BuiltinServers.NAMES).containsExactly("notes", "review", "switchboard");
  }

  @Test
  void createsTheNotesServerForAnExistingVault() {
    try (BuiltinServer server = BuiltinServers.create("notes", spec("notes", "{\"builtin\":\"notes\",\"vault\":\""
        + temp + "\"}"))) {
      assertThat(server.name()).isEqualTo("notes");
      assertThat(server.resources()).isNotNull();
    }
  }

  @Test
  void aMissingVaultIsAClearError() {
    assertThatThrownBy(() -> BuiltinServers.create("notes", spec("my-notes", "{\"builtin\":\"notes\",\"vault\":\""
        + temp.resolve("nope") + "\"}"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the notes vault").hasMessageContaining("does not exist");
    assertThat(BuiltinServers.problems("notes", (ObjectNode) Json.parse("{\"vault\": 3}")))
        .containsExactly("\"vault\" must be a string (a folder path)");
  }

  @Test
  void createsTheReviewServerWithRootsAndRuleFiles() throws Exception {
    Path rules = Files.writeString(temp.resolve("r.json"), "[{\"id\":\"t/x\",\"severity\":\"low\",\"regex\":\"x\","
        + "\"message\":\"m\"}]");
    BuiltinServer server = BuiltinServers.create("review", spec("review", "{\"builtin\":\"review\",\"roots\":[\""
        + temp + "\"],\"rules\":[\"" + rules + "\"]}"));
    assertThat(server.name()).isEqualTo("review");
    assertThat(server.tools()).extracting(Tool::name).contains("review_file", "review_paths");
    assertThat(BuiltinServers.create("review", spec("review", "{\"builtin\":\"review\"}"))).isNotNull();
  }

  @Test
  void badReviewOptionsAreClearErrors() throws Exception {
    assertThatThrownBy(() -> BuiltinServers.create("review", spec("review", "{\"builtin\":\"review\",\"roots\":[\""
        + temp.resolve("missing") + "\"]}"))).hasMessageContaining("not an existing folder");
    Path broken = Files.writeString(temp.resolve("broken.json"), "[{\"id\":\"t/x\"}]");
    assertThatThrownBy(() -> BuiltinServers.create("review", spec("review", "{\"builtin\":\"review\",\"rules\":[\""
        + broken + "\"]}"))).hasMessageContaining("Invalid rule file").hasMessageContaining("severity");
    assertThat(BuiltinServers.problems("review", (ObjectNode) Json.parse("{\"roots\": 5}")))
        .containsExactly("\"roots\" must be a list of paths");
    assertThatThrownBy(() -> BuiltinServers.create("nope", spec("x", "{}"))).hasMessageContaining("unknown built-in")
        .hasMessageContaining("[notes, review, switchboard]");
  }

  @Test
  void theSwitchboardServerIsMadeFromTheGatewayInTheContext() throws Exception {
    ServerSpec spec = spec("sb", "{\"builtin\":\"switchboard\"}");
    Introspection gateway = new Introspection() {
      @Override
      public List<BackendStatus> servers() {
        return List.of(new BackendStatus("sb", "builtin:switchboard", BackendState.RUNNING, 1, null));
      }

      @Override
      public List<SessionInfo> sessions() {
        return List.of();
      }

      @Override
      public Optional<List<String>> stderrTail(String server, int lines) {
        return Optional.empty();
      }
    };
    try (BuiltinServer server = BuiltinServers.create(spec, new BuiltinServer.Context("9.9", gateway));
        RecordingClient client = new RecordingClient(server)) {
      assertThat(server.version()).isEqualTo("9.9");
      client.initialize();
      assertThat(client.ok("list_servers", Json.object()).path("servers").path(0).path("name").asString())
          .isEqualTo("sb");
    }
    assertThatThrownBy(() -> BuiltinServers.create(spec, new BuiltinServer.Context("9.9", null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only inside the gateway");
  }

  /** Off loopback (team mode) nobody gets the daemon user's ~/notes by default: the vault must be named. */
  @Test
  void notesOffLoopbackNeedsAnExplicitVault(@TempDir Path vault)
      throws Exception {
    Files.createDirectories(vault.resolve("home/notes")); // a ~/notes that exists, so only the rule can refuse
    String home = System.getProperty("user.home");
    System.setProperty("user.home", vault.resolve("home").toString());
    try {
      assertThatThrownBy(() -> BuiltinServers.create(spec("notes", "{\"builtin\":\"notes\"}"),
          new BuiltinServer.Context("9.9", null, false))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("off loopback").hasMessageContaining("explicit \"vault\"");
    } finally {
      System.setProperty("user.home", home);
    }
    ServerSpec named = spec("notes", Json.object().put("builtin", "notes").put("vault", vault.resolve("home/notes")
        .toString()).toString());
    try (BuiltinServer server = BuiltinServers.create(named, new BuiltinServer.Context("9.9", null, false))) {
      assertThat(server.name()).isEqualTo("notes");
    }
  }

  static ServerSpec spec(String name, String json) {
    ObjectNode options = (ObjectNode) Json.parse(json);
    return new ServerSpec(name, null, List.of(), Map.of(), null, options.path("builtin").asString(null),
        UpstreamPolicy.DEFAULTS, options);
  }
}
