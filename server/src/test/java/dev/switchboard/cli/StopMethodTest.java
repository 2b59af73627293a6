package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cli.setup.Os;
import dev.switchboard.daemon.StateFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Java side of each OS's stop: Windows asks the admin endpoint (falling back to the JDK when it does not answer),
 * Unix signals; the forced stop ends the whole process tree through {@link ProcessHandle}.
 */
@Timeout(60)
class StopMethodTest {
  private Process process;

  @AfterEach
  void cleanUp() {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  @Test
  void windowsStopsThroughTheAdminEndpointAndUnixBySignal() {
    assertThat(StopMethod.forOs(Os.WINDOWS)).isEqualTo(StopMethod.ADMIN);
    assertThat(StopMethod.forOs(Os.LINUX)).isEqualTo(StopMethod.SIGNAL);
    assertThat(StopMethod.forOs(Os.MACOS)).isEqualTo(StopMethod.SIGNAL);
  }

  @Test
  void anAdminEndpointThatDoesNotAnswerFallsBackToEndingTheProcess() throws Exception {
    process = sleeper("sleep 300");
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    StateFile state = new StateFile(process.pid(), "http://127.0.0.1:" + closedPort, "127.0.0.1", closedPort,
        Instant.now(), Instant.EPOCH, "test", null, "log", "token");
    StringWriter err = new StringWriter();
    StopMethod.ADMIN.request(process.toHandle(), Optional.of(state), new PrintWriter(err, true));
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(err.toString()).contains("did not take the stop", "ending process " + process.pid());
  }

  @Test
  void theSignalEndsTheProcess() throws Exception {
    process = sleeper("sleep 300");
    StopMethod.SIGNAL.request(process.toHandle(), Optional.empty(), new PrintWriter(new StringWriter()));
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void theForcedStopEndsEveryDescendant() throws Exception {
    process = sleeper("trap '' TERM; sleep 300 & sleep 301 & wait");
    ProcessHandle root = process.toHandle();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> root.descendants().count() == 2);
    var descendants = root.descendants().toList();
    ProcessTree.kill(root);
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    for (ProcessHandle child : descendants) {
      assertThat(child.onExit()).succeedsWithin(Duration.ofSeconds(20));
    }
  }

  private static Process sleeper(String script) throws Exception {
    return new ProcessBuilder("/bin/sh", "-c", script).redirectInput(ProcessBuilder.Redirect.from(
        new java.io.File("/dev/null"))).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }
}
