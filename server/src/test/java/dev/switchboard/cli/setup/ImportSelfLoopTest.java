package dev.switchboard.cli.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import} skips, with the reason, entries that reach this Switchboard on whatever port it runs: the config's,
 * the one {@code SWITCHBOARD_PORT} gives, the one a running daemon recorded, or through {@code switchboard bridge}.
 */
class ImportSelfLoopTest {
  @TempDir
  Path tmp;

  Sandbox box;
  Path desktop;

  @BeforeEach
  void setUp() throws IOException {
    box = new Sandbox(tmp);
    desktop = box.home.resolve(".config/Claude/claude_desktop_config.json");
    Sandbox.write(box.config(), "{\"mcpServers\": {}, \"gateway\": {\"port\": 7190}}");
    Sandbox.write(desktop, """
        {"mcpServers": {
          "via-config-port": {"command": "npx", "args": ["-y", "mcp-remote", "http://127.0.0.1:7190/mcp/a"]},
          "via-env-port": {"command": "npx", "args": ["-y", "mcp-remote", "http://127.0.0.1:7555/mcp/review"]},
          "via-state": {"command": "npx", "args": ["mcp-remote", "http://localhost:7666/mcp/notes"]},
          "via-bridge": {"command": "switchboard", "args": ["bridge", "review"]},
          "elsewhere": {"command": "npx", "args": ["mcp-remote", "http://127.0.0.1:7777/mcp"]}
        }}""");
    box.env.put("SWITCHBOARD_PORT", "7555");
    Sandbox.write(box.switchboardHome.resolve("state.json"), Json.object()
        .put("pid", ProcessHandle.current().pid()).put("url", "http://127.0.0.1:7666").toString());
  }

  @Test
  void entriesThatReachThisSwitchboardAreSkippedWithTheReason() throws IOException {
    Sandbox.Run run = Sandbox.run(new ImportCommand(box.platform(Os.LINUX)), "--from", "claude-desktop");
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out())
        .containsPattern("skipped\\s+via-config-port\\s+it reaches Switchboard itself; importing it would make a loop: "
            + "it connects to this Switchboard itself \\(http://127.0.0.1:7190/mcp/a\\)")
        .containsPattern("skipped\\s+via-env-port\\s+it reaches Switchboard itself")
        .containsPattern("skipped\\s+via-state\\s+it reaches Switchboard itself")
        .containsPattern("skipped\\s+via-bridge\\s+it reaches Switchboard itself.*'switchboard bridge'")
        .containsPattern("added\\s+elsewhere");
    assertThat(Json.parse(Sandbox.read(box.config())).path("mcpServers").propertyNames()).containsExactly("elsewhere");
  }

  @Test
  void urlNamesAnAddressNothingElseKnows() throws IOException {
    Sandbox.Run run = Sandbox.run(new ImportCommand(box.platform(Os.LINUX)), "--from", "claude-desktop", "--dry-run",
        "--url", "http://127.0.0.1:7777");
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).containsPattern("skipped\\s+elsewhere\\s+it reaches Switchboard itself")
        .contains("Nothing to add");
    Sandbox.Run bad = Sandbox.run(new ImportCommand(box.platform(Os.LINUX)), "--url", "not a url");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("Invalid value for option '--url'");
  }
}
