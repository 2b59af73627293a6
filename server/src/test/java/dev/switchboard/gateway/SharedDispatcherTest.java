package dev.switchboard.gateway;

import static dev.switchboard.gateway.Wire.await;
import static dev.switchboard.gateway.Wire.request;
import static dev.switchboard.testing.Scrape.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.Limits;
import dev.switchboard.config.UpstreamPolicy;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.protocol.Message;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code sharing: shared} in memory: roots never leak between clients, a pin ends when the child is idle, and the
 * time calls wait behind a pin is measured.
 */
@Timeout(20)
class SharedDispatcherTest {
  private static final UpstreamPolicy SHARED = LinkTest.policy(Duration.ofSeconds(60), Duration.ZERO,
      Duration.ofSeconds(1));
  /** How long the test keeps calls queued behind a pin. */
  private static final Duration HELD = Duration.ofMillis(300);
  private SharedDispatcher dispatcher;

  @AfterEach
  void close() {
    if (dispatcher != null) {
      dispatcher.close();
    }
  }

  private FakeBackend start(List<String> roots) {
    return start(roots, RequestEvents.NONE);
  }

  private FakeBackend start(List<String> roots, RequestEvents events) {
    FakeBackend backend = new FakeBackend(SHARED, roots);
    dispatcher = new SharedDispatcher(backend, "test", Runnable::run, events);
    return backend;
  }

  private Session open(String id, String capabilities) throws InterruptedException {
    Session session = new Session(id, "fake", "anonymous", Limits.DEFAULTS, s -> {});
    session.attach(dispatcher);
    EventStream out = session.openRequestStream(1);
    session.initialize(request("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":" + capabilities + ",\"clientInfo\":{\"name\":\"t\","
        + "\"version\":\"1\"}}}"), out);
    assertThat(await(out, 1).get(0)).isInstanceOf(Message.Response.class);
    return session;
  }

  @Test
  void aSharedChildWithoutConfiguredRootsNeverSeesAClientsRoots() throws Exception {
    FakeBackend backend = start(List.of());
    Session x = open("x", "{\"roots\":{\"listChanged\":true}}");
    FakeUpstream child = backend.children.get(0);
    Message handshake = child.next();
    assertThat(handshake.node().path("params").path("capabilities").has("roots")).isFalse();
    child.next(); // notifications/initialized

    x.accept(Wire.parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}"));
    child.reply("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"roots/list\"}");

    Message answer = child.next();
    assertThat(answer.node().path("id").asInt()).isEqualTo(5);
    assertThat(answer.node().path("error").path("code").asInt()).isEqualTo(-32601);
    assertThat(child.nextOrNull(100)).as("the client's list_changed is not forwarded").isNull();
    assertThat(x.standalone().await(0, Duration.ofMillis(50)).events()).as("the client was never asked").isEmpty();
  }

  @Test
  void aSharedChildGetsItsConfiguredRootsFromTheGateway() throws Exception {
    FakeBackend backend = start(List.of("file:///srv/data/"));
    open("x", "{\"roots\":{}}");
    FakeUpstream child = backend.children.get(0);
    assertThat(child.next().node().path("params").path("capabilities").path("roots").toString())
        .isEqualTo("{\"listChanged\":false}");
    child.next();

    child.reply("{\"jsonrpc\":\"2.0\",\"id\":\"r\",\"method\":\"roots/list\"}");

    assertThat(child.next().node().toString())
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"r\",\"result\":{\"roots\":[{\"uri\":\"file:///srv/data/\"}]}}");
  }

  @Test
  void aPinTakenForAnAmbiguousMessageEndsWhenTheChildIsIdle() throws Exception {
    TwoCalls calls = twoCallsInFlight();
    Session a = calls.a();
    Session b = calls.b();
    FakeUpstream child = calls.child();
    EventStream outA = calls.outA();
    EventStream outB = calls.outB();
    long first = calls.first();
    long second = calls.second();
    child.reply("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\","
        + "\"data\":\"whose?\"}}");
    child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + first + ",\"result\":{}}");
    child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + second + ",\"result\":{}}");
    await(outA, 1);
    await(outB, 1);

    EventStream againA = a.openRequestStream(1);
    EventStream againB = b.openRequestStream(1);
    a.forward(request("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\"}"), againA);
    b.forward(request("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\"}"), againB);

    assertThat(child.next().node().path("method").asString()).isEqualTo("tools/call");
    assertThat(child.nextOrNull(2000)).as("b's call is not held behind a's: the pin has ended").isNotNull();
  }

  @Test
  void aMessageWhileNoSessionIsBoundPinsNothing() throws Exception {
    FakeBackend backend = start(List.of());
    Session x = open("x", "{}");
    FakeUpstream child = backend.children.get(0);
    child.next(); // initialize
    child.next(); // notifications/initialized
    x.close("done"); // the child stays for the next session
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> dispatcher.children().stream().allMatch(c -> dispatcher.sessionsOf(c).isEmpty()));

    child.reply("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\","
        + "\"data\":\"anyone?\"}}");
    child.reply("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"roots/list\"}"); // handled after the log line

    assertThat(child.next().node().path("id").asString()).isEqualTo("p");
    assertThat(dispatcherPinned()).as("with nobody bound there is no one to tell apart").isFalse();
  }

  @Test
  void whilePinnedAnotherSessionWaitsItsTurn() throws Exception {
    TwoCalls calls = twoCallsInFlight();
    Session a = calls.a();
    Session b = calls.b();
    FakeUpstream child = calls.child();
    EventStream outA = calls.outA();
    EventStream outB = calls.outB();
    long first = calls.first();
    long second = calls.second();
    child.reply("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\"}}");
    EventStream laterA = a.openRequestStream(1);
    EventStream laterB = b.openRequestStream(1);
    awaitPinned(a, laterA);
    b.forward(request("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\"}"), laterB);

    assertThat(child.nextOrNull(200)).as("nothing new is sent while older requests are in flight").isNull();
    child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + first + ",\"result\":{}}");
    child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + second + ",\"result\":{}}");
    long third = child.next().node().path("id").asLong();
    assertThat(child.nextOrNull(200)).as("one session at a time").isNull();
    child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + third + ",\"result\":{}}");
    assertThat(child.next().node().path("method").asString()).isEqualTo("tools/call");
  }

  @Test
  void theWaitBehindAPinIsMeasuredFromQueueingToSending() throws Exception {
    GatewayMetrics metrics = new GatewayMetrics("test");
    TwoCalls calls = twoCallsInFlight(metrics);
    FakeUpstream child = calls.child();
    assertThat(scrape(metrics)).doesNotContain("switchboard_children_pinned_wait_seconds_count")
        .doesNotContain("switchboard_children_pins_total{");
    child.reply("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\"}}");
    awaitPinned(calls.a(), calls.a().openRequestStream(1));
    calls.b().forward(request("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\"}"),
        calls.b().openRequestStream(1));
    Thread.sleep(HELD.toMillis()); // the pause the two queued calls must show: the older calls are still in flight

    child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + calls.first() + ",\"result\":{}}");
    child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + calls.second() + ",\"result\":{}}");
    long third = child.next().node().path("id").asLong(); // a's, first in line
    child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + third + ",\"result\":{}}");
    child.next(); // b's, after a's

    String body = scrape(metrics);
    assertThat(sample(body, "switchboard_children_pins_total{server=\"fake\"}")).isEqualTo(1);
    assertThat(sample(body, "switchboard_children_pinned_wait_seconds_count{server=\"fake\"}"))
        .as("a's and b's queued calls, nothing that went straight to the child").isEqualTo(2);
    assertThat(sample(body, "switchboard_children_pinned_wait_seconds_sum{server=\"fake\"}"))
        .as("each waited at least the hold").isGreaterThanOrEqualTo(2 * HELD.toNanos() / 1e9);
  }

  private static String scrape(GatewayMetrics metrics) throws java.io.IOException {
    return new String(metrics.scrape(null).body(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Two sessions on one shared child, each with a {@code tools/call} in flight (upstream ids first, second). */
  private record TwoCalls(Session a, Session b, FakeUpstream child, EventStream outA, EventStream outB, long first,
      long second) {}

  private TwoCalls twoCallsInFlight() throws InterruptedException {
    return twoCallsInFlight(RequestEvents.NONE);
  }

  private TwoCalls twoCallsInFlight(RequestEvents events) throws InterruptedException {
    FakeBackend backend = start(List.of(), events);
    Session a = open("a", "{}");
    Session b = open("b", "{}");
    FakeUpstream child = backend.children.get(0);
    child.next();
    child.next();
    EventStream outA = a.openRequestStream(1);
    EventStream outB = b.openRequestStream(1);
    a.forward(request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}"), outA);
    b.forward(request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}"), outB);
    long first = child.next().node().path("id").asLong();
    long second = child.next().node().path("id").asLong();
    return new TwoCalls(a, b, child, outA, outB, first, second);
  }

  /** Sends a's next call once the pin is in place (the log message is handled on the link's own thread). */
  private void awaitPinned(Session a, EventStream out) throws InterruptedException {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(this::dispatcherPinned);
    a.forward(request("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\"}"), out);
  }

  private boolean dispatcherPinned() {
    return dispatcher.children().stream().anyMatch(SharedChild::isPinned);
  }
}
