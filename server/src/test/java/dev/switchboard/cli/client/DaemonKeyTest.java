package dev.switchboard.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.LocalDaemon;
import dev.switchboard.daemon.StateFile;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which key the CLI shows its own daemon: the run's admin token when the state file is that daemon's, else the env. */
class DaemonKeyTest {
  private static final long PID = 4242;

  @TempDir
  Path home;

  private Map<String, String> env(String key) {
    return key == null ? Map.of("SWITCHBOARD_HOME", home.toString())
        : Map.of("SWITCHBOARD_HOME", home.toString(), DaemonKey.ENV, key);
  }

  private LocalDaemon daemon(long pid) {
    return new LocalDaemon(pid, URI.create("http://127.0.0.1:7182"), "test", home.resolve("state.json"));
  }

  private void state(long pid, String token) throws Exception {
    new StateFile(pid, "http://127.0.0.1:7182", "127.0.0.1", 7182, Instant.now(), Instant.now(), "test", null,
        "log", token).write(home.resolve("state.json"));
  }

  @Test
  void theRunsAdminTokenWinsOverTheEnvironment() throws Exception {
    state(PID, "run-token");
    assertThat(DaemonKey.forDaemon(daemon(PID), env("env-key"))).contains("run-token");
  }

  @Test
  void withoutAStateFileTheEnvironmentsKeyIsUsed() {
    assertThat(DaemonKey.forDaemon(daemon(PID), env(" env-key \n"))).contains("env-key");
  }

  @Test
  void aStateFileOfAnotherProcessIsNotTrustedAndTheEnvironmentsKeyIsUsed() throws Exception {
    state(PID + 1, "someone-elses-token");
    assertThat(DaemonKey.forDaemon(daemon(PID), env("env-key"))).contains("env-key");
  }

  @Test
  void aBlankTokenOrKeyIsNoKey() throws Exception {
    state(PID, "");
    assertThat(DaemonKey.forDaemon(daemon(PID), env("  "))).isEmpty();
    assertThat(DaemonKey.forDaemon(daemon(PID), env(null))).isEmpty();
  }
}
