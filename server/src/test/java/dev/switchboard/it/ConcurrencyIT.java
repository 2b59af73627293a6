package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.SdkClients;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many clients at once, and clients that reuse JSON-RPC ids: nobody ever sees another request's answer. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrencyIT {
  private static final int SESSIONS = 10;
  private static final int CALLS = 40;

  private static TestGateway gateway;
  private static StreamableClient raw;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.withFixture();
    raw = new StreamableClient(gateway.mcpUrl("fixture"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  /** Per session: its whoami pid, and every echo answer it got, in order. */
  private record Seen(long pid, List<Long> laterPids, List<String> echoes) {}

  @Test
  void concurrentSdkSessionsEachGetOnlyTheirOwnAnswersAndTheirOwnChild() throws Exception {
    CountDownLatch allUp = new CountDownLatch(SESSIONS);
    List<Future<Seen>> futures = new ArrayList<>();
    for (int s = 0; s < SESSIONS; s++) {
      String tag = "session-" + s;
      futures.add(threads.submit(() -> {
        try (McpSyncClient client = SdkClients.sdk(gateway.baseUrl(), "fixture").build()) {
          client.initialize();
          long pid = whoami(client);
          allUp.countDown();
          assertThat(allUp.await(60, TimeUnit.SECONDS)).isTrue(); // every session calls at the same time
          List<String> echoes = new ArrayList<>();
          List<Long> laterPids = new ArrayList<>();
          for (int i = 0; i < CALLS; i++) {
            echoes.add(SdkClients.text(client.callTool(new CallToolRequest("echo", Map.of("text", tag + "/" + i)))));
            if (i % 10 == 0) {
              laterPids.add(whoami(client));
            }
          }
          return new Seen(pid, laterPids, echoes);
        }
      }));
    }
    List<Long> pids = new ArrayList<>();
    for (int s = 0; s < SESSIONS; s++) {
      Seen seen = futures.get(s).get(100, TimeUnit.SECONDS);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        expected.add("session-" + s + "/" + i);
      }
      assertThat(seen.echoes()).as("echoes of session %d", s).containsExactlyElementsOf(expected);
      assertThat(seen.laterPids()).as("whoami of session %d over time", s).containsOnly(seen.pid());
      pids.add(seen.pid());
    }
    assertThat(new HashSet<>(pids)).as("one child per session").hasSize(SESSIONS);
  }

  @Test
  void duplicateIdsInOneSessionAreAnsweredOnTheirOwnResponses() throws Exception {
    StreamableSession session = raw.open("2025-06-18");
    Future<Reply> slow = threads.submit(() -> session.call(1, "slow", Json.object().put("ms", 600)
        .put("steps", 1)));
    await().atMost(Duration.ofSeconds(10)).until(() -> inFlight(session.id()) > 0); // slow is upstream before echo leaves
    Reply echo = session.call(1, "echo", Json.object().put("text", "B"));
    Reply slowReply = slow.get(30, TimeUnit.SECONDS);

    assertThat(echo.status()).isEqualTo(200);
    assertThat(echo.response().path("id").asInt()).isEqualTo(1);
    assertThat(echo.text()).isEqualTo("B");
    assertThat(slowReply.status()).isEqualTo(200);
    assertThat(slowReply.response().path("id").asInt()).isEqualTo(1);
    assertThat(slowReply.text()).isEqualTo("done");
  }

  @Test
  void twoSessionsUsingTheSameIdConcurrentlyStayApart() throws Exception {
    StreamableSession x = raw.open("2025-06-18");
    StreamableSession y = raw.open("2025-03-26");
    Future<Reply> slowX = threads.submit(() -> x.call(1, "slow", Json.object().put("ms", 500)
        .put("steps", 1)));
    for (int round = 0; round < 20; round++) {
      String a = "X-" + round;
      String b = "Y-" + round;
      Future<Reply> fx = threads.submit(() -> x.call(1, "echo", Json.object().put("text", a)));
      Future<Reply> fy = threads.submit(() -> y.call(1, "echo", Json.object().put("text", b)));
      Reply rx = fx.get(30, TimeUnit.SECONDS);
      Reply ry = fy.get(30, TimeUnit.SECONDS);
      assertThat(rx.response().path("id").asInt()).isEqualTo(1);
      assertThat(rx.text()).isEqualTo(a);
      assertThat(ry.response().path("id").asInt()).isEqualTo(1);
      assertThat(ry.text()).isEqualTo(b);
    }
    assertThat(slowX.get(30, TimeUnit.SECONDS).text()).isEqualTo("done");
    assertThat(x.whoami()).isNotEqualTo(y.whoami());
  }

  private static int inFlight(String sessionId) {
    return gateway.daemon().gateway().session(sessionId).map(s -> s.inFlight()).orElse(0);
  }

  private static long whoami(McpSyncClient client) {
    return Long.parseLong(SdkClients.text(client.callTool(new CallToolRequest("whoami", Map.of()))));
  }
}
