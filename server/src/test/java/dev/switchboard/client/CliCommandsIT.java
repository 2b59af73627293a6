package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cli.client.CallCommand;
import dev.switchboard.cli.client.ReviewCommand;
import dev.switchboard.cli.client.ToolsCommand;
import dev.switchboard.config.Home;
import dev.switchboard.daemon.Daemon;
import dev.switchboard.daemon.StateFile;
import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code tools}, {@code call} and {@code review} print the same thing and exit the same way whether they go through
 * a running daemon, run the server themselves because of {@code --no-daemon}, or because no daemon runs.
 */
@Timeout(300)
class CliCommandsIT {
  @TempDir
  static Path dir;
  private static Path work;
  private static Map<String, String> withDaemon;
  private static Map<String, String> stopped;
  private static Daemon daemon;

  @BeforeAll
  static void start() throws Exception {
    ObjectNode config = Json.object();
    ObjectNode servers = config.putObject("mcpServers");
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    servers.set("review", Fixtures.server(FakeReviewServer.class.getName()));
    config.putObject("gateway").put("host", "127.0.0.1").put("port", 0);
    withDaemon = Map.of("SWITCHBOARD_HOME", home("running", config).toString());
    stopped = Map.of("SWITCHBOARD_HOME", home("stopped", config).toString());
    Home home = Home.fromEnvironment(withDaemon);
    daemon = new Daemon(home.loadConfig(null, withDaemon)).start();
    new StateFile(ProcessHandle.current().pid(), daemon.url(), "127.0.0.1", daemon.port(), Instant.now(),
        ProcessHandle.current().info().startInstant().orElse(Instant.EPOCH), "test",
        null, home.logFile().toString(), "token").write(home.stateFile());
    work = Files.createDirectories(dir.resolve("work"));
    Files.writeString(work.resolve("a.txt"), "fine\n// TODO tidy\nx = 1; // FIXME wrong\n");
    Files.writeString(work.resolve("b.txt"), "all good\n");
  }

  @AfterAll
  static void stop() {
    daemon.close();
  }

  private static Path home(String name, ObjectNode config) throws Exception {
    Path home = Files.createDirectories(dir.resolve(name));
    Files.write(home.resolve("config.json"), Json.bytes(config));
    return home;
  }

  static Stream<Arguments> commandLines() {
    return Stream.of(
        Arguments.of(List.of("tools", "fixture"), 0),
        Arguments.of(List.of("tools", "fixture", "--json"), 0),
        Arguments.of(List.of("tools", "switchboard"), 0),
        Arguments.of(List.of("call", "fixture", "echo", "--arg", "text=hello there"), 0),
        Arguments.of(List.of("call", "fixture", "echo", "--json", "{\"text\":\"as json\"}", "--raw"), 0),
        Arguments.of(List.of("call", "fixture", "test_image_content"), 0),
        Arguments.of(List.of("call", "fixture", "test_embedded_resource"), 0),
        Arguments.of(List.of("call", "fixture", "test_error_handling"), 1),
        Arguments.of(List.of("call", "fixture", "slow", "--arg", "ms=300", "--arg", "steps=3"), 0),
        Arguments.of(List.of("review", "a.txt", "b.txt"), 1),
        Arguments.of(List.of("review", "a.txt", "--format", "json", "--fail-on", "warning"), 1),
        Arguments.of(List.of("review", "b.txt", "a.txt", "--format", "sarif", "--fail-on", "never"), 0));
  }

  @ParameterizedTest
  @MethodSource("commandLines")
  void printTheSameWithAndWithoutTheDaemon(List<String> line, int exitCode) {
    Run viaDaemon = run(withDaemon, line, "-v");
    Run noDaemon = run(withDaemon, line, "--no-daemon", "-v");
    Run noneRunning = run(stopped, line);
    assertThat(viaDaemon.code()).as("via the daemon: %s", viaDaemon).isEqualTo(exitCode);
    assertThat(viaDaemon.err()).contains("switchboard: using the Switchboard daemon at " + daemon.url() + "/mcp/");
    assertThat(noDaemon.err()).contains("(--no-daemon)").doesNotContain("using the Switchboard daemon");
    assertThat(noDaemon).as("--no-daemon").extracting(Run::code, Run::out)
        .containsExactly(viaDaemon.code(), viaDaemon.out());
    assertThat(noneRunning).as("no daemon").extracting(Run::code, Run::out)
        .containsExactly(viaDaemon.code(), viaDaemon.out());
    if (line.contains("slow")) {
      Stream.of(viaDaemon, noDaemon, noneRunning).forEach(r -> assertThat(r.err()).contains("progress 3/3 (100%)"));
    }
    if (exitCode == 1 && line.get(0).equals("call")) {
      assertThat(noneRunning.err()).isEqualTo(viaDaemon.err().lines().filter(l -> !l.startsWith("switchboard:"))
          .map(l -> l + "\n").reduce("", String::concat));
    }
  }

  @Test
  void printsWhatPeopleExpect() {
    assertThat(run(stopped, List.of("call", "fixture", "echo", "--arg", "text=hello")).out()).isEqualTo("hello\n");
    assertThat(run(stopped, List.of("call", "fixture", "test_image_content")).out())
        .matches("\\[image: image/png, \\d+ bytes\\]\n");
    assertThat(run(stopped, List.of("review", "a.txt", "b.txt")).out()).isEqualTo("""
        a.txt
          2        medium   todo                 TODO left in the code
          3:11     high     fixme                FIXME left in the code

        2 findings in 1 file: 1 high, 1 medium
        """);
    Run failed = run(stopped, List.of("call", "fixture", "test_error_handling"));
    assertThat(failed.err()).contains("This tool intentionally returns an error");
  }

  @Test
  void unreachableServersExit3() {
    assertThat(run(stopped, List.of("tools", "nope")).code()).isEqualTo(3);
    Run viaDaemon = run(withDaemon, List.of("tools", "nope"));
    assertThat(viaDaemon.code()).isEqualTo(3);
    assertThat(viaDaemon.err()).contains("no MCP server named 'nope'");
    assertThat(run(withDaemon, List.of("call", "fixture", "no_such_tool", "--arg", "a=1")).err())
        .contains("has no tool 'no_such_tool'");
  }

  private record Run(int code, String out, String err) {}

  private static Run run(Map<String, String> env, List<String> line, String... extra) {
    List<String> args = new ArrayList<>(line.subList(1, line.size()));
    args.addAll(List.of(extra));
    Object command = switch (line.get(0)) {
      case "tools" -> new ToolsCommand(env);
      case "call" -> new CallCommand(env);
      default -> new ReviewCommand(env, work);
    };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute(args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }
}
