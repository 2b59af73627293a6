package dev.switchboard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Exchange;
import dev.switchboard.testing.Messages;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Children that die, hang, write garbage or keep crashing: clients get prompt errors and the gateway carries on. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FaultsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** How soon a client must hear that its child was killed (the gateway notices at once; generous for CI). */
  private static final Duration PROMPT = Duration.ofMillis(3000);

  private final String marker = Children.newMarker();

  @AfterEach
  void noChildLeft() {
    Children.assertNoneLeft(marker);
  }

  private static ObjectNode slowCall(Object id, int ms, int steps, Object token) {
    return (ObjectNode) Json.parse(Messages.toolCall(id, "slow", Json.object().put("ms", ms).put("steps", steps),
        token));
  }

  /** Starts a long slow call, waits for its first progress, kills the child; returns the error and its delay. */
  private record Killed(JsonNode response, Duration after) {}

  private Killed killDuringSlowCall(StreamableSession session, long pid) throws Exception {
    try (Exchange call = session.start(Json.text(slowCall(5, 30_000, 60, "k")))) {
      call.await(m -> Messages.isNotification(m, "notifications/progress"), WAIT, "first progress");
      long killedAt = System.nanoTime();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly)).hasValue(true);
      JsonNode response = call.awaitResponse(Duration.ofSeconds(20));
      return new Killed(response, Duration.ofNanos(System.nanoTime() - killedAt));
    }
  }

  @Test
  void aSharedChildKilledMidCallFailsTheCallPromptlyAndTheSessionCarriesOnWithAReplacement() throws Exception {
    ObjectNode entry = Children.fixture(marker).put("sharing", "shared");
    try (TestGateway gateway = TestGateway.start(Children.servers(entry), gw -> {})) {
      StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "fixture");
      StreamableSession session = mcp.open(StreamableClient.VERSION, "survivor");
      StreamableSession other = mcp.open(StreamableClient.VERSION, "other");
      long first = session.whoami(2);

      Killed killed = killDuringSlowCall(session, first);
      assertThat(killed.response().path("id").asInt()).isEqualTo(5);
      assertThat(killed.response().has("error")).as("answer to the killed call: %s", killed.response()).isTrue();
      assertThat(killed.response().path("error").path("message").asString()).containsIgnoringCase("exited");
      assertThat(killed.after()).as("time from kill -9 to the client's error").isLessThanOrEqualTo(PROMPT);

      // same session id, no new initialize: the next call is served by a replacement child
      long second = session.whoami(6);
      assertThat(second).as("pid of the replacement child").isNotEqualTo(first);
      assertThat(Children.isRunning(first)).isFalse();
      assertThat(session.call(7, "echo", Json.object().put("text", "after")).text()).isEqualTo("after");
      assertThat(other.whoami(3)).as("the other session moved to the same replacement").isEqualTo(second);
      assertThat(session.clientInfo(8).path("clientInfo").path("name").asString(""))
          .as("the replacement was initialized by the gateway itself").isEqualTo("switchboard");
      await("one child running").atMost(Duration.ofSeconds(20)).until(() -> Children.running(marker).size() == 1);
      assertThat(Children.running(marker)).containsExactly(second);
    }
  }

  @Test
  void aSessionChildKilledMidCallFailsTheCallPromptlyAndEndsTheSession() throws Exception {
    ObjectNode entry = Children.fixture(marker).put("sharing", "session");
    try (TestGateway gateway = TestGateway.start(Children.servers(entry), gw -> {})) {
      StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "fixture");
      StreamableSession session = mcp.open(StreamableClient.VERSION, "victim");
      long pid = session.whoami(2);

      Killed killed = killDuringSlowCall(session, pid);
      assertThat(killed.response().has("error")).as("answer to the killed call: %s", killed.response()).isTrue();
      assertThat(killed.after()).as("time from kill -9 to the client's error").isLessThanOrEqualTo(PROMPT);
      Reply after = session.call(6, "echo", Json.object().put("text", "x"));
      assertThat(after.status()).as("a session whose own child died is gone: %s", after.body()).isEqualTo(404);
      StreamableSession fresh = mcp.open(StreamableClient.VERSION, "fresh");
      assertThat(fresh.whoami(2)).isNotEqualTo(pid);
    }
  }

  @Test
  void aHungCallTimesOutAndTheChildIsToldToCancelIt() throws Exception {
    ObjectNode entry = Children.fixture(marker).put("sharing", "shared");
    entry.putObject("timeouts").putObject("methods").put("tools/call", "1s");
    try (TestGateway gateway = TestGateway.start(Children.servers(entry), gw -> {})) {
      StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "fixture");
      StreamableSession session = mcp.open(StreamableClient.VERSION, "patient");
      long pid = session.whoami(2);

      long start = System.nanoTime();
      Reply hung = session.call(3, "slow", Json.object().put("ms", 60_000).put("steps", 1));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(hung.isError()).as("answer to the hung call: %s", hung.body()).isTrue();
      assertThat(hung.errorMessage()).contains("did not answer").contains("cancelled");
      assertThat(took).as("time until the timeout error").isBetween(Duration.ofMillis(900), Duration.ofSeconds(15));

      JsonNode cancelled = Json.parse(session.call(4, "cancelled_ids", Json.object()).text());
      assertThat(cancelled.path("inFlight")).as("cancellations the child received for running requests").hasSize(1);
      // the child got the cancellation; its tool's thread unwinds on its own time
      java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger(5);
      await("the hung call was stopped").atMost(Duration.ofSeconds(10)).until(() -> session.call(
          ids.getAndIncrement(), "in_flight", Json.object()).text().equals("0"));
      assertThat(session.whoami(ids.getAndIncrement())).as("the child itself was not replaced").isEqualTo(pid);
    }
  }

  @Test
  void aChildThatStopsAnsweringPingsIsKilledAndReplaced() throws Exception {
    ObjectNode entry = Children.fixture(marker).put("sharing", "shared");
    entry.putObject("timeouts").put("ping", "1s").put("pingTimeout", "1s");
    try (TestGateway gateway = TestGateway.start(Children.servers(entry), gw -> {})) {
      StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "fixture");
      StreamableSession session = mcp.open(StreamableClient.VERSION, "pinged");
      long first = session.whoami(2);

      long start = System.nanoTime();
      // the child writes nothing for 60 s: no answer to this call, nor to the gateway's pings
      Reply frozen = session.call(3, "freeze", Json.object().put("ms", 60_000));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(frozen.isError()).as("answer to the call on the frozen child: %s", frozen.body()).isTrue();
      assertThat(frozen.errorMessage()).contains("ping");
      assertThat(took).as("time until the unresponsive child was given up").isLessThan(Duration.ofSeconds(15));
      await("frozen child stopped").atMost(Duration.ofSeconds(20)).until(() -> !Children.isRunning(first));

      long second = session.whoami(4);
      assertThat(second).as("a replacement serves the same session").isNotEqualTo(first);
      Thread.sleep(3000); // idle past several ping intervals: a healthy child answers and is kept
      assertThat(session.whoami(5)).isEqualTo(second);
    }
  }

  @Test
  void progressExtendsATimeoutButNotPastTheMaximum() throws Exception {
    ObjectNode entry = Children.fixture(marker).put("sharing", "shared");
    ObjectNode timeouts = entry.putObject("timeouts").put("max", "4s");
    timeouts.putObject("methods").put("tools/call", "1s");
    try (TestGateway gateway = TestGateway.start(Children.servers(entry), gw -> {})) {
      StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "fixture");
      StreamableSession session = mcp.open(StreamableClient.VERSION, "progressing");

      long start = System.nanoTime();
      // progress every 250 ms keeps the 1 s timeout from firing; the 4 s maximum still ends it
      Reply call = session.call(3, "slow", Json.object().put("ms", 60_000).put("steps", 240), "t");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(call.isError()).as("answer: %s", call.response()).isTrue();
      assertThat(took).as("time until the error").isBetween(Duration.ofMillis(3500), Duration.ofSeconds(20));
      assertThat(call.notifications("notifications/progress")).as("progress before the maximum hit")
          .hasSizeGreaterThan(5);

      JsonNode cancelled = Json.parse(session.call(4, "cancelled_ids", Json.object()).text());
      assertThat(cancelled.path("inFlight")).as("cancellations the child received").hasSize(1);
      // the child stops the call on its own thread after the cancellation arrives: its count drops soon after
      java.util.concurrent.atomic.AtomicInteger id = new java.util.concurrent.atomic.AtomicInteger(5);
      await("the cancelled call stopped in the child").atMost(Duration.ofSeconds(10))
          .until(() -> session.call(id.getAndIncrement(), "in_flight", Json.object()).text(), "0"::equals);
    }
  }

  @Test
  void garbageAndOverlongLinesOnStdoutAreSkippedAndTheSessionKeepsWorking() throws Exception {
    ObjectNode entry = Children.fixture(marker).put("sharing", "session");
    try (TestGateway gateway = TestGateway.start(Children.servers(entry),
        gw -> gw.putObject("limits").put("maxLineBytes", "64KiB"))) {
      StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "fixture");
      StreamableSession session = mcp.open(StreamableClient.VERSION, "robust");
      long pid = session.whoami(2);

      assertThat(session.call(3, "garbage", Json.object().put("lines", 2000)).text()).isEqualTo("garbage sent: 2000");
      Reply huge = session.call(4, "long_line", Json.object().put("bytes", 4 << 20));
      assertThat(huge.text()).startsWith("long line sent");
      assertThat(huge.notifications("notifications/message")).as("the over-long message is dropped").isEmpty();
      Reply justUnder = session.call(5, "long_line", Json.object().put("bytes", 60_000));
      assertThat(justUnder.notifications("notifications/message")).as("a line under the limit still passes")
          .hasSize(1);
      assertThat(session.call(6, "echo", Json.object().put("text", "fine")).text()).isEqualTo("fine");
      assertThat(session.whoami(7)).as("the same child still serves the session").isEqualTo(pid);

      JsonNode health = mcp.health();
      assertThat(health.path("status").asString()).isEqualTo("ok");
      assertThat(mcp.serverHealth("fixture").path("state").asString()).isEqualTo("running");
      StreamableSession another = mcp.open(StreamableClient.VERSION, "another");
      assertThat(another.call(2, "echo", Json.object().put("text", "ok")).text()).isEqualTo("ok");
    }
  }

  @Test
  void childLimitsMakeAnExtraSessionFailAfterTheAcquireTimeoutAndFreedRoomIsReused() throws Exception {
    ObjectNode entry = Children.fixture(marker).put("sharing", "session");
    try (TestGateway gateway = TestGateway.start(Children.servers(entry), gw -> gw.putObject("upstreams")
        .put("maxChildren", 2).put("acquireTimeout", "1s"))) {
      StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "fixture");
      StreamableSession one = mcp.open(StreamableClient.VERSION, "one");
      StreamableSession two = mcp.open(StreamableClient.VERSION, "two");
      assertThat(one.whoami(2)).isNotEqualTo(two.whoami(2));

      long start = System.nanoTime();
      Reply third = mcp.initialize(StreamableClient.VERSION, "three");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(third.isError()).as(third.body()).isTrue();
      assertThat(third.errorMessage()).contains("maxChildren");
      assertThat(took).as("the wait for room is bounded by acquireTimeout").isBetween(Duration.ofMillis(900),
          Duration.ofSeconds(10));

      assertThat(one.delete().status()).isEqualTo(200);
      await("room freed").atMost(Duration.ofSeconds(20)).until(() -> Children.running(marker).size() == 1);
      StreamableSession four = mcp.open(StreamableClient.VERSION, "four");
      assertThat(four.call(2, "echo", Json.object().put("text", "room")).text()).isEqualTo("room");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"session", "shared", "call"})
  void aServerThatExitsAtOnceEndsInACrashLoopAndNewSessionsFailFast(String sharing) throws Exception {
    int maxFailures = 3;
    ObjectNode entry = Children.exiting(marker).put("sharing", sharing);
    entry.putObject("restart").put("maxFailures", maxFailures).put("window", "5m").put("backoff", "100ms")
        .put("maxBackoff", "200ms");
    ObjectNode servers = Json.object();
    servers.set("crashy", entry);
    try (TestGateway gateway = TestGateway.start(servers, gw -> {})) {
      StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "crashy");
      for (int attempt = 1; attempt <= maxFailures; attempt++) {
        if (mcp.serverHealth("crashy").path("state").asString().equals("crash-loop")) {
          break; // call keeps a warm child: its own restarts may get there first
        }
        Reply init = mcp.initialize(StreamableClient.VERSION, "attempt-" + attempt);
        assertThat(init.status()).as(init.body()).isEqualTo(200);
        assertThat(init.isError()).as("initialize %d against a server that exits: %s", attempt, init.body()).isTrue();
      }
      await("crash-loop in /health").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> mcp.serverHealth("crashy").path("state").asString().equals("crash-loop"));
      JsonNode health = mcp.serverHealth("crashy");
      assertThat(health.path("error").asString("")).as("last error in /health: %s", health).isNotEmpty();

      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        Reply init = mcp.initialize(StreamableClient.VERSION, "late-" + i);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(init.isError()).as(init.body()).isTrue();
        assertThat(init.errorMessage()).as("error of a new session").contains("crash loop");
        assertThat(took).as("a crash-looping server answers at once").isLessThan(Duration.ofSeconds(1));
      }
      assertThat(mcp.health().path("activeSessions").asInt()).as("failed sessions are not kept").isZero();
      assertThat(Children.running(marker)).isEmpty();
    }
  }
}
