package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.daemon.StateFile;
import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * With API keys configured, every CLI command that talks to the daemon still works (the daemon takes its per-run
 * admin token from {@code state.json} as a key), while a client without a key is refused.
 */
@Timeout(300)
class KeysEndToEndIT {
  @TempDir
  Path home;

  Cli cli;

  @AfterEach
  void stopDaemon() throws Exception {
    if (cli != null) {
      cli.run("stop", "--timeout", "10s");
    }
  }

  @Test
  void toolsCallStatusAndReloadReachTheDaemonWhenKeysAreConfigured() throws Exception {
    ObjectNode config = Json.object();
    config.putObject("mcpServers").set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    config.putObject("gateway").putObject("auth").putArray("keys").addObject().put("name", "someone")
        .put("key", "not-the-cli-but-someone-else");
    Files.write(home.resolve("config.json"), Json.bytes(config));
    cli = new Cli(home);
    Cli.Result started = cli.run("start", "--port", "0");
    assertThat(started.exit()).as(started.err()).isZero();
    StateFile state = StateFile.read(home.resolve("state.json")).orElseThrow();
    assertThat(status(state.url() + "/mcp/fixture")).as("no key, no entry").isEqualTo(401);

    Cli.Result tools = cli.run("tools", "fixture", "-v");
    assertThat(tools.exit()).as(tools.err()).isZero();
    assertThat(tools.err()).contains("the Switchboard daemon at " + state.url());
    assertThat(tools.out()).contains("echo");
    Cli.Result call = cli.run("call", "fixture", "echo", "--arg", "text=through the daemon", "-v");
    assertThat(call.exit()).as(call.err()).isZero();
    assertThat(call.err()).contains("the Switchboard daemon at");
    assertThat(call.out()).contains("through the daemon");
    Cli.Result status = cli.run("status");
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out()).contains("fixture");
    assertThat(cli.run("reload").exit()).isZero();
  }

  @Test
  void aDaemonStartedWithTheEnvironmentKeyServesTheCliOfThatEnvironment() throws Exception {
    ObjectNode config = Json.object();
    config.putObject("mcpServers").set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    Files.write(home.resolve("config.json"), Json.bytes(config));
    cli = new Cli(home, Map.of("SWITCHBOARD_API_KEY", "K"));
    assertThat(cli.run("start", "--port", "0").exit()).isZero();
    StateFile state = StateFile.read(home.resolve("state.json")).orElseThrow();
    assertThat(status(state.url() + "/mcp/fixture")).isEqualTo(401);
    Cli.Result tools = cli.run("tools", "fixture", "-v");
    assertThat(tools.exit()).as(tools.err()).isZero();
    assertThat(tools.err()).contains("the Switchboard daemon at");
  }

  @Test
  void aKeyRevokedOnASingleNodeIsRefusedUntilTheRevocationIsLifted() throws Exception {
    ObjectNode config = Json.object();
    config.putObject("mcpServers").set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    config.putObject("gateway").putObject("auth").putArray("keys").addObject().put("name", "someone")
        .put("key", "not-the-cli-but-someone-else");
    Files.write(home.resolve("config.json"), Json.bytes(config));
    cli = new Cli(home);
    assertThat(cli.run("start", "--port", "0").exit()).isZero();
    String url = StateFile.read(home.resolve("state.json")).orElseThrow().url() + "/mcp/fixture";
    assertThat(initialize(url, "not-the-cli-but-someone-else")).isEqualTo(200);

    Cli.Result revoked = cli.run("revoke", "someone");
    assertThat(revoked.exit()).as(revoked.err()).isZero();
    assertThat(revoked.out()).contains("Revoked 'someone' on this node", "until it restarts");
    assertThat(initialize(url, "not-the-cli-but-someone-else")).isEqualTo(401);

    Cli.Result lifted = cli.run("revoke", "--undo", "someone");
    assertThat(lifted.exit()).as(lifted.err()).isZero();
    assertThat(lifted.out()).contains("'someone' is let in again on this node");
    assertThat(initialize(url, "not-the-cli-but-someone-else")).isEqualTo(200);
    Cli.Result twice = cli.run("revoke", "--undo", "someone");
    assertThat(twice.exit()).isEqualTo(1);
    assertThat(twice.err()).contains("'someone' is not revoked");
  }

  private static int initialize(String url, String key) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).POST(
        HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\","
            + "\"version\":\"1\"}}}")).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + key).header("Accept", "application/json, text/event-stream").build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static int status(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).POST(
        HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream").build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
