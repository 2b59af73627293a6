package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.daemon.StateFile;
import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Exchange;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.Messages;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code stop} says what the daemon is still waiting for, and the admin-endpoint stop (the Windows path) stops it as
 * gracefully as the signal does.
 */
@Timeout(300)
class StopIT {
  @TempDir
  Path home;

  Cli cli;

  @AfterEach
  void stopDaemon() throws Exception {
    if (cli != null) {
      cli.run("stop", "--timeout", "10s");
    }
  }

  private StateFile start() throws Exception {
    ObjectNode config = Json.object();
    config.putObject("mcpServers").set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    config.putObject("gateway").put("shutdownGrace", "3s");
    Files.write(home.resolve("config.json"), Json.bytes(config));
    cli = new Cli(home);
    Cli.Result started = cli.run("start", "--port", "0");
    assertThat(started.exit()).as(started.err()).isZero();
    return StateFile.read(home.resolve("state.json")).orElseThrow();
  }

  @Test
  void stopSaysWhichRequestsItIsWaitingFor() throws Exception {
    StateFile state = start();
    StreamableSession session = new StreamableClient(state.url() + "/mcp/fixture").open(StreamableClient.VERSION,
        "cli-it");
    Exchange slow = session.start(Messages.toolCall(2, "slow", Json.object().put("ms", 60000).put("steps", 60)));
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> DaemonClient.activity(state)
          .map(a -> a.path("inFlight").asInt()).orElse(0) == 1);

      Cli.Result stopped = cli.run("stop");
      assertThat(stopped.exit()).as(stopped.err()).isZero();
      assertThat(stopped.err()).contains(
          "Switchboard is waiting for 1 request in flight (server fixture) to finish, up to 3 s");
      assertThat(stopped.out()).contains("Switchboard stopped");
    } finally {
      slow.close();
    }
  }

  @Test
  void theAdminEndpointStopsTheDaemonGracefully() throws Exception {
    StateFile state = start();
    assertThat(admin("POST", state.url() + "/admin/stop", null)).as("no token").isEqualTo(403);
    assertThat(admin("GET", state.url() + "/admin/activity", "wrong")).as("a wrong token").isEqualTo(403);
    assertThat(admin("GET", state.url() + "/admin/stop", state.adminToken())).as("stop is a POST").isEqualTo(404);
    assertThat(ProcessHandle.of(state.pid()).map(ProcessHandle::isAlive).orElse(false)).isTrue();
    Cli.Result stopped = cli.run("stop", "--via", "ADMIN");
    assertThat(stopped.exit()).as(stopped.err()).isZero();
    assertThat(stopped.out()).contains("Switchboard stopped (process " + state.pid() + ")");
    assertThat(ProcessHandle.of(state.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(home.resolve("switchboard.pid")).doesNotExist();
    assertThat(Files.readString(home.resolve("logs/switchboard.log"))).contains("Switchboard stopping");
  }

  private static int admin(String method, String url, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method,
        HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("X-Switchboard-Admin", token);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
