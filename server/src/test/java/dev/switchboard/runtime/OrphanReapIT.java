package dev.switchboard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real daemon ({@code switchboard run}) killed with -9 leaves its children behind; the next daemon on the same
 * home finds them in {@code children/} and stops them before serving.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class OrphanReapIT {
  private final String marker = Children.newMarker();
  private final List<Process> daemons = new ArrayList<>();

  @TempDir
  Path home;

  @AfterEach
  void cleanUp() throws InterruptedException {
    for (Process d : daemons) {
      if (d.isAlive()) {
        d.destroy();
        if (!d.waitFor(30, TimeUnit.SECONDS)) {
          d.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
    Children.assertNoneLeft(marker);
  }

  @Test
  void aRestartedDaemonStopsTheChildrenOfOneKilledWithSigkill() throws Exception {
    ObjectNode config = Json.object();
    config.putObject("mcpServers").set("fixture", Children.fixture(marker));
    config.putObject("gateway").put("host", "127.0.0.1");
    Files.write(home.resolve("config.json"), Json.bytes(config));

    Process first = startDaemon("first");
    StreamableClient mcp = StreamableClient.at(awaitUrl(first), "fixture");
    StreamableSession session = mcp.open(StreamableClient.VERSION, "orphan-maker");
    long child = session.whoami(2);
    // a server that ignores the end of its stdin, so it really outlives its gateway
    assertThat(session.call(3, "linger", Json.object().put("ms", 90_000)).text()).contains("linger");
    Path ledgerEntry = home.resolve("children").resolve(Long.toString(child));
    assertThat(ledgerEntry).as("the child is recorded in the ledger").exists();

    first.destroyForcibly();
    assertThat(first.waitFor(20, TimeUnit.SECONDS)).as("daemon killed").isTrue();
    Thread.sleep(1000);
    assertThat(Children.isRunning(child)).as("the child outlived the killed daemon (an orphan)").isTrue();
    assertThat(ProcessHandle.of(child).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
        .as("the orphan's parent").isNotEqualTo(java.util.Optional.of(first.pid()));
    assertThat(ledgerEntry).as("the ledger still names the orphan").exists();

    Process second = startDaemon("second");
    StreamableClient again = StreamableClient.at(awaitUrl(second), "fixture");
    await("orphan " + child + " stopped").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> !Children.isRunning(child));
    assertThat(ledgerEntry).as("the reaped orphan's ledger entry").doesNotExist();

    StreamableSession fresh = again.open(StreamableClient.VERSION, "after-restart");
    long next = fresh.whoami(2);
    assertThat(next).isNotEqualTo(child);
    assertThat(home.resolve("children").resolve(Long.toString(next))).exists();
    assertThat(Children.running(marker)).containsExactly(next);

    second.destroy(); // SIGTERM: the graceful stop takes its children with it
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("daemon stopped on SIGTERM").isTrue();
    await("children gone after a graceful stop").atMost(Duration.ofSeconds(20))
        .until(() -> !Children.isRunning(next));
    assertThat(home.resolve("children").resolve(Long.toString(next))).as("ledger entry after a clean stop")
        .doesNotExist();
  }

  /**
   * Servers started through a shim that {@code exec}s (as {@code pyenv}, {@code asdf} or {@code env} do) have another
   * command line after the exec than when the gateway recorded them; every one is still reaped, by PID and start
   * time. (Matching the recorded command line reaped none of these.)
   */
  @Test
  void aRestartedDaemonStopsOrphansStartedThroughShimsThatExec() throws Exception {
    ObjectNode fixture = Children.fixture(marker);
    ArrayNode args = Json.NODES.arrayNode();
    // env → sh → exec java …: the PID stays, the command line changes twice
    args.add("sh").add("-c").add("sleep 0.2; exec \"$0\" \"$@\"").add(fixture.get("command").asString());
    fixture.get("args").forEach(args::add);
    fixture.put("command", "env").set("args", args);
    ObjectNode config = Json.object();
    config.putObject("mcpServers").set("fixture", fixture);
    config.putObject("gateway").put("host", "127.0.0.1");
    Files.write(home.resolve("config.json"), Json.bytes(config));

    Process first = startDaemon("first");
    StreamableClient mcp = StreamableClient.at(awaitUrl(first), "fixture");
    List<Long> orphans = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      StreamableSession session = mcp.open(StreamableClient.VERSION, "shim-" + i);
      long child = session.whoami(2);
      assertThat(session.call(3, "linger", Json.object().put("ms", 90_000)).text()).contains("linger");
      assertThat(ProcessHandle.of(child).flatMap(h -> h.info().command()).orElse(""))
          .as("child %d exec'd into the server", child).endsWith("java");
      assertThat(home.resolve("children").resolve(Long.toString(child))).exists();
      orphans.add(child);
    }

    first.destroyForcibly();
    assertThat(first.waitFor(20, TimeUnit.SECONDS)).as("daemon killed").isTrue();
    Thread.sleep(1000);
    assertThat(orphans).as("orphans outliving the killed daemon").allMatch(Children::isRunning);

    Process second = startDaemon("second");
    awaitUrl(second);
    await("all " + orphans + " stopped").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> orphans.stream().noneMatch(Children::isRunning));
    assertThat(Children.running(marker)).as("fixture processes left").isEmpty();

    second.destroy();
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("daemon stopped on SIGTERM").isTrue();
  }

  private Process startDaemon(String name) throws IOException {
    List<String> command = List.of(Fixtures.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), "dev.switchboard.cli.Main", "run", "--port", "0",
        "--config", home.resolve("config.json").toString());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(home.resolve(name + ".out").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SWITCHBOARD_"));
    pb.environment().put("SWITCHBOARD_HOME", home.toString());
    Process p = pb.start();
    daemons.add(p);
    return p;
  }

  /** The daemon's base URL from {@code state.json}, once it is the one that wrote it. */
  private String awaitUrl(Process daemon) {
    AtomicReference<String> url = new AtomicReference<>();
    await("state.json of daemon " + daemon.pid()).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          assertThat(daemon.isAlive()).as("daemon %d running; output: %s", daemon.pid(), output()).isTrue();
          Path state = home.resolve("state.json");
          if (!Files.exists(state)) {
            return false;
          }
          try {
            JsonNode n = Json.parse(Files.readAllBytes(state));
            if (n.path("pid").asLong() == daemon.pid() && !n.path("url").asString("").isEmpty()) {
              url.set(n.path("url").asString());
              return true;
            }
          } catch (RuntimeException e) {
            // being written
          }
          return false;
        });
    return url.get();
  }

  private String output() {
    StringBuilder out = new StringBuilder();
    for (String name : List.of("first", "second")) {
      Path f = home.resolve(name + ".out");
      try {
        if (Files.exists(f)) {
          String text = Files.readString(f);
          out.append("\n--- ").append(name).append(" ---\n")
              .append(text.length() > 4000 ? text.substring(text.length() - 4000) : text);
        }
      } catch (IOException e) {
        out.append(e);
      }
    }
    return out.toString();
  }
}
