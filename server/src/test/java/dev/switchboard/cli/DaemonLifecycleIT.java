package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.daemon.PidFile;
import dev.switchboard.daemon.StateFile;
import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The daemon's lifecycle through the real CLI, each command a separate process on a temporary home: start, status,
 * a second start, stop, a kill -9 and a stale PID file, port fallback, and reload while a session keeps working
 * (with {@code config check --against-running} naming a setting that needs a restart), and its access log's rotation.
 */
@Timeout(300)
class DaemonLifecycleIT {
  @TempDir
  Path home;

  Cli cli;
  /** Request ids for {@link #echo}; unique across the test's sessions. */
  private int ids;

  @AfterEach
  void stopDaemon() throws Exception {
    if (cli != null) {
      cli.run("stop", "--timeout", "10s");
    }
  }

  @Test
  void startStatusSecondStartStopAndStatusAgain() throws Exception {
    cli = new Cli(home);
    Cli.Result started = cli.run("start", "--port", "0");
    assertThat(started.exit()).as(started.err()).isZero();
    assertThat(started.out()).contains("✅ Switchboard started", "URL: http://127.0.0.1:", "Process ID: ");

    Cli.Result status = cli.run("status");
    assertThat(status.exit()).isZero();
    StateFile state = StateFile.read(home.resolve("state.json")).orElseThrow();
    assertThat(status.out()).contains("✅ Switchboard is running", "URL: " + state.url(), "Active sessions: 0",
        "Process ID: " + state.pid());

    Cli.Result again = cli.run("start", "--port", "0");
    assertThat(again.exit()).isZero();
    assertThat(again.out()).contains("already running", state.url());
    assertThat(StateFile.read(home.resolve("state.json")).orElseThrow().pid()).isEqualTo(state.pid());

    Cli.Result json = cli.run("status", "--json");
    assertThat(Json.parse(json.out()).path("health").path("activeSessions").asInt(-1)).isZero();

    assertThat(cli.run("stop").exit()).isZero();
    assertThat(ProcessHandle.of(state.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    Cli.Result stopped = cli.run("status");
    assertThat(stopped.exit()).isEqualTo(3);
    assertThat(stopped.out()).contains("not running");
    assertThat(home.resolve("switchboard.pid")).doesNotExist();
    assertThat(cli.run("stop").exit()).as("stop when nothing runs").isZero();
  }

  @Test
  void killMinusNineLeavesAStalePidFileThatStatusReportsAndStartRecovers() throws Exception {
    cli = new Cli(home);
    assertThat(cli.run("start", "--port", "0").exit()).isZero();
    long pid = PidFile.read(new dev.switchboard.config.Home(home)).orElseThrow().pid();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    await().atMost(Duration.ofSeconds(20)).until(() -> cli.run("status").exit() == 4);
    assertThat(home.resolve("switchboard.pid")).doesNotExist();
    Cli.Result restarted = cli.run("start", "--port", "0");
    assertThat(restarted.exit()).as(restarted.err()).isZero();
    assertThat(restarted.out()).contains("✅ Switchboard started");
    assertThat(cli.run("status").exit()).isZero();
  }

  @Test
  void aTakenPortFallsBackToTheNextAndRecordsIt() throws Exception {
    cli = new Cli(home);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Cli.Result started = cli.run("start", "--port", Integer.toString(port));
      assertThat(started.exit()).as(started.err()).isZero();
      StateFile state = StateFile.read(home.resolve("state.json")).orElseThrow();
      assertThat(state.port()).isGreaterThan(port).isLessThanOrEqualTo(port + 10);
      assertThat(started.out()).contains(state.url());
      assertThat(get(state.url() + "/health").path("status").asString()).isEqualTo("ok");
    }
  }

  @Test
  void startShowsEachServersStateAndWhyOneFailedFromTheStart() throws Exception {
    cli = new Cli(home);
    ObjectNode config = Json.object();
    config.putObject("mcpServers").set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    ((ObjectNode) config.get("mcpServers")).putObject("ghost").put("command", "no-such-mcp-server-anywhere");
    Files.write(home.resolve("config.json"), Json.bytes(config));
    Cli.Result started = cli.run("start", "--port", "0");
    assertThat(started.exit()).as(started.err()).isZero();
    assertThat(started.out()).contains("Servers:").containsPattern("fixture +ready")
        .containsPattern("ghost +failed .*command not found: no-such-mcp-server-anywhere");
  }

  @Test
  void statusShowsEachServersCallsAndLatencyAndTheAccessLogHasTheCalls() throws Exception {
    cli = new Cli(home);
    ObjectNode config = Json.object();
    config.putObject("mcpServers").set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    Files.write(home.resolve("config.json"), Json.bytes(config));
    assertThat(cli.run("start", "--port", "0").exit()).isZero();
    StateFile state = StateFile.read(home.resolve("state.json")).orElseThrow();
    StreamableSession session = open(state.url() + "/mcp/fixture");
    assertThat(echo(session, "one")).isEqualTo("one");
    assertThat(echo(session, "two")).isEqualTo("two");

    Cli.Result status = cli.run("status");
    // initialize and two calls, none failed, on the session's one child, which never had to be restarted
    assertThat(status.out()).containsPattern("fixture +running +1 +3 +0 +[0-9.]+ms +[0-9.]+ms +0\\n");
    JsonNode figures = Json.parse(cli.run("status", "--json").out()).path("stats").path("servers").path("fixture");
    assertThat(figures.path("errors").asInt(-1)).isZero();
    assertThat(figures.path("restarts").asInt(-1)).isZero();
    Path access = home.resolve("logs/access.log");
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(access)
        && Files.readAllLines(access).stream().filter(l -> l.contains("\"tool\":\"echo\"")).count() == 2);
    assertThat(Files.readString(access)).doesNotContain("\"one\"").contains("\"transport\":\"streamable-http\"");
  }

  /**
   * The access log rotates as the main log does: past {@code logging.maxFileSize} the next line starts a new file, and
   * {@code logging.maxFiles} bounds the files kept (2: the current one and one rolled, which a second roll replaces).
   */
  @Test
  void theAccessLogRotatesAtMaxFileSizeAndKeepsMaxFiles() throws Exception {
    cli = new Cli(home);
    ObjectNode config = Json.object();
    config.putObject("mcpServers").set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    config.putObject("gateway").putObject("logging").put("maxFileSize", "1KiB").put("maxFiles", 2);
    Files.write(home.resolve("config.json"), Json.bytes(config));
    assertThat(cli.run("start", "--port", "0").exit()).isZero();
    StreamableSession session = open(StateFile.read(home.resolve("state.json")).orElseThrow().url()
        + "/mcp/fixture");
    Path logs = home.resolve("logs");
    Path rolled = logs.resolve("access.1.log");
    // a call's line is about 400 bytes, and the size is looked at once a second: calls go on until it rolls (in
    // well under 30 s; logback's own default, once a minute, would not roll it in time)
    await("the first roll").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> echo(session, "fill").equals("fill") && Files.exists(rolled));
    String first = Files.readAllLines(rolled).get(0);
    await("a second roll").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
        .until(() -> echo(session, "fill").equals("fill") && !Files.readAllLines(rolled).get(0).equals(first));
    assertThat(Json.parse(Files.readAllLines(rolled).get(0)).path("kind").asString()).isEqualTo("request");
    assertThat(logs.resolve("access.log")).exists();
    assertThat(logs.resolve("access.2.log")).as("maxFiles 2: the current file and one rolled").doesNotExist();
  }

  @Test
  void reloadAddsAndRemovesServersWhileASessionOnAnotherKeepsWorking() throws Exception {
    cli = new Cli(home);
    ObjectNode config = Json.object();
    config.putObject("mcpServers").set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    Files.write(home.resolve("config.json"), Json.bytes(config));
    assertThat(cli.run("start", "--port", "0").exit()).isZero();
    StateFile state = StateFile.read(home.resolve("state.json")).orElseThrow();
    StreamableSession session = open(state.url() + "/mcp/fixture");
    assertThat(echo(session, "before")).isEqualTo("before");

    ((ObjectNode) config.get("mcpServers")).set("extra", Fixtures.server(Fixtures.CONFORMANCE));
    Files.write(home.resolve("config.json"), Json.bytes(config));
    // the daemon watches its config file, so the change may already be in effect; reload must agree either way
    Cli.Result reloaded = cli.run("reload");
    assertThat(reloaded.exit()).as(reloaded.err()).isZero();
    assertThat(reloaded.out()).contains("\"extra\"").doesNotContain("\"removed\":[\"fixture");
    assertThat(echo(open(state.url() + "/mcp/extra"), "new server")).isEqualTo("new server");
    assertThat(echo(session, "during")).isEqualTo("during");

    ((ObjectNode) config.get("mcpServers")).remove("extra");
    Files.write(home.resolve("config.json"), Json.bytes(config));
    assertThat(cli.run("reload").exit()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> status(state.url() + "/mcp/extra") == 404);
    assertThat(echo(session, "after")).isEqualTo("after");

    // a setting read once at start is named, and stays pending (the watcher may have reloaded already) until a restart
    config.putObject("gateway").putObject("limits").put("maxBodyBytes", "1MiB");
    Files.write(home.resolve("config.json"), Json.bytes(config));
    Cli.Result check = cli.run("config", "check", "--against-running");
    assertThat(check.exit()).as(check.out() + check.err()).isEqualTo(4);
    assertThat(check.out()).contains("Needs a restart", "gateway.limits.maxBodyBytes");
    Cli.Result pending = cli.run("reload");
    assertThat(pending.exit()).as(pending.err()).isZero();
    assertThat(pending.out()).contains("\"needsRestart\":[\"gateway.limits.maxBodyBytes\"]",
        "Needs a restart (switchboard restart; the running values stay until then): gateway.limits.maxBodyBytes");
    assertThat(echo(session, "still")).isEqualTo("still");
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    return Json.parse(r.body());
  }

  /** A session opened by hand (initialize, notifications/initialized) on the endpoint at {@code url}. */
  private static StreamableSession open(String url) throws Exception {
    return new StreamableClient(url).open(StreamableClient.VERSION, "cli-it");
  }

  /** The fixture's echo of {@code text}; asserts it is a result. */
  private String echo(StreamableSession session, String text) throws Exception {
    return session.call(++ids, "echo", Json.object().put("text", text)).text();
  }

  private static int status(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).POST(
        HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream").build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
