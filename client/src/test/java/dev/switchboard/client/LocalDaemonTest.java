package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the daemon from state.json as the daemon writes it. */
class LocalDaemonTest {
  @TempDir
  Path home;

  private void state(String json) throws IOException {
    Files.writeString(home.resolve("state.json"), json);
  }

  @Test
  void findsALiveDaemonAtTheUrlItActuallyBound() throws IOException {
    long pid = ProcessHandle.current().pid();
    state("{\"pid\":" + pid + ",\"url\":\"http://127.0.0.1:7191\",\"host\":\"127.0.0.1\",\"port\":7191,"
        + "\"startedAt\":\"2025-01-01T00:00:00Z\",\"version\":\"1.2.3\",\"config\":null,\"logFile\":\"x\","
        + "\"adminToken\":\"t\"}");
    LocalDaemon daemon = Switchboard.discover(Map.of("SWITCHBOARD_HOME", home.toString())).orElseThrow();
    assertThat(daemon.pid()).isEqualTo(pid);
    assertThat(daemon.version()).isEqualTo("1.2.3");
    assertThat(daemon.mcpUrl("review").toString()).isEqualTo("http://127.0.0.1:7191/mcp/review");
    assertThat(daemon.mcpUrl().toString()).isEqualTo("http://127.0.0.1:7191/mcp");
  }

  @Test
  void fallsBackToHostAndPortWhenTheUrlIsMissing() throws IOException {
    state("{\"pid\":" + ProcessHandle.current().pid() + ",\"host\":\"127.0.0.1\",\"port\":7183}");
    assertThat(Switchboard.discover(Map.of("SWITCHBOARD_HOME", home.toString())).orElseThrow().url().toString())
        .isEqualTo("http://127.0.0.1:7183");
  }

  @Test
  void aDeadProcessOrNoFileMeansNoDaemon() throws IOException {
    Map<String, String> env = Map.of("SWITCHBOARD_HOME", home.toString());
    assertThat(Switchboard.discover(env)).isEmpty();
    Process gone = new ProcessBuilder("true").start();
    long pid = gone.pid();
    gone.onExit().join();
    state("{\"pid\":" + pid + ",\"url\":\"http://127.0.0.1:7182\"}");
    assertThat(Switchboard.discover(env)).isEmpty();
    state("not json");
    assertThat(Switchboard.discover(env)).isEmpty();
  }
}
