package dev.switchboard.cli.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ImportCommandTest {
  private static final String EXISTING = """
      {
        "$schema": "https://switchboard.dev/schema/config.json",
        "mcpServers": {
          "fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/data"],
                 "description": "files"}
        },
        "gateway": {"port": 7190, "sessions": {"idleTimeout": "10m"}, "allowedOrigins": ["https://example.com"]}
      }
      """;

  @TempDir
  Path tmp;

  Sandbox box;
  Path desktop;
  Path claudeJson;
  Path projectMcp;
  Path cursor;
  Path vscode;

  @BeforeEach
  void setUp() throws IOException {
    box = new Sandbox(tmp);
    desktop = box.home.resolve(".config/Claude/claude_desktop_config.json");
    claudeJson = box.home.resolve(".claude.json");
    projectMcp = box.project.resolve(".mcp.json");
    cursor = box.home.resolve(".cursor/mcp.json");
    vscode = box.home.resolve(".config/Code/User/mcp.json");
  }

  /** One file per client, overlapping in every way an import has to handle. */
  private Map<Path, byte[]> writeClientFiles() throws IOException {
    Sandbox.write(desktop, """
        {
          "globalShortcut": "Ctrl+Space",
          "mcpServers": {
            "fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/data"]},
            "memory": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"]}
          }
        }
        """);
    Sandbox.write(claudeJson, """
        {
          "numStartups": 12,
          "mcpServers": {
            "github": {"type": "stdio", "command": "docker",
                       "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server"],
                       "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_secret"}}
          },
          "projects": {
            "/work/app": {"allowedTools": [], "mcpServers": {"db": {"command": "uvx", "args": ["mcp-db", "--ro"]}}}
          }
        }
        """);
    Sandbox.write(projectMcp, """
        {"mcpServers": {"db": {"command": "uvx", "args": ["mcp-db"]}}}
        """);
    Sandbox.write(cursor, """
        {
          "mcpServers": {
            "linear": {"url": "https://mcp.linear.app/sse"},
            "fetch": {"command": "uvx", "args": ["mcp-server-fetch"]},
            "fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/home"]}
          }
        }
        """);
    Sandbox.write(vscode, """
        {
          // VS Code allows comments and trailing commas here
          "inputs": [{"type": "promptString", "id": "key", "password": true}],
          "servers": {
            "memory": {"type": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"]},
            "remote": {"type": "http", "url": "https://api.example.com/mcp"},
            "time": {"command": "uvx", "args": ["mcp-server-time"], "envFile": "${workspaceFolder}/.env"},
          },
        }
        """);
    Map<Path, byte[]> bytes = new LinkedHashMap<>();
    for (Path p : new Path[] {desktop, claudeJson, projectMcp, cursor, vscode}) {
      bytes.put(p, Files.readAllBytes(p));
    }
    return bytes;
  }

  @Test
  void importsEveryClientAndReportsEachServer() throws IOException {
    Map<Path, byte[]> sources = writeClientFiles();
    Sandbox.write(box.config(), EXISTING);
    JsonNode before = Json.parse(Files.readAllBytes(box.config()));

    Sandbox.Run run = Sandbox.run(new ImportCommand(box.platform(Os.LINUX)));

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out())
        .containsPattern("added\\s+memory\\s+npx -y @modelcontextprotocol/server-memory")
        .contains("from " + desktop + " and " + vscode)
        .containsPattern("added\\s+github\\s+docker run -i --rm ghcr.io/github/github-mcp-server  env: "
            + "GITHUB_PERSONAL_ACCESS_TOKEN")
        .containsPattern("added\\s+fetch\\s+uvx mcp-server-fetch")
        .containsPattern("added\\s+time\\s+uvx mcp-server-time")
        .contains("not imported: envFile")
        .containsPattern("conflict\\s+fs\\s+differs from the entry already in the config \\(args\\)")
        .contains(cursor + ":  npx -y @modelcontextprotocol/server-filesystem /home")
        .contains("same as the config: " + desktop)
        .containsPattern("conflict\\s+db\\s+the sources disagree \\(args\\); not imported")
        .contains(claudeJson + " (project /work/app):  uvx mcp-db --ro")
        .contains(projectMcp + ":  uvx mcp-db")
        .containsPattern("skipped\\s+linear\\s+remote server \\(https://mcp.linear.app/sse\\)")
        .containsPattern("skipped\\s+remote\\s+remote server \\(https://api.example.com/mcp\\)")
        .contains("4 added, 0 unchanged, 2 conflicts, 2 skipped.")
        .doesNotContain("ghp_secret");
    // fs is both unchanged (Claude Desktop) and a conflict (Cursor): one row, the conflict.
    assertThat(run.out()).doesNotContainPattern("unchanged\\s+fs");

    JsonNode after = Json.parse(Files.readAllBytes(box.config()));
    assertThat(after.get("gateway")).isEqualTo(before.get("gateway"));
    assertThat(after.get("$schema")).isEqualTo(before.get("$schema"));
    assertThat(after.get("mcpServers").get("fs")).isEqualTo(before.get("mcpServers").get("fs"));
    assertThat(after.get("mcpServers").propertyNames())
        .containsExactly("fs", "memory", "github", "fetch", "time");
    assertThat(after.at("/mcpServers/github")).isEqualTo(Json.parse("""
        {"command": "docker", "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server"],
         "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_secret"}}"""));
    assertThat(after.at("/mcpServers/time")).isEqualTo(Json.parse("""
        {"command": "uvx", "args": ["mcp-server-time"]}"""));
    assertThat(ConfigLoader.load(box.config()).servers()).containsKeys("fs", "memory", "github", "fetch", "time");
    assertThat(Sandbox.read(box.config())).startsWith("{\n  \"$schema\": ").endsWith("}\n");
    sources.forEach((file, content) -> assertThat(file).hasBinaryContent(content));
  }

  @Test
  void aSecondImportFindsEverythingPresent() throws IOException {
    writeClientFiles();
    Sandbox.write(box.config(), EXISTING);
    assertThat(Sandbox.run(new ImportCommand(box.platform(Os.LINUX))).code()).isZero();
    byte[] once = Files.readAllBytes(box.config());

    Sandbox.Run again = Sandbox.run(new ImportCommand(box.platform(Os.LINUX)));

    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out()).contains("0 added, 4 unchanged, 2 conflicts, 2 skipped.")
        .contains("Nothing to add; " + box.config() + " is unchanged.");
    assertThat(box.config()).hasBinaryContent(once);
  }

  @Test
  void dryRunPrintsThePlanAndWritesNothing() throws IOException {
    Map<Path, byte[]> sources = writeClientFiles();
    Sandbox.write(box.config(), EXISTING);
    byte[] config = Files.readAllBytes(box.config());

    Sandbox.Run run = Sandbox.run(new ImportCommand(box.platform(Os.LINUX)), "--dry-run");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("(dry run)").containsPattern("added\\s+memory")
        .contains("Dry run: would add 4 server(s) to " + box.config() + "; nothing written.");
    assertThat(box.config()).hasBinaryContent(config);
    sources.forEach((file, content) -> assertThat(file).hasBinaryContent(content));
    try (var files = Files.list(box.switchboardHome)) {
      assertThat(files).containsExactly(box.config());
    }
  }

  @Test
  void dryRunDoesNotCreateAMissingConfig() throws IOException {
    writeClientFiles();

    Sandbox.Run run = Sandbox.run(new ImportCommand(box.platform(Os.LINUX)), "--dry-run", "--from", "cursor");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(box.switchboardHome).doesNotExist();
  }

  @Test
  void createsTheConfigWhenMissing() throws IOException {
    writeClientFiles();

    Sandbox.Run run = Sandbox.run(new ImportCommand(box.platform(Os.LINUX)), "--from", "cursor");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).containsPattern("added\\s+fetch").containsPattern("added\\s+fs")
        .containsPattern("skipped\\s+linear").contains("2 added, 0 unchanged, 0 conflicts, 1 skipped.");
    assertThat(Json.parse(Files.readAllBytes(box.config()))).isEqualTo(Json.parse("""
        {"mcpServers": {
          "fetch": {"command": "uvx", "args": ["mcp-server-fetch"]},
          "fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/home"]}}}"""));
  }

  @Test
  void explicitConfigAndSourceFileAreResolvedAgainstTheWorkingDirectory() throws IOException {
    Sandbox.write(box.project.resolve("exported.json"), """
        {"mcpServers": {"notes": {"command": "notes-mcp", "cwd": "/srv/notes", "env": {"MODE": "ro"}}}}""");

    Sandbox.Run run = Sandbox.run(new ImportCommand(box.platform(Os.LINUX)), "--from", "exported.json",
        "--config", "sb.json");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).containsPattern("added\\s+notes\\s+notes-mcp  env: MODE  cwd: /srv/notes");
    assertThat(Json.parse(Files.readAllBytes(box.project.resolve("sb.json"))).at("/mcpServers/notes/cwd").asString())
        .isEqualTo("/srv/notes");
  }

  @Test
  void invalidSourceExitsOneNamingTheFileAndWritesNothing() throws IOException {
    writeClientFiles();
    Sandbox.write(cursor, "{\"mcpServers\": {\"fetch\": {\"command\": \"uvx\",}");
    Sandbox.write(box.config(), EXISTING);
    byte[] config = Files.readAllBytes(box.config());

    Sandbox.Run run = Sandbox.run(new ImportCommand(box.platform(Os.LINUX)));

    assertThat(run.code()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains(cursor.toString()).contains("not valid JSON").contains("Nothing was written");
    assertThat(box.config()).hasBinaryContent(config);
  }

  @Test
  void missingExplicitSourceFileExitsOne() {
    Sandbox.Run run = Sandbox.run(new ImportCommand(box.platform(Os.LINUX)), "--from", "nope.json");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains(box.project.resolve("nope.json") + ": no such file");
  }

  @Test
  void invalidExistingConfigIsNeverRewritten() throws IOException {
    writeClientFiles();
    Sandbox.write(box.config(), "{\"mcpServers\": {}, \"gateway\": {\"port\": \"high\"}}");
    byte[] config = Files.readAllBytes(box.config());

    Sandbox.Run run = Sandbox.run(new ImportCommand(box.platform(Os.LINUX)), "--from", "cursor");

    assertThat(run.code()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("would be invalid").contains("$.gateway.port");
    assertThat(box.config()).hasBinaryContent(config);
  }

  @Test
  void entriesThatCannotBeImportedAreSkippedWithTheReason() throws IOException {
    Sandbox.write(desktop, """
        {"mcpServers": {
          "switchboard": {"command": "npx", "args": ["-y", "mcp-remote", "http://127.0.0.1:7182/mcp/switchboard"]},
          "gh-via-gateway": {"command": "npx", "args": ["-y", "mcp-remote", "http://localhost:7190/mcp/github"]},
          "bad name!": {"command": "x"},
          "off": {"command": "x", "disabled": true},
          "broken": {"command": "x", "args": "--flag"},
          "sse": {"type": "sse", "url": "https://example.com/sse"},
          "ok": {"command": "x", "args": ["${HOME}/data"]}
        }}""");
    Sandbox.write(box.config(), EXISTING);

    Sandbox.Run run = Sandbox.run(new ImportCommand(box.platform(Os.LINUX)), "--from", "claude-desktop");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out())
        .containsPattern("skipped\\s+switchboard\\s+the name is reserved for Switchboard's built-in server")
        .containsPattern("skipped\\s+gh-via-gateway\\s+it reaches Switchboard itself")
        .containsPattern("skipped\\s+bad name!\\s+Switchboard names use only")
        .containsPattern("skipped\\s+off\\s+disabled in the source")
        .containsPattern("skipped\\s+broken\\s+not a usable stdio server: \"args\" is not an array of strings")
        .containsPattern("skipped\\s+sse\\s+remote server \\(https://example.com/sse\\)")
        .containsPattern("added\\s+ok\\s+x '\\$\\{HOME\\}/data'")
        .contains("uses ${...} placeholders");
  }

  @Test
  void windowsLocationsComeFromAppData() throws IOException {
    Path winDesktop = Sandbox.write(box.appData.resolve("Claude/claude_desktop_config.json"), """
        {"mcpServers": {"memory": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"]}}}""");
    Path winCode = Sandbox.write(box.appData.resolve("Code/User/mcp.json"), """
        {"servers": {"time": {"command": "uvx", "args": ["mcp-server-time"]}}}""");
    Sandbox.write(desktop, "{\"mcpServers\": {\"linux-only\": {\"command\": \"x\"}}}");

    Sandbox.Run run = Sandbox.run(new ImportCommand(box.platform(Os.WINDOWS)), "--from", "claude-desktop",
        "--from", "vscode");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("from " + winDesktop).contains("from " + winCode).doesNotContain("linux-only");
    assertThat(Json.parse(Files.readAllBytes(box.config())).get("mcpServers").propertyNames())
        .containsExactly("memory", "time");
  }

  @Test
  void macLocationsAreUnderApplicationSupport() throws IOException {
    Path macDesktop = Sandbox.write(
        box.home.resolve("Library/Application Support/Claude/claude_desktop_config.json"),
        "{\"mcpServers\": {\"memory\": {\"command\": \"npx\"}}}");
    Path macCode = Sandbox.write(box.home.resolve("Library/Application Support/Code/User/mcp.json"),
        "{\"servers\": {\"time\": {\"command\": \"uvx\"}}}");

    Sandbox.Run run = Sandbox.run(new ImportCommand(box.platform(Os.MACOS)), "--dry-run");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("from " + macDesktop).contains("from " + macCode);
  }

  @Test
  void aClientWithoutFilesIsReported() {
    Sandbox.Run run = Sandbox.run(new ImportCommand(box.platform(Os.LINUX)), "--from", "cursor");

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("No Cursor config found; looked in [" + cursor + ", "
        + box.project.resolve(".cursor/mcp.json") + "]").contains("Nothing to import");
  }

  @Test
  void helpListsTheExitCodes() {
    Sandbox.Run run = Sandbox.run(new ImportCommand(box.platform(Os.LINUX)), "--help");

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("--dry-run").contains("Exit codes:").contains("1   a source file");
  }
}
