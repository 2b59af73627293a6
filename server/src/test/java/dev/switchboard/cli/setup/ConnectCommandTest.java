package dev.switchboard.cli.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectCommandTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir
  Path tmp;

  Sandbox box;

  @BeforeEach
  void setUp() throws IOException {
    box = new Sandbox(tmp);
    Sandbox.write(box.config(), """
        {"mcpServers": {"github": {"command": "gh-mcp"}, "fetch": {"command": "uvx", "args": ["mcp-server-fetch"]},
                        "old": {"command": "x", "disabled": true}},
         "gateway": {"port": 7190}}""");
  }

  private ConnectCommand command(Os os) {
    return new ConnectCommand(box.platform(os), CLOCK);
  }

  @Test
  void claudeCodeGetsAddCommandsAndTheProjectFile() {
    Sandbox.Run run = Sandbox.run(command(Os.LINUX), "claude-code");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("Claude Code -> Switchboard at http://127.0.0.1:7190 (from the config's gateway host and port)")
        .contains("  claude mcp add --transport http github http://127.0.0.1:7190/mcp/github\n"
            + "  claude mcp add --transport http fetch http://127.0.0.1:7190/mcp/fetch\n"
            + "  claude mcp add --transport http switchboard http://127.0.0.1:7190/mcp/switchboard\n")
        .contains(box.project.resolve(".mcp.json").toString())
        .contains("""
            {
              "mcpServers": {
                "github": {
                  "type": "http",
                  "url": "http://127.0.0.1:7190/mcp/github"
                },
                "fetch": {
                  "type": "http",
                  "url": "http://127.0.0.1:7190/mcp/fetch"
                },
                "switchboard": {
                  "type": "http",
                  "url": "http://127.0.0.1:7190/mcp/switchboard"
                }
              }
            }
            """)
        .doesNotContain("/mcp/old");
    assertThat(box.project.resolve(".mcp.json")).doesNotExist();
  }

  @Test
  void theRunningDaemonsAddressWinsOverTheConfig() throws IOException {
    Sandbox.write(box.switchboardHome.resolve("state.json"),
        "{\"url\": \"http://127.0.0.1:7195/\", \"pid\": " + ProcessHandle.current().pid() + "}");

    Sandbox.Run run = Sandbox.run(command(Os.LINUX), "cursor", "--server", "github");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("from " + box.switchboardHome.resolve("state.json"))
        .contains("\"github\": {\n      \"url\": \"http://127.0.0.1:7195/mcp/github\"\n    }")
        .doesNotContain("fetch");
  }

  @Test
  void aStateFileLeftByADeadDaemonIsIgnored() throws IOException {
    Sandbox.write(box.switchboardHome.resolve("state.json"),
        "{\"url\": \"http://127.0.0.1:7195\", \"pid\": " + Integer.MAX_VALUE + "}");

    Sandbox.Run run = Sandbox.run(command(Os.LINUX), "cursor");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("http://127.0.0.1:7190/mcp/github").doesNotContain("7195");
    assertThat(run.err()).contains("is not running");
  }

  @Test
  void urlOptionWinsOverEverything() throws IOException {
    Sandbox.write(box.switchboardHome.resolve("state.json"), "{\"url\": \"http://127.0.0.1:7195\"}");

    Sandbox.Run run = Sandbox.run(command(Os.LINUX), "vscode", "--url", "http://localhost:9000/", "--server",
        "fetch");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("Add to " + box.project.resolve(".vscode/mcp.json")).contains("""
        {
          "servers": {
            "fetch": {
              "type": "http",
              "url": "http://localhost:9000/mcp/fetch"
            }
          }
        }
        """);
  }

  @Test
  void claudeDesktopGoesThroughMcpRemote() {
    Sandbox.Run run = Sandbox.run(command(Os.MACOS), "claude-desktop", "--server", "github");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains(box.home.resolve("Library/Application Support/Claude/claude_desktop_config.json").toString())
        .contains("""
            {
              "mcpServers": {
                "github": {
                  "command": "npx",
                  "args": [
                    "-y",
                    "mcp-remote",
                    "http://127.0.0.1:7190/mcp/github"
                  ]
                }
              }
            }
            """);
  }

  @Test
  void claudeDesktopOnWindowsLivesInAppData() {
    Sandbox.Run run = Sandbox.run(command(Os.WINDOWS), "claude-desktop");

    assertThat(run.out()).contains(box.appData.resolve("Claude/claude_desktop_config.json").toString());
  }

  @Test
  void writeMergesIntoTheClientFileAfterABackup() throws IOException {
    Path cursor = Sandbox.write(box.home.resolve(".cursor/mcp.json"), """
        {
          // hand-written
          "mcpServers": {
            "linear": {"url": "https://mcp.linear.app/sse"},
            "github": {"command": "gh-mcp"},
            "switchboard": {"url": "http://127.0.0.1:7190/mcp/switchboard"}
          },
          "theme": "dark"
        }
        """);
    byte[] original = Files.readAllBytes(cursor);

    Sandbox.Run run = Sandbox.run(command(Os.LINUX), "cursor", "--write");

    assertThat(run.code()).as(run.toString()).isZero();
    Path backup = cursor.resolveSibling("mcp.json.bak-20250102-030405");
    assertThat(backup).hasBinaryContent(original);
    assertThat(run.out()).contains("Wrote " + cursor + " (previous version saved as " + backup + "):")
        .containsPattern("added\\s+fetch\\s+http://127.0.0.1:7190/mcp/fetch")
        .containsPattern("unchanged\\s+switchboard")
        .containsPattern("kept\\s+github\\s+the file already has a different entry by this name; --replace")
        .contains("Restart Cursor");
    assertThat(Json.parse(Files.readAllBytes(cursor))).isEqualTo(Json.parse("""
        {"mcpServers": {
           "linear": {"url": "https://mcp.linear.app/sse"},
           "github": {"command": "gh-mcp"},
           "switchboard": {"url": "http://127.0.0.1:7190/mcp/switchboard"},
           "fetch": {"url": "http://127.0.0.1:7190/mcp/fetch"}},
         "theme": "dark"}"""));

    Sandbox.Run replace = Sandbox.run(command(Os.LINUX), "cursor", "--write", "--replace");

    assertThat(replace.code()).as(replace.toString()).isZero();
    assertThat(replace.out()).containsPattern("replaced\\s+github\\s+http://127.0.0.1:7190/mcp/github")
        .contains("(previous version saved as " + backup + "-1)");
    assertThat(Json.parse(Files.readAllBytes(cursor)).at("/mcpServers/github"))
        .isEqualTo(Json.parse("{\"url\": \"http://127.0.0.1:7190/mcp/github\"}"));
    assertThat(Json.parse(Files.readAllBytes(cursor)).at("/mcpServers/linear/url").asString())
        .isEqualTo("https://mcp.linear.app/sse");
  }

  @Test
  void writeWithNothingNewLeavesTheFileAndMakesNoBackup() throws IOException {
    Sandbox.run(command(Os.LINUX), "claude-code", "--write");
    Path file = box.project.resolve(".mcp.json");
    byte[] once = Files.readAllBytes(file);

    Sandbox.Run run = Sandbox.run(command(Os.LINUX), "claude-code", "--write");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("Nothing to change in " + file);
    assertThat(file).hasBinaryContent(once);
    try (var files = Files.list(box.project)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void writeCreatesAMissingFile() throws IOException {
    Sandbox.Run run = Sandbox.run(command(Os.LINUX), "vscode", "--write", "--server", "fetch");

    Path file = box.project.resolve(".vscode/mcp.json");
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("Wrote " + file + " (new file):");
    assertThat(Sandbox.read(file)).isEqualTo("""
        {
          "servers": {
            "fetch": {
              "type": "http",
              "url": "http://127.0.0.1:7190/mcp/fetch"
            }
          }
        }
        """);
  }

  @Test
  void writeIntoClaudeDesktopKeepsItsOtherSettings() throws IOException {
    Path desktop = Sandbox.write(box.appData.resolve("Claude/claude_desktop_config.json"), """
        {"globalShortcut": "Ctrl+Space", "mcpServers": {"memory": {"command": "npx"}}}""");

    Sandbox.Run run = Sandbox.run(command(Os.WINDOWS), "claude-desktop", "--write", "--server", "switchboard");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(Json.parse(Files.readAllBytes(desktop))).isEqualTo(Json.parse("""
        {"globalShortcut": "Ctrl+Space", "mcpServers": {"memory": {"command": "npx"},
         "switchboard": {"command": "npx", "args": ["-y", "mcp-remote", "http://127.0.0.1:7190/mcp/switchboard"]}}}
        """));
    assertThat(desktop.resolveSibling("claude_desktop_config.json.bak-20250102-030405")).exists();
  }

  @Test
  void anInvalidClientFileIsNotTouched() throws IOException {
    Path cursor = Sandbox.write(box.home.resolve(".cursor/mcp.json"), "{\"mcpServers\": [");
    byte[] original = Files.readAllBytes(cursor);

    Sandbox.Run run = Sandbox.run(command(Os.LINUX), "cursor", "--write");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains(cursor.toString()).contains("not valid JSON");
    assertThat(cursor).hasBinaryContent(original);
    try (var files = Files.list(cursor.getParent())) {
      assertThat(files).containsExactly(cursor);
    }
  }

  @Test
  void unknownServerExitsThree() {
    Sandbox.Run run = Sandbox.run(command(Os.LINUX), "cursor", "--server", "nope");

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err()).contains("Not configured: nope. Configured servers: github, fetch, switchboard");
  }

  @Test
  void badUrlOrClientIsAUsageError() {
    assertThat(Sandbox.run(command(Os.LINUX), "cursor", "--url", "ftp://x").code()).isEqualTo(2);
    Sandbox.Run run = Sandbox.run(command(Os.LINUX), "emacs");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("expected one of claude-desktop, claude-code, cursor, vscode");
  }

  @Test
  void invalidConfigExitsOne() throws IOException {
    Sandbox.write(box.config(), "{\"mcpServers\": {\"x\": {}}}");

    Sandbox.Run run = Sandbox.run(command(Os.LINUX), "cursor");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("$.mcpServers.x");
  }

  @Test
  void withoutAConfigOnlyTheBuiltinIsOffered() throws IOException {
    Files.delete(box.config());

    Sandbox.Run run = Sandbox.run(command(Os.LINUX), "claude-code");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("claude mcp add --transport http switchboard http://127.0.0.1:7182/mcp/switchboard")
        .doesNotContain("github");
  }
}
