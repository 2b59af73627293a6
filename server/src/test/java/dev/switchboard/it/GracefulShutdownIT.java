package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Messages;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shutdown answers what it can within the grace period and fails the rest with a JSON-RPC error — never a hang. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GracefulShutdownIT {

  @Test
  void aRequestInFlightIsAnsweredWithinTheGracePeriod() throws Exception {
    TestGateway gateway = TestGateway.withFixture();
    StreamableSession session = new StreamableClient(gateway.mcpUrl("fixture")).open("2025-06-18");
    CompletableFuture<Reply> slow = CompletableFuture.supplyAsync(() -> call(session, 1500));
    awaitInFlight(gateway);
    gateway.close();
    Reply reply = slow.get(30, TimeUnit.SECONDS);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.text()).isEqualTo("done");
  }

  /** What a load balancer sees of a draining node: /ready 503 and no new sessions, while work in flight finishes. */
  @Test
  void aDrainingNodeIsNotReadyAndTakesNoNewSessionsButFinishesItsWork() throws Exception {
    TestGateway gateway = TestGateway.withFixture();
    StreamableClient raw = new StreamableClient(gateway.mcpUrl("fixture"));
    StreamableSession session = raw.open("2025-06-18");
    CompletableFuture<Reply> slow = CompletableFuture.supplyAsync(() -> call(session, 5000));
    awaitInFlight(gateway);
    CompletableFuture<Void> closing = CompletableFuture.runAsync(gateway::close);
    org.awaitility.Awaitility.await("/ready turns 503").atMost(java.time.Duration.ofSeconds(5))
        .until(() -> raw.get("/ready").statusCode() == 503);
    assertThat(raw.post(Messages.initialize(1, "2025-06-18"), java.util.Map.of()).status()).isEqualTo(503);
    Reply reply = slow.get(30, TimeUnit.SECONDS);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.text()).isEqualTo("done");
    closing.get(30, TimeUnit.SECONDS);
  }

  @Test
  void aRequestOutlastingTheGracePeriodGetsAJsonRpcError() throws Exception {
    TestGateway gateway = TestGateway.start(servers(), gw -> gw.put("shutdownGrace", "300ms"));
    StreamableSession session = new StreamableClient(gateway.mcpUrl("fixture")).open("2025-06-18");
    CompletableFuture<Reply> slow = CompletableFuture.supplyAsync(() -> call(session, 60_000));
    awaitInFlight(gateway);
    long started = System.nanoTime();
    gateway.close();
    Reply reply = slow.get(30, TimeUnit.SECONDS);
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(25);
    assertThat(reply.response().path("error").path("message").asString()).contains("shutting down");
  }

  private static tools.jackson.databind.node.ObjectNode servers() {
    var servers = Json.object();
    servers.set("fixture", dev.switchboard.testing.Fixtures.server(dev.switchboard.testing.Fixtures.CONFORMANCE));
    return servers;
  }

  private static void awaitInFlight(TestGateway gateway) {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> gateway.daemon().gateway()
        .sessions().stream().anyMatch(s -> s.inFlight() > 0));
  }

  private static Reply call(StreamableSession session, int ms) {
    try {
      return session.call(7, "slow", Json.object().put("ms", ms).put("steps", 3));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
