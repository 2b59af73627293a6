package dev.switchboard.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which literal server entries loop back into a gateway listening on port 7190 (configured) and 7321 (actual). */
class SelfLoopTest {
  @TempDir
  Path dir;

  private SelfLoop self(Path... launchers) {
    return SelfLoop.of(List.of("http://127.0.0.1:7190", "http://127.0.0.1:7321"), List.of(launchers));
  }

  private List<String> loops(SelfLoop self, String servers) {
    Config config = ConfigLoader.parse(("{\"mcpServers\": " + servers + "}").getBytes(StandardCharsets.UTF_8), null);
    return self.problems(config).stream().map(ConfigException.Problem::toString).toList();
  }

  @Test
  void mcpRemoteToAnyOfTheGatewaysAddressesIsALoop() {
    assertThat(loops(self(), """
        {"a": {"command": "npx", "args": ["-y", "mcp-remote", "http://127.0.0.1:7190/mcp/review"]},
         "b": {"command": "mcp-remote", "args": ["http://localhost:7321/mcp"]},
         "c": {"command": "npx", "args": ["mcp-remote", "http://[::1]:7190/mcp/x", "--allow-http"]},
         "d": {"command": "bridge", "args": ["--url=http://0.0.0.0:7321/mcp/x"]}}"""))
        .containsExactly(
            "$.mcpServers.a: server 'a' would loop back into Switchboard: it connects to this Switchboard itself "
                + "(http://127.0.0.1:7190/mcp/review)",
            "$.mcpServers.b: server 'b' would loop back into Switchboard: it connects to this Switchboard itself "
                + "(http://localhost:7321/mcp)",
            "$.mcpServers.c: server 'c' would loop back into Switchboard: it connects to this Switchboard itself "
                + "(http://[::1]:7190/mcp/x)",
            "$.mcpServers.d: server 'd' would loop back into Switchboard: it connects to this Switchboard itself "
                + "(http://0.0.0.0:7321/mcp/x)");
  }

  @Test
  void otherPortsHostsAndCommandsAreNotLoops() {
    assertThat(loops(self(), """
        {"other-port": {"command": "npx", "args": ["mcp-remote", "http://127.0.0.1:7191/mcp/x"]},
         "remote": {"command": "npx", "args": ["mcp-remote", "https://example.com:7190/mcp"]},
         "plain": {"command": "uvx", "args": ["mcp-server-fetch"]},
         "named-like-us": {"command": "switchboard-notes", "args": ["bridge"]},
         "not-bridge": {"command": "switchboard", "args": ["--version"]}}""")).isEmpty();
  }

  @Test
  void switchboardBridgeIsALoopWhateverItsPath() {
    assertThat(loops(self(), """
        {"a": {"command": "switchboard", "args": ["bridge", "review"]},
         "b": {"command": "/opt/switchboard/bin/switchboard", "args": ["bridge", "notes"]},
         "c": {"command": "C:\\\\switchboard\\\\bin\\\\switchboard.cmd", "args": ["bridge", "x"]}}"""))
        .hasSize(3).allSatisfy(p -> assertThat(p).contains("bridge' connects to Switchboard itself"));
  }

  @Test
  void aCommandThatResolvesToTheLauncherIsALoop() throws Exception {
    Path launcher = Files.createDirectories(dir.resolve("bin")).resolve("switchboard");
    Files.writeString(launcher, "#!/bin/sh\n");
    assertThat(launcher.toFile().setExecutable(true)).isTrue();
    Path link = Files.createSymbolicLink(dir.resolve("sb"), launcher);
    SelfLoop self = self(launcher);
    assertThat(self.reason(launcher.toString(), List.of("run"), Map.of(), dir)).isPresent();
    assertThat(self.reason("switchboard", List.of("tools"), Map.of("PATH", launcher.getParent().toString()), dir))
        .as("a bare name found on PATH").isPresent();
    assertThat(self.reason(link.toString(), List.of(), Map.of(), dir)).as("a link to it").isPresent();
    assertThat(self.reason("/bin/sh", List.of(), Map.of(), dir)).isEmpty();
  }

  @Test
  void hostsIncludeTheConfiguredOneAndEveryLoopbackSpelling() {
    SelfLoop self = SelfLoop.of(List.of("http://192.168.1.5:7182"), List.of());
    assertThat(self.hosts()).contains("192.168.1.5", "127.0.0.1", "localhost", "::1");
    assertThat(self.ports()).isEqualTo(Set.of(7182));
  }

  @Test
  void aBridgeToAnotherHomesGatewayIsAChainNotALoopWhenOurHomeIsKnown() {
    Path launcher = dir.resolve("switchboard");
    String toOther = """
        {"upstream": {"command": "%s", "args": ["bridge", "fixture"],
                      "env": {"SWITCHBOARD_HOME": "/srv/other-gateway"}}}""".formatted(launcher);
    assertThat(loops(self(launcher).withHome(dir.resolve("own")), toOther)).isEmpty();
    assertThat(loops(self(launcher), toOther)).as("our home unknown: every bridge is a loop").hasSize(1);
    assertThat(loops(self(launcher).withHome(Path.of("/srv/other-gateway")), toOther))
        .as("a bridge to our own home is a loop").hasSize(1);
  }
}
