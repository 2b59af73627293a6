package dev.switchboard.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Exchange;
import dev.switchboard.testing.Messages;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code sharing: shared}: many sessions over one child, all using the same JSON-RPC ids. Each session sees only its
 * own answers, progress, log messages, resource updates and sampling requests; cancellations reach the right
 * upstream request.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SharedMultiplexingIT {
  private static final int SESSIONS = 64;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final String marker = Children.newMarker();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void noChildLeft() {
    threads.shutdownNow();
    Children.assertNoneLeft(marker);
  }

  private TestGateway shared(Consumer<ObjectNode> tweak) throws Exception {
    ObjectNode entry = Children.fixture(marker).put("sharing", "shared");
    tweak.accept(entry);
    return TestGateway.start(Children.servers(entry), gw -> {});
  }

  /** Runs {@code task(i)} for i in [0, n) on virtual threads; returns the results in order, failing on any error. */
  private <T> List<T> inParallel(int n, IndexedTask<T> task) throws Exception {
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      futures.add(threads.submit((Callable<T>) () -> task.run(index)));
    }
    List<T> out = new ArrayList<>();
    for (Future<T> f : futures) {
      out.add(f.get(180, TimeUnit.SECONDS));
    }
    return out;
  }

  interface IndexedTask<T> {
    T run(int index) throws Exception;
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    latch.countDown();
    assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("every session reached the barrier").isTrue();
  }

  /** What one session saw. */
  private record Seen(long pid, String echo, JsonNode slowResponse, List<JsonNode> progress) {}

  @Test
  void sixtyFourSessionsWithIdenticalIdsEachGetTheirOwnAnswersAndProgressFromOneChild() throws Exception {
    try (TestGateway gateway = shared(e -> {})) {
      StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "fixture");
      CountDownLatch opened = new CountDownLatch(SESSIONS);
      CountDownLatch echoed = new CountDownLatch(SESSIONS);
      List<Seen> seen = inParallel(SESSIONS, i -> {
        StreamableSession s = mcp.open(StreamableClient.VERSION, "client-" + i);
        await(opened);
        long pid = s.whoami(2);
        Reply echo = s.call(3, "echo", Json.object().put("text", "echo-" + i));
        assertThat(echo.response().path("id").asInt()).isEqualTo(3);
        await(echoed); // every slow call below overlaps with the 63 others
        Reply slow = s.call(4, "slow", Json.object().put("ms", 900).put("steps", 3), "token-" + i);
        return new Seen(pid, echo.text(), slow.response(), slow.notifications("notifications/progress"));
      });

      for (int i = 0; i < SESSIONS; i++) {
        Seen s = seen.get(i);
        assertThat(s.echo()).as("echo of session %d", i).isEqualTo("echo-" + i);
        assertThat(s.slowResponse().path("id").asInt()).as("slow answer id of session %d", i).isEqualTo(4);
        assertThat(s.slowResponse().path("result").path("content").path(0).path("text").asString(""))
            .as("slow answer of session %d", i).isEqualTo("done");
        assertThat(s.progress()).as("progress of session %d", i).hasSize(3);
        for (JsonNode p : s.progress()) {
          assertThat(p.path("params").path("progressToken").asString(""))
              .as("progress token seen by session %d", i).isEqualTo("token-" + i);
        }
        assertThat(s.progress().stream().map(p -> p.path("params").path("progress").asInt()).toList())
            .as("progress values of session %d", i).containsExactly(1, 2, 3);
      }
      Set<Long> pids = new HashSet<>(seen.stream().map(Seen::pid).toList());
      assertThat(pids).as("children serving the %d sessions", SESSIONS).hasSize(1);
      assertThat(Children.running(marker)).as("fixture processes of this gateway").containsExactlyElementsOf(pids);
      JsonNode health = mcp.serverHealth("fixture");
      assertThat(health.path("sharing").asString()).isEqualTo("shared");
      assertThat(health.path("connections").asInt()).isEqualTo(1);
    }
  }

  @Test
  void aCancellationStopsOnlyTheCancelledCallAmongIdenticalIds() throws Exception {
    int n = 32;
    try (TestGateway gateway = shared(e -> {})) {
      StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "fixture");
      CountDownLatch opened = new CountDownLatch(n);
      CountDownLatch started = new CountDownLatch(n);
      List<List<JsonNode>> outcomes = inParallel(n, i -> {
        StreamableSession s = mcp.open(StreamableClient.VERSION, "client-" + i);
        await(opened);
        // 4 s in 8 steps: the first progress (0.5 s in) proves the call reached the child
        try (Exchange call = s.start(Messages.toolCall(7, "slow", Json.object().put("ms", 4000).put("steps", 8),
            "p-" + i))) {
          call.await(m -> Messages.isNotification(m, "notifications/progress"), WAIT, "first progress");
          await(started); // every call is in flight upstream, under the same id 7
          if (i % 2 == 1) {
            s.cancel(7, "test cancels odd sessions");
          }
          assertThat(call.awaitEnd(WAIT)).as("the answer stream of session %d ends", i).isTrue();
          return call.seen();
        }
      });

      for (int i = 0; i < n; i++) {
        List<JsonNode> responses = outcomes.get(i).stream().filter(Messages::isResponse).toList();
        if (i % 2 == 1) {
          assertThat(responses).as("answers to the cancelled call of session %d", i).isEmpty();
        } else {
          assertThat(responses).as("answers of session %d", i).hasSize(1);
          assertThat(responses.get(0).path("id").asInt()).isEqualTo(7);
          assertThat(responses.get(0).path("result").path("content").path(0).path("text").asString(""))
              .as("session %d's call was not cancelled", i).isEqualTo("done");
        }
      }
      StreamableSession probe = mcp.open(StreamableClient.VERSION, "probe");
      JsonNode cancelled = Json.parse(probe.call(1, "cancelled_ids", Json.object()).text());
      assertThat(cancelled.path("inFlight")).as("cancellations the child received for running requests")
          .hasSize(n / 2);
      assertThat(cancelled.path("unknown")).as("cancellations for requests the child did not know").isEmpty();
      assertThat(probe.call(2, "in_flight", Json.object()).text()).as("requests still running in the child")
          .isEqualTo("0");
    }
  }

  @Test
  void aSessionNeverReceivesAnotherSessionsLogMessages() throws Exception {
    try (TestGateway gateway = shared(e -> {})) {
      List<List<String>> logs = logRound(gateway);
      int withOwn = 0;
      for (int i = 0; i < SESSIONS; i++) {
        List<String> expectedOwn = List.of("log-" + i + "-a", "log-" + i + "-b");
        assertThat(expectedOwn).as("log texts session %d received", i).containsAll(logs.get(i));
        withOwn += logs.get(i).isEmpty() ? 0 : 1;
      }
      // a log sent while several sessions are in flight may be dropped (the child is pinned then); not all of them
      assertThat(withOwn).as("sessions that received their own log message").isPositive();
    }
  }

  /**
   * The moment a shared child gets pinned, requests of other sessions may still be running in it. A log message one
   * of them sends afterwards must not go to whichever session the child was then pinned to.
   */
  @Test
  void aLogFromARequestSentBeforePinningDoesNotReachTheSessionPinnedAfterwards() throws Exception {
    try (TestGateway gateway = shared(e -> {})) {
      StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "fixture");
      StreamableSession a = mcp.open(StreamableClient.VERSION, "a");
      StreamableSession b = mcp.open(StreamableClient.VERSION, "b");
      StreamableSession c = mcp.open(StreamableClient.VERSION, "c");
      try (Exchange aSlow = a.start(Messages.toolCall(2, "slow", Json.object().put("ms", 6000).put("steps", 6), "a"));
          Exchange bLate = b.start(Messages.toolCall(2, "log_echo", Json.object().put("text", "b-late")
              .put("delayMs", 3000), null))) {
        aSlow.await(m -> Messages.isNotification(m, "notifications/progress"), WAIT, "first progress of a");
        // a and b both in flight: this log cannot be attributed, so the gateway pins the child (and drops it)
        Reply trigger = a.call(3, "log_echo", Json.object().put("text", "a-trigger"));
        assertThat(trigger.text()).isEqualTo("a-trigger");
        // c is the first to send after the pin; b's log arrives ~3 s after b's call, while c's call runs
        try (Exchange cCall = c.start(Messages.toolCall(2, "slow", Json.object().put("ms", 4000).put("steps", 4),
            "c"))) {
          JsonNode bAnswer = bLate.awaitResponse(WAIT);
          assertThat(bAnswer.path("result").path("content").path(0).path("text").asString()).isEqualTo("b-late");
          cCall.awaitResponse(WAIT);
          List<String> cLogs = cCall.seen().stream().filter(m -> Messages.isNotification(m, "notifications/message"))
              .map(m -> m.path("params").path("data").asString("")).toList();
          assertThat(cLogs).as("log texts session c received").doesNotContain("b-late", "a-trigger");
        }
        aSlow.awaitResponse(WAIT);
      }
    }
  }

  /**
   * On a pinned child, a session's request may wait in line for another session's turn. Cancelling it there must
   * work like cancelling it upstream: no answer, and the child never runs it.
   */
  @Test
  void cancellingARequestQueuedOnAPinnedChildKeepsItFromRunning() throws Exception {
    try (TestGateway gateway = shared(e -> e.putObject("pool").put("pinned", true))) {
      StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "fixture");
      StreamableSession holder = mcp.open(StreamableClient.VERSION, "holder");
      StreamableSession waiter = mcp.open(StreamableClient.VERSION, "waiter");
      try (Exchange held = holder.start(Messages.toolCall(2, "slow", Json.object().put("ms", 3000).put("steps", 3),
          "h"))) {
        held.await(m -> Messages.isNotification(m, "notifications/progress"), WAIT, "first progress of the holder");
        try (Exchange queued = waiter.start(Messages.toolCall(2, "log_echo", Json.object().put("text", "queued"),
            null))) {
          Thread.sleep(300); // the waiter's request is in line behind the holder's
          waiter.cancel(2, "no longer needed");
          held.awaitResponse(WAIT);
          assertThat(queued.awaitEnd(Duration.ofSeconds(20))).as("the cancelled request's stream ends").isTrue();
          assertThat(queued.seen()).as("what the cancelled, queued request got").noneMatch(Messages::isResponse)
              .noneMatch(m -> Messages.isNotification(m, "notifications/message"));
        }
      }
      assertThat(waiter.call(3, "echo", Json.object().put("text", "next")).text()).isEqualTo("next");
    }
  }

  @Test
  void aPinnedSharedChildDeliversEveryLogMessageToItsOwnSession() throws Exception {
    try (TestGateway gateway = shared(e -> e.putObject("pool").put("pinned", true))) {
      List<List<String>> logs = logRound(gateway);
      for (int i = 0; i < SESSIONS; i++) {
        assertThat(logs.get(i)).as("log texts session %d received", i)
            .containsExactly("log-" + i + "-a", "log-" + i + "-b");
      }
    }
  }

  /**
   * Every session listens on its standalone stream and calls log_echo twice with its own texts, all at once; returns,
   * per session, every log text it received on any of its streams, in order.
   */
  private List<List<String>> logRound(TestGateway gateway) throws Exception {
    StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "fixture");
    CountDownLatch opened = new CountDownLatch(SESSIONS);
    CountDownLatch done = new CountDownLatch(SESSIONS);
    return inParallel(SESSIONS, i -> {
      StreamableSession s = mcp.open(StreamableClient.VERSION, "client-" + i);
      try (Exchange standalone = s.listen()) {
        await(opened);
        List<JsonNode> received = new ArrayList<>();
        for (String suffix : List.of("a", "b")) {
          Reply r = s.call(5, "log_echo", Json.object().put("text", "log-" + i + "-" + suffix));
          assertThat(r.text()).isEqualTo("log-" + i + "-" + suffix);
          received.addAll(r.messages());
        }
        await(done);
        Thread.sleep(500); // a misrouted message still in the gateway would arrive on the standalone stream
        received.addAll(standalone.seen());
        return received.stream().filter(m -> Messages.isNotification(m, "notifications/message"))
            .map(m -> m.path("params").path("data").asString("")).toList();
      }
    });
  }

  @Test
  void aResourceUpdateReachesOnlyTheSubscribingSession() throws Exception {
    try (TestGateway gateway = shared(e -> {})) {
      StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "fixture");
      StreamableSession subscriber = mcp.open(StreamableClient.VERSION, "subscriber");
      StreamableSession bystander = mcp.open(StreamableClient.VERSION, "bystander");
      assertThat(subscriber.whoami(2)).as("both sessions share the child").isEqualTo(bystander.whoami(2));
      try (Exchange subscriberStream = subscriber.listen(); Exchange bystanderStream = bystander.listen()) {
        Thread.sleep(300); // both GET streams attached
        Reply subscribed = subscriber.post(Messages.request(3, "resources/subscribe",
            Json.object().put("uri", "test://watched-resource")));
        assertThat(subscribed.response().has("result")).as(subscribed.body()).isTrue();

        JsonNode update = subscriberStream.await(m -> Messages.isNotification(m, "notifications/resources/updated"),
            Duration.ofSeconds(20), "resources/updated");
        assertThat(update.path("params").path("uri").asString()).isEqualTo("test://watched-resource");
        // the bystander keeps working, and its stream never carries the update
        assertThat(bystander.call(4, "echo", Json.object().put("text", "still here")).text()).isEqualTo("still here");
        Thread.sleep(1000);
        assertThat(bystanderStream.seen()).as("messages on the bystander's stream")
            .noneMatch(m -> Messages.isNotification(m, "notifications/resources/updated"));
        assertThat(subscribed.notifications("notifications/resources/updated"))
            .as("updates are not duplicated onto the subscribe answer").isEmpty();
        assertThat(subscriberStream.seen().stream()
            .filter(m -> Messages.isNotification(m, "notifications/resources/updated")).count())
            .as("updates the subscriber received").isEqualTo(1);
      }
    }
  }

  @Test
  void samplingRequestsGoToTheClientWhoseCallAskedUnderLoad() throws Exception {
    int n = 16;
    try (TestGateway gateway = shared(e -> e.putObject("pool").put("pinned", true))) {
      StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "fixture");
      CountDownLatch opened = new CountDownLatch(n);
      ObjectNode caps = Json.object();
      caps.putObject("sampling");
      List<String> results = inParallel(n, i -> {
        StreamableSession s = mcp.open(StreamableClient.VERSION, "sampler-" + i, caps);
        await(opened);
        try (Exchange call = s.start(Messages.toolCall(5, "test_sampling",
            Json.object().put("prompt", "prompt-" + i), null))) {
          JsonNode sampling = call.await(m -> "sampling/createMessage".equals(m.path("method").asString(null))
              && m.has("id"), WAIT, "sampling request");
          assertThat(sampling.path("params").path("messages").path(0).path("content").path("text").asString(""))
              .as("the prompt of the sampling request session %d got", i).isEqualTo("prompt-" + i);
          ObjectNode answer = Json.object().put("jsonrpc", "2.0");
          answer.set("id", sampling.get("id"));
          ObjectNode result = answer.putObject("result").put("role", "assistant").put("model", "test-model")
              .put("stopReason", "endTurn");
          result.putObject("content").put("type", "text").put("text", "answer-" + i);
          s.send(answer);
          JsonNode response = call.awaitResponse(WAIT);
          assertThat(response.path("id").asInt()).isEqualTo(5);
          return response.path("result").path("content").path(0).path("text").asString("");
        }
      });
      for (int i = 0; i < n; i++) {
        assertThat(results.get(i)).as("tool result of session %d", i).isEqualTo("LLM response: answer-" + i);
      }
    }
  }
}
