package dev.switchboard.gateway;

import static dev.switchboard.gateway.Wire.await;
import static dev.switchboard.gateway.Wire.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.Limits;
import dev.switchboard.config.UpstreamPolicy;
import dev.switchboard.protocol.Message;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code sharing: shared} in memory: roots never leak between clients, and a pin ends when the child is idle. */
@Timeout(20)
class SharedDispatcherTest {
  private static final UpstreamPolicy SHARED = LinkTest.policy(Duration.ofSeconds(60), Duration.ZERO,
      Duration.ofSeconds(1));
  private SharedDispatcher dispatcher;

  @AfterEach
  void close() {
    if (dispatcher != null) {
      dispatcher.close();
    }
  }

  private FakeBackend start(List<String> roots) {
    FakeBackend backend = new FakeBackend(SHARED, roots);
    dispatcher = new SharedDispatcher(backend, "test", Runnable::run);
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

  /** Two sessions on one shared child, each with a {@code tools/call} in flight (upstream ids first, second). */
  private record TwoCalls(Session a, Session b, FakeUpstream child, EventStream outA, EventStream outB, long first,
      long second) {}

  private TwoCalls twoCallsInFlight() throws InterruptedException {
    FakeBackend backend = start(List.of());
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
