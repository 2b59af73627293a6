package dev.switchboard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code sharing: session} with {@code pool.warm: 2}: children are started before any session, and the session that
 * claims one still performs its own handshake with it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WarmPoolIT {
  private final String marker = Children.newMarker();

  @AfterEach
  void noChildLeft() {
    Children.assertNoneLeft(marker);
  }

  @Test
  void aNewSessionGetsAnAlreadyRunningChildThatSeesTheClientsOwnInitialize() throws Exception {
    ObjectNode entry = Children.fixture(marker).put("sharing", "session");
    entry.putObject("pool").put("warm", 2);
    try (TestGateway gateway = TestGateway.start(Children.servers(entry), gw -> {})) {
      StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "fixture");
      await("two warm children").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> Children.running(marker).size() == 2);
      assertThat(mcp.health().path("activeSessions").asInt()).isZero();
      assertThat(mcp.serverHealth("fixture").path("connections").asInt()).as("children /health counts").isEqualTo(2);
      Set<Long> warm = new HashSet<>(Children.running(marker));

      Set<Long> claimed = new HashSet<>();
      for (String name : List.of("warm-client-a", "warm-client-b")) {
        Instant beforeInitialize = Instant.now();
        ObjectNode caps = Json.object();
        caps.putObject("roots").put("listChanged", true);
        caps.putObject("experimental").putObject(name);
        StreamableSession session = mcp.open(StreamableClient.VERSION, name, caps);
        long pid = session.whoami(2);
        assertThat(warm).as("%s's child was one of the warm ones", name).contains(pid);
        assertThat(Children.started(pid)).as("start of %s's child", name).hasValueSatisfying(start -> assertThat(start)
            .isBefore(beforeInitialize));
        JsonNode seen = session.clientInfo(3);
        assertThat(seen.path("clientInfo").path("name").asString()).as("clientInfo the child saw").isEqualTo(name);
        assertThat(seen.path("protocolVersion").asString()).isEqualTo(StreamableClient.VERSION);
        assertThat(seen.path("capabilities").path("experimental").has(name))
            .as("the child saw the client's own capabilities: %s", seen).isTrue();
        assertThat(seen.path("capabilities").path("roots").path("listChanged").asBoolean()).isTrue();
        claimed.add(pid);
      }
      assertThat(claimed).as("each session has its own child").hasSize(2);

      // each claim started a replacement: two sessions' children plus two warm ones
      await("the pool refilled").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> Children.running(marker).size() == 4);
      Set<Long> refilled = new HashSet<>(Children.running(marker));
      refilled.removeAll(claimed);
      assertThat(refilled).hasSize(2).doesNotContainAnyElementsOf(warm);
      Instant beforeThird = Instant.now();
      StreamableSession third = mcp.open(StreamableClient.VERSION, "warm-client-c");
      long pid = third.whoami(2);
      assertThat(refilled).as("the third session's child came from the refilled pool").contains(pid);
      assertThat(Children.started(pid)).hasValueSatisfying(start -> assertThat(start).isBefore(beforeThird));
      assertThat(third.clientInfo(3).path("clientInfo").path("name").asString()).isEqualTo("warm-client-c");
    }
  }

  @Test
  void aWarmSharedChildServesTheFirstSession() throws Exception {
    ObjectNode entry = Children.fixture(marker).put("sharing", "shared");
    entry.putObject("pool").put("warm", 1);
    try (TestGateway gateway = TestGateway.start(Children.servers(entry), gw -> {})) {
      StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "fixture");
      await("a warm shared child").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> Children.running(marker).size() == 1);
      long warm = Children.running(marker).get(0);
      Thread.sleep(3000); // its handshake done (a close during it would leak the child: ShutdownRacesIT)
      Instant beforeInitialize = Instant.now();
      StreamableSession session = mcp.open(StreamableClient.VERSION, "first");
      assertThat(session.whoami(2)).isEqualTo(warm);
      assertThat(Children.started(warm)).hasValueSatisfying(t -> assertThat(t).isBefore(beforeInitialize));
      // shared: the gateway did the handshake, so the child saw the gateway's clientInfo
      assertThat(session.clientInfo(3).path("clientInfo").path("name").asString()).isEqualTo("switchboard");
    }
  }
}
