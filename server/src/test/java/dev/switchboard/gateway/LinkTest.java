package dev.switchboard.gateway;

import static dev.switchboard.gateway.Wire.await;
import static dev.switchboard.gateway.Wire.request;
import static dev.switchboard.gateway.Wire.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.switchboard.config.Sharing;
import dev.switchboard.config.UpstreamPolicy;
import dev.switchboard.protocol.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Timeout;

/** The routing core of one link, in memory: a fake upstream, real sessions and streams, no processes. */
@Timeout(20)
class LinkTest {
  private static final long HOUR = Duration.ofHours(1).toNanos();
  private final RecordingOwner owner = new RecordingOwner();
  private final List<Link> links = new java.util.ArrayList<>();

  @AfterEach
  void closeLinks() {
    links.forEach(Link::close);
  }

  static UpstreamPolicy policy(Duration timeout, Duration pingInterval, Duration pingTimeout) {
    return new UpstreamPolicy(Sharing.SHARED, 0, 4, false, timeout, Map.of(), Duration.ofMinutes(30), pingInterval,
        pingTimeout, 5, Duration.ofMinutes(1), Duration.ofMillis(250), Duration.ofSeconds(30));
  }

  private FakeUpstream connect(Link link) {
    AtomicReference<FakeUpstream> fake = new AtomicReference<>();
    link.connect(() -> {
      fake.set(new FakeUpstream(link));
      return fake.get();
    });
    links.add(link);
    return fake.get();
  }

  private Link link() {
    return Link.open("fake", owner, policy(Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(1)),
        Runnable::run);
  }

  /** Observes requests as metrics do: each request's end, as the link reports it, lands in the queue returned. */
  private java.util.concurrent.BlockingQueue<RequestEvents.Exchange> recordEnded() {
    java.util.concurrent.BlockingQueue<RequestEvents.Exchange> ended = new java.util.concurrent.LinkedBlockingQueue<>();
    owner.events = new RequestEvents() {
      @Override
      public void ended(String server, String method, @org.jspecify.annotations.Nullable String tool,
          Ending outcome, long nanos) {}

      @Override
      public void ended(Exchange exchange) {
        ended.add(exchange);
      }
    };
    return ended;
  }

  @Test
  void clientIdsNeverCollideUpstreamAndAnswersReturnUnderThem() throws Exception {
    Link link = link();
    FakeUpstream child = connect(link);
    Session a = session("a");
    Session b = session("b");
    EventStream outA = a.openRequestStream(1);
    EventStream outB = b.openRequestStream(1);
    link.forward(a, request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"), outA);
    link.forward(b, request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"), outB);
    long first = child.next().node().path("id").asLong();
    long second = child.next().node().path("id").asLong();
    assertThat(first).isNotEqualTo(second);

    child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + second + ",\"result\":{\"who\":\"b\"}}");
    child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + first + ",\"result\":{\"who\":\"a\"}}");

    assertThat(await(outA, 1).get(0).node().toString()).isEqualTo(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"who\":\"a\"}}");
    assertThat(await(outB, 1).get(0).node().toString()).isEqualTo(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"who\":\"b\"}}");
    assertThat(link.inFlight()).isZero();
  }

  @Test
  void progressTokensAreTheUpstreamIdAndComeBackAsTheClients() throws Exception {
    Link link = link();
    FakeUpstream child = connect(link);
    Session a = session("a");
    EventStream out = a.openRequestStream(1);
    link.forward(a, request("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"tools/call\",\"params\":{\"name\":\"t\","
        + "\"_meta\":{\"progressToken\":\"tok-a\",\"other\":1}}}"), out);
    Message sent = child.next();
    long upstreamId = sent.node().path("id").asLong();
    assertThat(sent.node().path("params").path("_meta").toString()).startsWith(
        "{\"progressToken\":" + upstreamId + ",\"other\":1,\"traceparent\":\"00-");

    child.reply("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":"
        + upstreamId + ",\"progress\":1}}");
    assertThat(await(out, 1).get(0).node().path("params").toString())
        .isEqualTo("{\"progressToken\":\"tok-a\",\"progress\":1}");
  }

  @Test
  void aCancelledRequestIsCancelledUpstreamUnderItsIdAndItsLateAnswerDropped() throws Exception {
    Link link = link();
    FakeUpstream child = connect(link);
    Session a = session("a");
    EventStream out = a.openRequestStream(1);
    link.forward(a, request("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\"}"), out);
    long upstreamId = child.next().node().path("id").asLong();

    link.cancel(a, Wire.notification("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
        + "\"params\":{\"requestId\":7,\"reason\":\"user\"}}"));
    assertThat(child.next().node().path("params").toString())
        .isEqualTo("{\"requestId\":" + upstreamId + ",\"reason\":\"user\"}");
    child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + upstreamId + ",\"result\":{}}");

    EventStream.Batch batch = out.await(0, Duration.ofSeconds(5));
    assertThat(batch.finished()).isTrue();
    assertThat(batch.events()).isEmpty();
    assertThat(link.inFlight(a)).isZero();
  }

  /**
   * With metrics or the access log on, the link wraps each request's sink to observe its end; a client's
   * cancellation must still reach the sink (a {@code call} child is freed by it, a pinned shared child released),
   * and is reported as cancelled. Before, the wrapper dropped it.
   */
  @Test
  void aCancellationReachesTheRequestsSinkAndIsReportedWhenRequestsAreObserved() throws Exception {
    java.util.concurrent.BlockingQueue<RequestEvents.Exchange> ended = recordEnded();
    Link link = link();
    FakeUpstream child = connect(link);
    Session a = session("a");
    EventStream out = a.openRequestStream(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    link.forward(a, request("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}"),
        out, new AnswerSink() {
          @Override
          public void answered(Message answer, Outcome outcome) {
            out.offer(answer);
          }

          @Override
          public void cancelled() {
            cancelled.countDown();
          }
        });
    child.next();
    link.cancel(a, Wire.notification("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
        + "\"params\":{\"requestId\":7}}"));

    assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ended).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(RequestEvents.Ending.CANCELLED);
      assertThat(e.tool()).isEqualTo("t");
    });
  }

  /**
   * A request's duration ends when its answer is handed to the client's stream, not when the link's thread next
   * runs: the stream's writer may have written the answer by then, and the gateway's share (timed by that writer)
   * plus the server's time must cover the whole. A CI run saw the sum short by 461 ns.
   */
  @Test
  void aRequestsDurationEndsWhenItsAnswerIsOnTheStream() throws Exception {
    java.util.concurrent.BlockingQueue<RequestEvents.Exchange> ended = recordEnded();
    Link link = link();
    FakeUpstream child = connect(link);
    Session a = session("a");
    EventStream out = a.openRequestStream(1);
    link.forward(a, request("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\"}"), out);
    child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + child.next().node().path("id").asLong() + ",\"result\":{}}");
    assertThat(ended.poll(5, TimeUnit.SECONDS)).isNotNull(); // the classes on the path are loaded: a tight start
    java.util.concurrent.atomic.AtomicLong offeredAt = new java.util.concurrent.atomic.AtomicLong();
    long before = System.nanoTime();
    link.forward(a, request("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}"), out, new AnswerSink() {
      @Override
      public void answered(Message answer, Outcome outcome) {
        out.offer(answer);
        offeredAt.set(System.nanoTime());
        try {
          Thread.sleep(200); // the thread descheduled once the answer is on the stream
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public void cancelled() {}
    });
    child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + child.next().node().path("id").asLong() + ",\"result\":{}}");

    RequestEvents.Exchange exchange = ended.poll(5, TimeUnit.SECONDS);
    assertThat(exchange).isNotNull();
    assertThat(before + exchange.nanos()).isLessThanOrEqualTo(offeredAt.get());
  }

  /** An idle link's request goes out on the caller's thread: no wake-up of the owner and back per request. */
  @Test
  void aRequestOnAnIdleLinkIsSentByTheCallingThreadBeforeForwardReturns() throws Exception {
    Link link = link();
    FakeUpstream child = connect(link);
    Session a = session("a");
    link.forward(a, request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"), a.openRequestStream(1));
    assertThat(child.nextOrNull(0)).isNotNull();
    assertThat(child.lastSender).isSameAs(Thread.currentThread());
  }

  /** While the owner holds the turn, a caller's request and its cancellation queue behind it, in their order. */
  @Test
  void eventsPostedWhileTheOwnerIsBusyKeepTheirOrder() throws Exception {
    Link link = link();
    FakeUpstream child = connect(link);
    Session a = session("a");
    CountDownLatch hold = new CountDownLatch(1);
    owner.holdNotifications = hold;
    child.reply("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");
    assertThat(owner.notifications.poll(5, TimeUnit.SECONDS)).isNotNull(); // the owner is now inside the callback

    link.forward(a, request("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\"}"), a.openRequestStream(1));
    link.cancel(a, Wire.notification("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
        + "\"params\":{\"requestId\":7}}"));
    assertThat(child.nextOrNull(0)).isNull();
    hold.countDown();

    Message sent = child.next();
    assertThat(sent.node().path("method").asString()).isEqualTo("tools/call");
    Message cancelled = child.next();
    assertThat(cancelled.node().path("method").asString()).isEqualTo("notifications/cancelled");
    assertThat(cancelled.node().path("params").path("requestId").asLong()).isEqualTo(sent.node().path("id").asLong());
    assertThat(child.lastSender).isNotSameAs(Thread.currentThread()).matches(Thread::isVirtual);
  }

  @Test
  void aRequestPastItsDeadlineFailsForTheClientAndIsCancelledUpstream() throws Exception {
    Link link = link();
    FakeUpstream child = connect(link);
    Session a = session("a");
    EventStream out = a.openRequestStream(1);
    link.forward(a, request("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\"}"), out);
    long upstreamId = child.next().node().path("id").asLong();

    link.tick(System.nanoTime() + HOUR);

    Message answer = await(out, 1).get(0);
    assertThat(answer).isInstanceOf(Message.ErrorResponse.class);
    assertThat(answer.node().path("id").asInt()).isEqualTo(3);
    assertThat(answer.node().path("error").path("message").asString()).contains("did not answer tools/call");
    Message cancel = child.next();
    assertThat(cancel.node().path("method").asString()).isEqualTo("notifications/cancelled");
    assertThat(cancel.node().path("params").path("requestId").asLong()).isEqualTo(upstreamId);
  }

  @Test
  void serverRequestsReachTheClientAsSbIdsAndOnlyThatSessionMayAnswer() throws Exception {
    Link link = link();
    FakeUpstream child = connect(link);
    Session a = session("a", "{\"roots\":{}}");
    Session b = session("b", "{\"roots\":{}}");
    owner.attributeTo = a;
    child.reply("{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"method\":\"roots/list\"}");

    Message delivered = await(a.standalone(), 1).get(0);
    assertThat(delivered.node().path("id").asString()).isEqualTo("sb-1");
    assertThat(owner.lastCallbackThread).isNotNull().matches(Thread::isVirtual);

    link.answerUpstream(b, Wire.parse("{\"jsonrpc\":\"2.0\",\"id\":\"sb-1\",\"result\":{\"roots\":[\"b\"]}}"));
    link.answerUpstream(a, Wire.parse("{\"jsonrpc\":\"2.0\",\"id\":\"sb-1\",\"result\":{\"roots\":[]}}"));
    assertThat(child.next().node().toString()).isEqualTo(
        "{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"result\":{\"roots\":[]}}");
    assertThat(child.nextOrNull(100)).isNull();
  }

  @Test
  void aServerRequestForAClosedSessionIsAnsweredWithAnErrorNotLost() throws Exception {
    Link link = link();
    FakeUpstream child = connect(link);
    Session a = session("a", "{\"roots\":{}}");
    a.close("gone");
    owner.attributeTo = a;

    child.reply("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"roots/list\"}");

    Message answer = child.next();
    assertThat(answer).isInstanceOf(Message.ErrorResponse.class);
    assertThat(answer.node().path("id").asInt()).isEqualTo(9);
  }

  @Test
  void aServerRequestTheClientCannotAnswerGetsMethodNotFound() throws Exception {
    Link link = link();
    FakeUpstream child = connect(link);
    owner.attributeTo = session("a", "{}");
    child.reply("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"sampling/createMessage\",\"params\":{}}");
    assertThat(child.next().node().path("error").path("code").asInt()).isEqualTo(-32601);
  }

  /** An elicitation needs its mode: {@code elicitation: {}} is form only, so a URL-mode request is refused. */
  @Test
  void anElicitationIsDeliveredOnlyInAModeTheClientDeclared() throws Exception {
    Link link = link();
    FakeUpstream child = connect(link);
    Session formOnly = session("a", "{\"elicitation\":{}}");
    owner.attributeTo = formOnly;
    child.reply("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"elicitation/create\",\"params\":{\"mode\":\"url\","
        + "\"elicitationId\":\"e\",\"url\":\"https://example.com/\",\"message\":\"go\"}}");
    JsonNode refused = child.next().node();
    assertThat(refused.path("error").path("code").asInt()).isEqualTo(-32601);
    assertThat(refused.path("error").path("message").asString()).contains("'elicitation.url'");

    child.reply("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"elicitation/create\",\"params\":{\"message\":\"m\","
        + "\"requestedSchema\":{\"type\":\"object\"}}}");
    assertThat(await(formOnly.standalone(), 1).get(0).node().path("method").asString()).isEqualTo(
        "elicitation/create");

    owner.attributeTo = session("b", "{\"elicitation\":{\"url\":{}}}");
    child.reply("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"elicitation/create\",\"params\":{\"message\":\"m\","
        + "\"requestedSchema\":{\"type\":\"object\"}}}");
    assertThat(child.next().node().path("error").path("message").asString()).as("URL mode only: no forms")
        .contains("'elicitation.form'");
  }

  @Test
  void aCrashFailsEveryRequestInFlightExactlyOnce() throws Exception {
    Link link = link();
    FakeUpstream child = connect(link);
    Session a = session("a");
    EventStream out1 = a.openRequestStream(1);
    EventStream out2 = a.openRequestStream(1);
    link.forward(a, request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}"), out1);
    link.forward(a, request("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\"}"), out2);
    child.next();
    child.next();

    child.crash();

    assertThat(owner.closed.poll(5, TimeUnit.SECONDS)).isNotNull();
    for (EventStream out : List.of(out1, out2)) {
      EventStream.Batch batch = out.await(0, Duration.ofSeconds(5));
      assertThat(batch.events()).hasSize(1);
      assertThat(batch.events().get(0).message().node().path("error").path("message").asString())
          .contains("exited unexpectedly");
      assertThat(batch.finished()).isTrue();
    }
    assertThat(link.inFlight()).isZero();
    assertThat(link.isOpen()).isFalse();
  }

  @Test
  void aRequestAfterTheLinkClosedFailsAtOnce() throws Exception {
    Link link = link();
    FakeUpstream child = connect(link);
    child.crash();
    owner.closed.take();
    Session a = session("a");
    EventStream out = a.openRequestStream(1);
    link.forward(a, request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"), out);
    assertThat(await(out, 1).get(0)).isInstanceOf(Message.ErrorResponse.class);
    assertThat(link.inFlight()).isZero();
  }

  @Test
  void aChildThatRefusesInputFailsTheRequestAtOnce() throws Exception {
    Link link = link();
    FakeUpstream child = connect(link);
    child.refusing = true;
    Session a = session("a");
    EventStream out = a.openRequestStream(1);
    link.forward(a, request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"), out);
    assertThat(await(out, 1).get(0).node().path("error").path("message").asString())
        .contains("not reading its input");
  }

  @Test
  void aPingThatTimesOutKillsTheChild() throws Exception {
    Link link = Link.open("fake", owner, policy(Duration.ofSeconds(60), Duration.ofNanos(1), Duration.ofSeconds(1)),
        Runnable::run);
    FakeUpstream child = connect(link);
    link.tick(System.nanoTime());
    Message ping = child.next();
    assertThat(ping.node().path("method").asString()).isEqualTo("ping");

    link.tick(System.nanoTime() + HOUR);

    assertThat(owner.closed.poll(5, TimeUnit.SECONDS).reason()).contains("did not answer a ping");
  }

  @Test
  void aPingTheChildWillNotTakeKillsItAtOnce() throws Exception {
    Link link = Link.open("fake", owner, policy(Duration.ofSeconds(60), Duration.ofNanos(1), Duration.ofSeconds(1)),
        Runnable::run);
    FakeUpstream child = connect(link);
    child.refusing = true; // its input is full: the ping is never sent, so there is no answer to time out
    link.tick(System.nanoTime());
    assertThat(owner.closed.poll(5, TimeUnit.SECONDS).reason()).contains("did not answer a ping");
    assertThat(child.isOpen()).isFalse();
  }

  @Test
  void anAnsweredPingKeepsTheChild() throws Exception {
    Link link = Link.open("fake", owner, policy(Duration.ofSeconds(60), Duration.ofNanos(1), Duration.ofSeconds(1)),
        Runnable::run);
    FakeUpstream child = connect(link);
    link.tick(System.nanoTime());
    child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + child.next().node().path("id").asLong() + ",\"result\":{}}");
    CompletableFuture<Message> after = link.request("tools/list", null, Duration.ofSeconds(5));
    child.next();
    link.tick(System.nanoTime() + HOUR); // expires the request, not the answered ping
    assertThat(after.get(5, TimeUnit.SECONDS)).isInstanceOf(Message.ErrorResponse.class);
    assertThat(owner.closed.poll(200, TimeUnit.MILLISECONDS)).isNull();
    assertThat(child.isOpen()).isTrue();
  }

  /**
   * One child stuck in a send must cost nothing but itself: the supervisor's ticks return at once and another
   * server's deadlines still fire. (Before the single-owner link, the tick itself sent the cancellation and waited.)
   */
  @Test
  void aStuckChildNeverHoldsTheSupervisorOrAnotherLink() throws Exception {
    Link stuck = link();
    FakeUpstream stuckChild = connect(stuck);
    Link healthy = link();
    FakeUpstream healthyChild = connect(healthy);
    Session a = session("a");
    EventStream outStuck = a.openRequestStream(1);
    EventStream outHealthy = a.openRequestStream(1);
    stuck.forward(a, request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}"), outStuck);
    stuckChild.next();
    healthy.forward(a, request("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\"}"), outHealthy);
    healthyChild.next();
    CountDownLatch release = new CountDownLatch(1);
    stuckChild.stall = release;
    try {
      assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
        for (int i = 0; i < 10; i++) {
          stuck.tick(System.nanoTime() + HOUR); // its owner blocks sending the cancellation
          healthy.tick(System.nanoTime() + HOUR);
        }
      });
      assertThat(await(outHealthy, 1).get(0).node().path("error").path("message").asString())
          .contains("did not answer");
    } finally {
      release.countDown();
    }
  }

  @Test
  void aWriteStuckInAChildThatStoppedReadingIsEndedByTheSupervisorStoppingIt() throws Exception {
    Link link = link();
    FakeUpstream child = connect(link);
    child.stall = new CountDownLatch(1); // released only by the child's close: a full pipe until the child is gone
    Session a = session("a");
    EventStream out = a.openRequestStream(1);
    Thread sender = Thread.ofVirtual().start(() -> link.forward(a,
        request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}"), out));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> child.stalledSince != 0);
    link.tick(System.nanoTime()); // not stuck for long yet: nothing happens
    assertThat(owner.closed).isEmpty();
    assertTimeoutPreemptively(Duration.ofSeconds(2),
        () -> link.tick(System.nanoTime() + Link.STALLED_WRITE.toNanos() + 1)); // its turn is held: it must not wait
    assertThat(owner.closed.poll(5, TimeUnit.SECONDS).toError().message()).contains("stopped reading its input");
    sender.join(Duration.ofSeconds(5));
    assertThat(sender.isAlive()).as("the sender's write ended with the child").isFalse();
    assertThat(await(out, 1).get(0).node().path("error").path("message").asString())
        .contains("stopped reading its input");
  }

  @Test
  void aLinkClosedWhileItsChildStartsStopsTheChildOnceStarted() throws Exception {
    Link link = link();
    CountDownLatch starting = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    AtomicReference<FakeUpstream> fake = new AtomicReference<>();
    Thread connecting = Thread.ofVirtual().start(() -> link.connect(() -> {
      starting.countDown();
      try {
        proceed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      fake.set(new FakeUpstream(link));
      return fake.get();
    }));
    starting.await();
    link.close(); // e.g. the session was deleted while its child was being spawned
    proceed.countDown();
    connecting.join();
    assertThat(fake.get().isOpen()).isFalse();
  }
}
