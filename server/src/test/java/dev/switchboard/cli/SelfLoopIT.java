package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code config check} and the daemon's start-up refuse a server that would loop back into this Switchboard. */
@Timeout(120)
class SelfLoopIT {
  private static final String LOOPING = looping(7399, 7399);

  @TempDir
  Path home;

  @Test
  void configCheckNamesTheServerThatLoops() throws Exception {
    Files.writeString(home.resolve("config.json"), LOOPING);
    Cli.Result check = new Cli(home).run("config", "check");
    assertThat(check.exit()).as(check.out() + check.err()).isEqualTo(1);
    assertThat(check.err()).contains("$.mcpServers.review-again: server 'review-again' would loop back into "
        + "Switchboard: it connects to this Switchboard itself (http://127.0.0.1:7399/mcp/review)");
  }

  @Test
  void theDaemonRefusesToStartWithIt() throws Exception {
    assertTheDaemonRefusesToRun(LOOPING);
  }

  @Test
  void aServerAtThePortTheDaemonFellBackToIsRefusedOnceItIsBound() throws Exception {
    try (java.net.ServerSocket taken = takenWithTheNextFree()) {
      int port = taken.getLocalPort();
      assertTheDaemonRefusesToRun(looping(port + 1, port));
    }
  }

  @Test
  void aReloadThatWouldLoopIsRefusedAndTheRunningConfigStays() throws Exception {
    Cli cli = new Cli(home);
    Files.writeString(home.resolve("config.json"), "{\"mcpServers\": {}}");
    Cli.Result start = cli.run("start", "--port", "0"); // an address no config could name in advance
    assertThat(start.exit()).as(start.out() + start.err()).isZero();
    try {
      String url = dev.switchboard.daemon.StateFile.read(home.resolve("state.json")).orElseThrow().url();
      Files.writeString(home.resolve("config.json"), """
          {"mcpServers": {
             "review-again": {"command": "npx", "args": ["-y", "mcp-remote", "%s/mcp/review"]}}}""".formatted(url));
      Cli.Result reload = cli.run("reload");
      assertThat(reload.exit()).as(reload.out() + reload.err()).isNotZero();
      assertThat(reload.out() + reload.err()).contains("server 'review-again' would loop back into Switchboard");
      var http = java.net.http.HttpClient.newHttpClient();
      int status = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/mcp/review-again"))
          .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
      assertThat(status).as("the running config stays: no such server").isEqualTo(404);
    } finally {
      cli.run("stop", "--timeout", "10s");
    }
  }

  /** A config whose one server reaches {@code /mcp/review} at {@code target}, the gateway's port being {@code port}. */
  private static String looping(int target, int port) {
    return """
        {"mcpServers": {
           "review-again": {"command": "npx", "args": ["-y", "mcp-remote", "http://127.0.0.1:%d/mcp/review"]}},
         "gateway": {"port": %d}}""".formatted(target, port);
  }

  private void assertTheDaemonRefusesToRun(String config) throws Exception {
    Files.writeString(home.resolve("config.json"), config);
    Cli.Result run = new Cli(home).run("run");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.err()).contains("server 'review-again' would loop back into Switchboard");
    assertThat(home.resolve("switchboard.pid")).doesNotExist();
  }

  /** A port held by "another program", whose next port is free: the daemon's fallback will take that one. */
  private static java.net.ServerSocket takenWithTheNextFree() throws java.io.IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
      try {
        new java.net.ServerSocket(taken.getLocalPort() + 1, 50, java.net.InetAddress.getLoopbackAddress()).close();
        return taken; // the next one is free now; closed again for the daemon
      } catch (java.io.IOException busy) {
        taken.close();
      }
    }
    throw new AssertionError("no two consecutive free ports");
  }
}
