package dev.switchboard.cli.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.daemon.StateFile;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.TestGateway;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code switchboard bridge fixture} as a real process between a stdio client (this test, over pipes) and a real
 * gateway found through the home's {@code state.json}: the relay, progress, stdout hygiene, the end of input, a
 * gateway restart behind the client's back, a call in flight when the daemon is killed, and the fallback to the configured server when no daemon answers.
 */
@Timeout(180)
class BridgeIT {
  @TempDir
  Path home;
  private TestGateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void relaysEverythingThroughTheDaemonAndLeavesNoSessionBehind() throws Exception {
    gateway = daemonFor(0);
    try (BridgeProcess bridge = BridgeProcess.start(home, "fixture", "-v")) {
      Message.Response init = bridge.initialize();
      assertThat(init.result().path("serverInfo").path("name").asString())
          .isEqualTo("switchboard-conformance-fixture");
      Message tools = bridge.call(2, "tools/list", Json.object());
      assertThat(tools.node().path("result").path("tools").toString()).contains("\"echo\"");
      Message echo = bridge.call(3, "tools/call", Json.parse("{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}"));
      assertThat(echo.node().path("result").path("content").path(0).path("text").asString()).isEqualTo("hi");
      await().until(() -> sessions() == 1);

      bridge.send(Message.request(RequestId.of(4), "tools/call", Json.parse("""
          {"name":"slow","arguments":{"ms":300,"steps":3},"_meta":{"progressToken":"p-4"}}""")));
      Message progress = bridge.next(m -> m instanceof Message.Notification n
          && n.method().equals("notifications/progress"));
      assertThat(progress.node().path("params").path("progressToken").asString()).isEqualTo("p-4");
      Message slow = bridge.next(m -> BridgeProcess.answers(m, RequestId.of(4)));
      assertThat(slow).isInstanceOf(Message.Response.class);

      bridge.send(Message.notification("notifications/bogus", null));
      bridge.sendRaw("not json\n");
      Message parseError = bridge.next(m -> m instanceof Message.ErrorResponse e && e.id() == null);
      assertThat(((Message.ErrorResponse) parseError).error().code()).isEqualTo(-32700);

      assertThat(bridge.endInput()).isZero();
      assertThat(bridge.garbage).isEmpty();
      assertThat(bridge.stderr()).contains("using the Switchboard daemon at " + gateway.mcpUrl("fixture"));
      await().atMost(Duration.ofSeconds(10)).until(() -> sessions() == 0);
    }
  }

  @Test
  void aGatewayRestartIsInvisibleToTheClient() throws Exception {
    gateway = daemonFor(0);
    int port = gateway.port();
    try (BridgeProcess bridge = BridgeProcess.start(home, "fixture", "-v")) {
      bridge.initialize();
      Message before = bridge.call(2, "tools/call", echo("before"));
      assertThat(before).isInstanceOf(Message.Response.class);
      gateway.close();
      gateway = null;
      gateway = daemonFor(port);

      // at once, and several: they race the bridge's own discovery (its GET stream's 404) that the session is gone
      List<Long> ids = List.of(3L, 4L, 5L, 6L);
      for (long id : ids) {
        bridge.send(Message.request(RequestId.of(id), "tools/call", echo("after " + id)));
      }
      for (Message after : answers(bridge, ids)) {
        assertThat(after).as(bridge.stderr()).isInstanceOfSatisfying(Message.Response.class, r -> assertThat(r
            .result().path("content").path(0).path("text").asString()).isEqualTo("after " + r.id().value().asLong()));
      }
      assertThat(bridge.stderr()).contains("new session with " + gateway.mcpUrl("fixture"));
      assertThat(sessions()).isEqualTo(1);
      assertThat(bridge.seen()).allSatisfy(m -> assertThat(m.node().path("id").asString(""))
          .doesNotStartWith("switchboard-bridge"));
      assertThat(bridge.endInput()).isZero();
      assertThat(bridge.garbage).isEmpty();
    }
  }

  @Test
  void aCallMadeWhileTheGatewayIsDownIsAnsweredWhenItComesBack() throws Exception {
    gateway = daemonFor(0);
    int port = gateway.port();
    try (BridgeProcess bridge = BridgeProcess.start(home, "fixture", "-v")) {
      bridge.initialize();
      assertThat(bridge.call(2, "tools/call", echo("before"))).isInstanceOf(Message.Response.class);
      gateway.close();
      gateway = null;

      bridge.send(Message.request(RequestId.of(3), "tools/call", echo("meanwhile")));
      await().atMost(Duration.ofSeconds(30)).until(() -> bridge.stderr().contains("waiting for the Switchboard"));
      gateway = daemonFor(port);

      Message after = bridge.next(m -> BridgeProcess.answers(m, RequestId.of(3)));
      assertThat(after).as(bridge.stderr()).isInstanceOfSatisfying(Message.Response.class, r -> assertThat(r.result()
          .path("content").path(0).path("text").asString()).isEqualTo("meanwhile"));
      assertThat(sessions()).isEqualTo(1);
      assertThat(bridge.endInput()).isZero();
      assertThat(bridge.garbage).isEmpty();
    }
  }

  @Test
  void withNoDaemonAndNoStartItRunsTheConfiguredServerItself() throws Exception {
    writeConfig();
    try (BridgeProcess bridge = BridgeProcess.start(home, "fixture", "--no-start", "-v")) {
      bridge.initialize();
      Message echo = bridge.call(2, "tools/call", echo("local"));
      assertThat(echo.node().path("result").path("content").path(0).path("text").asString()).isEqualTo("local");
      assertThat(bridge.stderr()).contains("started over stdio (no daemon runs and --no-start)")
          .contains(Fixtures.CONFORMANCE);
      assertThat(bridge.endInput()).isZero();
      assertThat(bridge.garbage).isEmpty();
    }
  }

  /**
   * The daemon cannot start (its port is taken and it may not try another): the bridge says so and runs the
   * configured server itself, so the client still works.
   */
  @Test
  void aDaemonThatCannotStartFallsBackToTheConfiguredServer() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      writeConfig(gw -> gw.put("port", taken.getLocalPort()).put("portRetries", 0));
      try (BridgeProcess bridge = BridgeProcess.start(home, "fixture", "-v")) {
        bridge.initialize();
        assertThat(text(bridge.call(2, "tools/call", echo("no daemon")))).as(bridge.stderr()).isEqualTo("no daemon");
        assertThat(bridge.stderr()).contains("starting one", "switchboard start exited with",
            "started over stdio (no daemon could be started)").doesNotContain("using the Switchboard daemon");
        assertThat(bridge.endInput()).isZero();
        assertThat(bridge.garbage).isEmpty();
      }
    }
  }

  /** {@code --log-file} takes the log {@code -v} would print, and stderr stays quiet. */
  @Test
  void theLogFileTakesTheLog() throws Exception {
    writeConfig();
    Path log = home.resolve("bridge.log");
    try (BridgeProcess bridge = BridgeProcess.start(home, "fixture", "--no-start", "--log-file", log.toString())) {
      bridge.initialize();
      assertThat(text(bridge.call(2, "tools/call", echo("logged")))).isEqualTo("logged");
      assertThat(bridge.endInput()).isZero();
      assertThat(Files.readString(log)).contains("switchboard bridge: using", "(no daemon runs and --no-start)",
          "the client closed stdin");
      assertThat(bridge.stderr()).doesNotContain("switchboard bridge:");
    }
  }

  /** SIGTERM and SIGINT end the bridge as the end of its input does: the session is deleted and the exit code is 0. */
  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT"})
  void aSignalEndsTheSessionAndExitsZero(String signal) throws Exception {
    gateway = daemonFor(0);
    try (BridgeProcess bridge = BridgeProcess.start(home, "fixture", "-v")) {
      bridge.initialize();
      assertThat(bridge.call(2, "tools/call", echo("x"))).isInstanceOf(Message.Response.class);
      assertThat(sessions()).isEqualTo(1);
      long pid = bridge.process().pid();
      Assumptions.assumeFalse(ignores(pid, signal), "SIG" + signal + " is ignored in this process tree (a shell "
          + "without job control started it in the background), and the bridge's JVM honours that");
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      assertThat(kill.waitFor()).isZero();
      Process ended = bridge.process().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(ended.exitValue()).as(bridge.stderr()).isZero();
      // not the idle timeout (30 minutes): the bridge's DELETE
      await("the session's end").atMost(Duration.ofSeconds(10)).until(() -> sessions() == 0);
      assertThat(bridge.garbage).isEmpty();
    }
  }

  /** Whether process {@code pid} ignores {@code SIGNAME} (Linux's {@code SigIgn} mask; false where there is none). */
  private static boolean ignores(long pid, String signal) throws java.io.IOException {
    Path status = Path.of("/proc/" + pid + "/status");
    if (!Files.exists(status)) {
      return false;
    }
    int number = signal.equals("INT") ? 2 : 15;
    return Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:")).findFirst()
        .map(l -> (Long.parseUnsignedLong(l.substring(7).strip(), 16) >>> (number - 1) & 1) == 1).orElse(false);
  }

  @Test
  void withNoDaemonItStartsOneInTheSameHome() throws Exception {
    writeConfig();
    try (BridgeProcess bridge = BridgeProcess.start(home, "fixture", "-v")) {
      bridge.initialize();
      Message echo = bridge.call(2, "tools/call", echo("started"));
      assertThat(echo.node().path("result").path("content").path(0).path("text").asString()).isEqualTo("started");
      StateFile state = StateFile.read(home.resolve("state.json")).orElseThrow();
      assertThat(state.pid()).isNotEqualTo(ProcessHandle.current().pid());
      assertThat(bridge.stderr()).contains("starting one", "using the Switchboard daemon at " + state.url());
      assertThat(bridge.endInput()).isZero();
    } finally {
      StateFile.read(home.resolve("state.json")).flatMap(s -> ProcessHandle.of(s.pid()))
          .ifPresent(ProcessHandle::destroy);
    }
  }

  @Test
  void onTheModulePathItStartsTheDaemonOnTheModulePathToo() throws Exception {
    writeConfig();
    Path lib = Path.of("target/switchboard/lib").toAbsolutePath();
    ProcessBuilder pb = new ProcessBuilder(Fixtures.java(), "-XX:TieredStopAtLevel=1", "--module-path", lib.toString(),
        "-m", "dev.switchboard.cli", "bridge", "fixture", "-v");
    pb.environment().put("SWITCHBOARD_HOME", home.toString());
    pb.environment().remove("SWITCHBOARD_API_KEY");
    try (BridgeProcess bridge = BridgeProcess.launch(pb, home)) {
      bridge.initialize();
      Message echo = bridge.call(2, "tools/call", echo("as a module"));
      assertThat(echo.node().path("result").path("content").path(0).path("text").asString()).isEqualTo("as a module");
      StateFile state = StateFile.read(home.resolve("state.json")).orElseThrow();
      assertThat(bridge.stderr()).contains("starting one", "using the Switchboard daemon at " + state.url());
      List<String> daemonArgs = ProcessHandle.of(state.pid()).flatMap(p -> p.info().arguments()).map(List::of)
          .orElseThrow();
      assertThat(daemonArgs).containsSubsequence("--module-path", lib.toString(), "-m",
          "dev.switchboard.cli/dev.switchboard.cli.Main", "run").doesNotContain("-cp", "-XX:TieredStopAtLevel=1");
      assertThat(bridge.endInput()).isZero();
    } finally {
      StateFile.read(home.resolve("state.json")).flatMap(s -> ProcessHandle.of(s.pid()))
          .ifPresent(ProcessHandle::destroy);
    }
  }

  @Test
  void aDaemonKilledWithSigkillIsStartedAgainAndTheClientsNextCallWorks() throws Exception {
    writeConfig();
    try (BridgeProcess bridge = BridgeProcess.start(home, "fixture", "-v")) {
      bridge.initialize();
      assertThat(text(bridge.call(2, "tools/call", echo("before")))).isEqualTo("before");
      StateFile first = StateFile.read(home.resolve("state.json")).orElseThrow();
      ProcessHandle daemon = ProcessHandle.of(first.pid()).orElseThrow();

      assertThat(daemon.destroyForcibly()).isTrue(); // SIGKILL: no DELETE, no goodbye, its state file left behind
      daemon.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);

      Message after = bridge.call(3, "tools/call", echo("after"));
      assertThat(text(after)).as(bridge.stderr()).isEqualTo("after");
      StateFile second = StateFile.read(home.resolve("state.json")).orElseThrow();
      assertThat(second.pid()).as("a new daemon of the same home").isNotEqualTo(first.pid());
      assertThat(ProcessHandle.of(second.pid()).map(ProcessHandle::isAlive)).hasValue(true);
      assertThat(bridge.stderr()).contains("new session with " + second.url());
      assertThat(bridge.endInput()).isZero();
      assertThat(bridge.garbage).isEmpty();
    } finally {
      StateFile.read(home.resolve("state.json")).flatMap(s -> ProcessHandle.of(s.pid()))
          .ifPresent(ProcessHandle::destroy);
    }
  }

  /**
   * A slow call is in flight through the bridge when its daemon dies by SIGKILL: the call ends at once with an error
   * saying it may or may not have run (never sent again, never left hanging), and the next call reaches a new daemon.
   */
  @Test
  void aCallInFlightWhenTheDaemonIsKilledFailsAsMaybeRunAndTheNextCallWorks() throws Exception {
    writeConfig();
    try (BridgeProcess bridge = BridgeProcess.start(home, "fixture", "-v")) {
      bridge.initialize();
      StateFile first = StateFile.read(home.resolve("state.json")).orElseThrow();
      bridge.send(Message.request(RequestId.of(2), "tools/call", Json.parse("""
          {"name":"slow","arguments":{"ms":120000,"steps":120},"_meta":{"progressToken":"p-2"}}""")));
      bridge.next(m -> m instanceof Message.Notification n && n.method().equals("notifications/progress"));

      ProcessHandle daemon = ProcessHandle.of(first.pid()).orElseThrow();
      assertThat(daemon.destroyForcibly()).isTrue();
      // the call would run two minutes more: an answer well before that is the bridge's, not the server's
      await("the in-flight call's answer").atMost(Duration.ofSeconds(30)).until(() -> bridge.seen().stream()
          .anyMatch(m -> BridgeProcess.answers(m, RequestId.of(2))));
      Message lost = bridge.next(m -> BridgeProcess.answers(m, RequestId.of(2)));
      assertThat(lost).as(bridge.stderr()).isInstanceOfSatisfying(Message.ErrorResponse.class, e -> assertThat(e
          .error().message()).contains("request 2", "may or may not have run").doesNotContain("null"));

      assertThat(text(bridge.call(3, "tools/call", echo("after")))).as(bridge.stderr()).isEqualTo("after");
      StateFile second = StateFile.read(home.resolve("state.json")).orElseThrow();
      assertThat(second.pid()).as("a new daemon of the same home").isNotEqualTo(first.pid());
      assertThat(bridge.seen().stream().filter(m -> BridgeProcess.answers(m, RequestId.of(2)))).as("one answer")
          .hasSize(1);
      assertThat(bridge.endInput()).isZero();
      assertThat(bridge.garbage).isEmpty();
    } finally {
      StateFile.read(home.resolve("state.json")).flatMap(s -> ProcessHandle.of(s.pid()))
          .ifPresent(ProcessHandle::destroy);
    }
  }

  private static String text(Message answer) {
    return answer.node().path("result").path("content").path(0).path("text").asString("(no text: " + answer.node()
        + ")");
  }

  @Test
  void theOfficialSdksStdioClientWorksThroughTheBridge() throws Exception {
    gateway = daemonFor(0);
    ServerParameters params = ServerParameters.builder(Fixtures.java()).args("-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), "dev.switchboard.cli.Main", "bridge", "fixture")
        .env(java.util.Map.of("SWITCHBOARD_HOME", home.toString())).build();
    StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
    try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
        .initializationTimeout(Duration.ofSeconds(60)).build()) {
      assertThat(client.initialize().serverInfo().name()).isEqualTo("switchboard-conformance-fixture");
      McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder("echo")
          .arguments(java.util.Map.of("text", "from the sdk")).build());
      assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("from the sdk");
      assertThat(sessions()).isEqualTo(1);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> sessions() == 0);
  }

  /** The answers to {@code ids}, in the order of {@code ids}, whatever order they came in. */
  private static List<Message> answers(BridgeProcess bridge, List<Long> ids) throws InterruptedException {
    Map<Object, Message> byId = new HashMap<>();
    while (byId.size() < ids.size()) {
      Message answer = bridge.next(m -> ids.stream().anyMatch(id -> BridgeProcess.answers(m, RequestId.of(id))));
      byId.put(answer.node().path("id").asLong(), answer);
    }
    return ids.stream().map(byId::get).toList();
  }

  private static ObjectNode echo(String text) {
    ObjectNode params = Json.object().put("name", "echo");
    params.putObject("arguments").put("text", text);
    return params;
  }

  private long sessions() {
    return gateway.daemon().gateway().sessions().stream().filter(s -> s.server().equals("fixture")).count();
  }

  /** A gateway on {@code port} (0: any) named by the home's state file, as a daemon of that home would be. */
  private TestGateway daemonFor(int port) throws Exception {
    ObjectNode servers = writeConfig();
    TestGateway started = TestGateway.start(servers, gw -> gw.put("port", port).put("defaultServer", "fixture"));
    started.recordIn(home);
    return started;
  }

  private ObjectNode writeConfig() throws Exception {
    return writeConfig(gw -> {});
  }

  /** The home's config: the fixture, on {@code 127.0.0.1:0} unless {@code gateway} says otherwise. */
  private ObjectNode writeConfig(java.util.function.Consumer<ObjectNode> gateway) throws Exception {
    ObjectNode config = Json.object();
    ObjectNode servers = config.putObject("mcpServers");
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    gateway.accept(config.putObject("gateway").put("host", "127.0.0.1").put("port", 0));
    Files.write(home.resolve("config.json"), Json.bytes(config));
    return servers.deepCopy();
  }
}
