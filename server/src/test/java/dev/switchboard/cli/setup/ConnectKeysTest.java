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
import tools.jackson.databind.JsonNode;

/**
 * With API keys on, {@code connect} puts {@code Authorization: Bearer KEY} into every client form, the key from
 * {@code --api-key} or {@code SWITCHBOARD_API_KEY}, and refuses to print a form that could not authenticate.
 */
class ConnectKeysTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir
  Path tmp;

  Sandbox box;

  @BeforeEach
  void setUp() throws IOException {
    box = new Sandbox(tmp);
    Sandbox.write(box.config(), """
        {"mcpServers": {"github": {"command": "gh-mcp"}},
         "gateway": {"port": 7190, "auth": {"keys": [{"name": "me", "key": "s3cret-s3cret-s3cret"}]}}}""");
  }

  private Sandbox.Run connect(Os os, String... args) {
    return Sandbox.run(new ConnectCommand(box.platform(os), CLOCK), args);
  }

  @Test
  void claudeCodeCommandsAndProjectFileCarryTheHeader() {
    Sandbox.Run run = connect(Os.LINUX, "claude-code", "--server", "github", "--api-key", "s3cret-s3cret-s3cret");
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("  claude mcp add --transport http github http://127.0.0.1:7190/mcp/github "
        + "--header 'Authorization: Bearer s3cret-s3cret-s3cret'\n");
    assertThat(printedJson(run).at("/mcpServers/github/headers/Authorization").asString())
        .isEqualTo("Bearer s3cret-s3cret-s3cret");
  }

  @Test
  void claudeDesktopPassesTheHeaderToMcpRemoteThroughItsEnvironment() {
    box.env.put("SWITCHBOARD_API_KEY", "from-env-from-env-from-env");
    Sandbox.Run run = connect(Os.MACOS, "claude-desktop", "--server", "github");
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(printedJson(run).at("/mcpServers/github")).isEqualTo(Json.parse("""
        {"command": "npx",
         "args": ["-y", "mcp-remote", "http://127.0.0.1:7190/mcp/github", "--header",
                  "Authorization:${SWITCHBOARD_AUTH_HEADER}"],
         "env": {"SWITCHBOARD_AUTH_HEADER": "Bearer from-env-from-env-from-env"}}"""));
  }

  @Test
  void cursorAndVsCodeGetHeadersAndTheOptionBeatsTheEnvironment() {
    box.env.put("SWITCHBOARD_API_KEY", "from-env-from-env-from-env");
    Sandbox.Run cursor = connect(Os.LINUX, "cursor", "--server", "github", "--api-key", "given-given-given-given");
    assertThat(printedJson(cursor).at("/mcpServers/github")).isEqualTo(Json.parse("""
        {"url": "http://127.0.0.1:7190/mcp/github",
         "headers": {"Authorization": "Bearer given-given-given-given"}}"""));
    Sandbox.Run vscode = connect(Os.LINUX, "vscode", "--server", "github");
    assertThat(printedJson(vscode).at("/servers/github")).isEqualTo(Json.parse("""
        {"type": "http", "url": "http://127.0.0.1:7190/mcp/github",
         "headers": {"Authorization": "Bearer from-env-from-env-from-env"}}"""));
  }

  @Test
  void writeMergesTheHeaderIntoTheClientFile() throws IOException {
    Sandbox.Run run = connect(Os.LINUX, "cursor", "--write", "--api-key", "s3cret-s3cret-s3cret");
    assertThat(run.code()).as(run.toString()).isZero();
    JsonNode written = Json.parse(Files.readAllBytes(box.home.resolve(".cursor/mcp.json")));
    assertThat(written.at("/mcpServers/github/headers/Authorization").asString())
        .isEqualTo("Bearer s3cret-s3cret-s3cret");
  }

  @Test
  void keysOnWithoutAKeyIsAClearErrorAndNothingIsWritten() {
    Sandbox.Run run = connect(Os.LINUX, "cursor", "--write");
    assertThat(run.code()).as(run.toString()).isEqualTo(5);
    assertThat(run.err()).contains("API keys are configured", "--api-key", "SWITCHBOARD_API_KEY");
    assertThat(box.home.resolve(".cursor/mcp.json")).doesNotExist();
  }

  @Test
  void withoutKeysTheFormsHaveNoHeader() throws IOException {
    Sandbox.write(box.config(), """
        {"mcpServers": {"github": {"command": "gh-mcp"}}, "gateway": {"port": 7190}}""");
    Sandbox.Run run = connect(Os.LINUX, "cursor", "--server", "github");
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(printedJson(run).at("/mcpServers/github")).isEqualTo(Json.parse("""
        {"url": "http://127.0.0.1:7190/mcp/github"}"""));
  }

  /** The JSON document in the printed text: from the first line that is "{" to the line that is "}". */
  private static JsonNode printedJson(Sandbox.Run run) {
    String out = run.out();
    int start = out.indexOf("\n{\n") + 1;
    int end = out.indexOf("\n}\n", start) + 2;
    return Json.parse(out.substring(start, end).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
