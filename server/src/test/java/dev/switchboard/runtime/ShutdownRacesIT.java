package dev.switchboard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Children being started in the background (warm pools, replacements) when the gateway closes must not outlive it.
 * A {@code sh -c "sleep N; exec java …"} wrapper makes every start slow, so the close reliably lands mid-start.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ShutdownRacesIT {
  private final String marker = Children.newMarker();

  @AfterEach
  void noChildLeft() {
    Children.assertNoneLeft(marker);
  }

  /** The fixture, started through {@code sh} after {@code seconds} of sleep. */
  private ObjectNode slowStarting(int seconds) {
    ObjectNode java = Children.fixture(marker);
    StringBuilder script = new StringBuilder("sleep " + seconds + "; exec ").append(quote(java.get("command")
        .asString()));
    for (JsonNode arg : java.get("args")) {
      script.append(' ').append(quote(arg.asString()));
    }
    ObjectNode entry = Json.object().put("command", "/bin/sh");
    entry.putArray("args").add("-c").add(script.toString());
    return entry;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** Starts a gateway whose warm children are still starting, closes it at once, and expects no child to remain. */
  @SuppressWarnings("try") // the gateway is closed at once on purpose
  private void closeWhileWarmChildrenStart(ObjectNode entry) throws Exception {
    try (TestGateway gateway = TestGateway.start(Children.servers(entry), gw -> {})) {
      await("a warm child being started").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
          .until(() -> !Children.running(marker).isEmpty());
    }
    // close() has returned: whatever was starting must be stopped too, not finish its start and stay (a child that
    // stayed would still be there when this gives up; its start takes 3 s plus a JVM start)
    await("no child left after the gateway closed").atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(200)).until(() -> Children.running(marker).isEmpty());
  }

  @Test
  void sessionWarmPoolClosedMidStartLeavesNoChild() throws Exception {
    ObjectNode entry = slowStarting(3).put("sharing", "session");
    entry.putObject("pool").put("warm", 1);
    closeWhileWarmChildrenStart(entry);
  }

  @Test
  void callWarmChildClosedMidStartLeavesNoChild() throws Exception {
    closeWhileWarmChildrenStart(slowStarting(3).put("sharing", "call"));
  }

  @Test
  void sharedWarmChildClosedMidStartLeavesNoChild() throws Exception {
    ObjectNode entry = slowStarting(3).put("sharing", "shared");
    entry.putObject("pool").put("warm", 1);
    closeWhileWarmChildrenStart(entry);
  }

  @Test
  void aSharedChildThatDiesJustBeforeCloseIsNotReplacedAfterIt() throws Exception {
    ObjectNode entry = Children.fixture(marker).put("sharing", "shared");
    entry.putObject("restart").put("backoff", "2s");
    long pid;
    try (TestGateway gateway = TestGateway.start(Children.servers(entry), gw -> {})) {
      StreamableSession session = StreamableClient.at(gateway.baseUrl(), "fixture").open(StreamableClient.VERSION,
          "bound");
      pid = session.whoami(2);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly)).hasValue(true);
      await("child gone").atMost(Duration.ofSeconds(10)).until(() -> !Children.isRunning(pid));
      Thread.sleep(300); // the gateway has seen the exit; its replacement waits out the 2 s backoff
    }
    Thread.sleep(8000); // past the backoff and a child's start
    assertThat(Children.running(marker)).as("children left after the gateway closed").isEmpty();
  }
}
