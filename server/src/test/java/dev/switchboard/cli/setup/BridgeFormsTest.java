package dev.switchboard.cli.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code connect CLIENT --bridge} and {@code import --rewrite}: client entries that launch the bridge. */
class BridgeFormsTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir
  Path tmp;

  Sandbox box;
  Path launcher;
  Path desktop;

  @BeforeEach
  void setUp() throws IOException {
    box = new Sandbox(tmp);
    launcher = Sandbox.write(tmp.resolve("repo/bin/switchboard"), "#!/bin/sh\n");
    desktop = box.home.resolve(".config/Claude/claude_desktop_config.json");
  }

  @Test
  void connectPrintsTheBridgeFormWithTheLaunchersAbsolutePath() throws IOException {
    Sandbox.write(box.config(), "{\"mcpServers\": {\"github\": {\"command\": \"gh-mcp\"}}}");

    Sandbox.Run run = Sandbox.run(connect(), "claude-desktop", "--server", "github", "--bridge");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("""
        {
          "mcpServers": {
            "github": {
              "command": "%s",
              "args": [
                "bridge",
                "github"
              ]
            }
          }
        }
        """.formatted(launcher.toAbsolutePath())).doesNotContain("mcp-remote").doesNotContain("http://");
    assertThat(desktop).doesNotExist();
  }

  @Test
  void connectWritesTheBridgeFormAfterABackup() throws IOException {
    Sandbox.write(box.config(), "{\"mcpServers\": {\"github\": {\"command\": \"gh-mcp\"}}}");
    Sandbox.write(box.project.resolve(".vscode/mcp.json"), "{\"servers\": {\"other\": {\"command\": \"x\"}}}");

    Sandbox.Run run = Sandbox.run(connect(), "vscode", "--server", "github", "--bridge", "--write");

    assertThat(run.code()).as(run.toString()).isZero();
    JsonNode written = Json.parse(Files.readAllBytes(box.project.resolve(".vscode/mcp.json")));
    assertThat(written.path("servers").path("github")).isEqualTo(Json.parse("{\"type\":\"stdio\",\"command\":\""
        + launcher.toAbsolutePath() + "\",\"args\":[\"bridge\",\"github\"]}"));
    assertThat(written.path("servers").has("other")).isTrue();
    try (Stream<Path> files = Files.list(box.project.resolve(".vscode"))) {
      assertThat(files.filter(f -> f.getFileName().toString().contains(".bak"))).hasSize(1);
    }
  }

  @Test
  void importRewriteDryRunShowsTheChangeAndWritesNothing() throws IOException {
    String original = clientFile();

    Sandbox.Run run = Sandbox.run(importer(), "--from", "claude-desktop", "--rewrite", "--dry-run");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("--- " + desktop)
        .contains(
            "- mcpServers.memory: {\"command\":\"npx\",\"args\":[\"-y\",\"@modelcontextprotocol/server-memory\"]}")
        .contains("+ mcpServers.memory: {\"command\":\"" + launcher.toAbsolutePath()
            + "\",\"args\":[\"bridge\",\"memory\"]}");
    assertThat(Sandbox.read(desktop)).isEqualTo(original);
    assertThat(box.config()).doesNotExist();
  }

  @Test
  void importRewriteReplacesOnlyWhatSwitchboardNowServesAndBacksUpFirst() throws IOException {
    Sandbox.write(box.config(), "{\"mcpServers\": {\"fs\": {\"command\": \"other-fs\"}}}");
    String original = clientFile();

    Sandbox.Run run = Sandbox.run(importer(), "--from", "claude-desktop", "--rewrite");

    assertThat(run.code()).as(run.toString()).isZero();
    JsonNode rewritten = Json.parse(Files.readAllBytes(desktop));
    assertThat(rewritten.path("mcpServers").path("memory").path("args").toString())
        .isEqualTo("[\"bridge\",\"memory\"]");
    assertThat(rewritten.path("mcpServers").path("fs").path("command").asString())
        .as("a conflicting name stays the client's own").isEqualTo("npx");
    assertThat(rewritten.path("globalShortcut").asString()).isEqualTo("Ctrl+Space");
    Optional<Path> backup;
    try (Stream<Path> files = Files.list(desktop.getParent())) {
      backup = files.filter(f -> f.getFileName().toString().contains(".bak")).findFirst();
    }
    assertThat(backup).isPresent();
    assertThat(Sandbox.read(backup.get())).isEqualTo(original);
    assertThat(Json.parse(Files.readAllBytes(box.config())).path("mcpServers").has("memory")).isTrue();
  }

  private String clientFile() throws IOException {
    Sandbox.write(desktop, """
        {
          "globalShortcut": "Ctrl+Space",
          "mcpServers": {
            "fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/data"]},
            "memory": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"]}
          }
        }
        """);
    return Sandbox.read(desktop);
  }

  private ConnectCommand connect() {
    return new ConnectCommand(box.platform(Os.LINUX), CLOCK, os -> Optional.of(launcher));
  }

  private ImportCommand importer() {
    return new ImportCommand(box.platform(Os.LINUX), CLOCK, os -> Optional.of(launcher));
  }
}
