package dev.switchboard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/** {@code sharing: call}: every call gets its own child, which is stopped once it has answered. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CallPolicyIT {
  private final String marker = Children.newMarker();

  @AfterEach
  void noChildLeft() {
    Children.assertNoneLeft(marker);
  }

  @Test
  void eachCallIsServedByAFreshChildThatDoesNotOutliveIt() throws Exception {
    ObjectNode entry = Children.fixture(marker).put("sharing", "call");
    try (TestGateway gateway = TestGateway.start(Children.servers(entry), gw -> {})) {
      StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "fixture");
      StreamableSession session = mcp.open(StreamableClient.VERSION, "caller");
      List<Long> served = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        long pid = session.whoami(10 + i);
        served.add(pid);
        await("child " + pid + " stopped after its call").atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(100)).until(() -> !Children.isRunning(pid));
      }
      assertThat(new HashSet<>(served)).as("children that served the calls of one session").hasSize(3);
      // other methods still work and leave nothing running either
      assertThat(session.call(20, "echo", Json.object().put("text", "hi")).text()).isEqualTo("hi");
      Thread.sleep(500);
      assertThat(Children.running(marker)).as("running children (the warm spare only)")
          .doesNotContainAnyElementsOf(served).hasSizeLessThanOrEqualTo(2);
      // let the spare finish its start before closing: a close during it leaks the child (ShutdownRacesIT)
      await("spare children settled").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
          .until(() -> Children.running(marker).stream().allMatch(pid -> Children.started(pid)
              .map(t -> t.isBefore(java.time.Instant.now().minusSeconds(8))).orElse(true)));
    }
  }
}
