package dev.switchboard.upstream.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ServerSpec;
import dev.switchboard.config.UpstreamPolicy;
import dev.switchboard.protocol.Json;
import dev.switchboard.upstream.builtin.notes.NotesServer;
import dev.switchboard.upstream.builtin.review.ReviewServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class BuiltinServersTest {
  @TempDir
  Path temp;

  @Test
  void createsTheNotesServerForAnExistingVault() throws Exception {
    try (BuiltinServer server = BuiltinServers.create("notes", spec("notes", "{\"builtin\":\"notes\",\"vault\":\""
        + temp + "\"}"))) {
      assertThat(server).isInstanceOf(NotesServer.class);
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
    assertThat(server).isInstanceOf(ReviewServer.class);
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
    assertThatThrownBy(() -> BuiltinServers.create("nope", spec("x", "{}"))).hasMessageContaining("unknown built-in");
  }

  @Test
  void knowsTheDefaultVault() {
    assertThat(BuiltinServers.defaultNotesVault()).isEqualTo(Path.of(System.getProperty("user.home"), "notes"));
    assertThat(BuiltinServers.defaultNotesVaultExists()).isEqualTo(Files.isDirectory(
        BuiltinServers.defaultNotesVault()));
    assertThat(BuiltinServers.NAMES).containsExactlyInAnyOrder("switchboard", "notes", "review");
  }

  static ServerSpec spec(String name, String json) {
    ObjectNode options = (ObjectNode) Json.parse(json);
    return new ServerSpec(name, null, List.of(), Map.of(), null, options.path("builtin").asString(null),
        UpstreamPolicy.DEFAULTS, options);
  }
}
