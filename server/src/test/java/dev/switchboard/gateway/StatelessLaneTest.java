package dev.switchboard.gateway;

import static dev.switchboard.gateway.Wire.await;
import static dev.switchboard.gateway.Wire.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.Limits;
import dev.switchboard.config.UpstreamPolicy;
import dev.switchboard.protocol.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code session} server's lane for 2026-07-28 requests, in memory: a child per principal that keeps its state
 * from one request to the next, asks its own caller for roots, and stops only once idle with nothing bound.
 */
@Timeout(20)
class StatelessLaneTest {
  private static final Duration IDLE = Duration.ofMinutes(30);
  private static final UpstreamPolicy POLICY = LinkTest.policy(Duration.ofSeconds(60), Duration.ZERO,
      Duration.ofSeconds(1)).withChildren(4, 3);
  private final FakeBackend backend = new FakeBackend(POLICY, List.of());
  private final AtomicLong clock = new AtomicLong(1_000);
  private final StatelessLane lane = StatelessLane.perPrincipal(
      p -> SharedDispatcher.forPrincipal(backend, p, (link, owner) -> backend.connect(link, p), "test", Runnable::run,
          RequestEvents.NONE, clock::get), () -> IDLE,
      clock::get);

  @AfterEach
  void close() {
    lane.close();
  }

  private Session open(String principal) throws InterruptedException {
    Session session = new Session("s-" + System.nanoTime(), "fake", principal, Limits.DEFAULTS, s -> {});
    session.attach(lane.dispatcher(principal));
    EventStream out = session.openRequestStream(1);
    session.initialize(request("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"roots\":{}},\"clientInfo\":{\"name\":\"t\","
        + "\"version\":\"1\"}}}"), out);
    assertThat(await(out, 1).get(0)).isInstanceOf(Message.Response.class);
    return session;
  }

  @Test
  void eachPrincipalGetsChildrenOfItsOwn() throws Exception {
    assertThat(backend.children).as("no warm child for a principal not yet seen").isEmpty();

    open("alice");
    Awaitility.await().until(() -> backend.principals.size() == 2); // alice's spare, as her child is held
    open("bob");
    Awaitility.await().until(() -> backend.principals.size() == 4);

    assertThat(backend.principals).containsExactly("alice", "alice", "bob", "bob");
    assertThat(lane.dispatcher("alice")).isSameAs(lane.dispatcher("alice")).isNotSameAs(lane.dispatcher("bob"));
    assertThat(lane.principals()).isEqualTo(2);
  }

  @Test
  void theNextRequestTakesTheChildTheLastOneLeft() throws Exception {
    Session first = open("alice");
    SharedChild child = dispatcher("alice").boundTo(first);
    first.close("answered");

    Session next = open("alice");

    assertThat(dispatcher("alice").boundTo(next)).isSameAs(child);
  }

  @Test
  void aListenerLeavesItsChildToThePrincipalsCallsSoItSeesTheirChanges() throws Exception {
    StatelessRequest listener = listen("alice");
    SharedChild child = dispatcher("alice").boundTo(listener);

    Session call = open("alice");

    assertThat(dispatcher("alice").boundTo(call)).isSameAs(child);
  }

  /** A {@code subscriptions/listen} request's caller, connected as the stateless front connects it. */
  private StatelessRequest listen(String principal) {
    var meta = new dev.switchboard.protocol.RequestMeta("2026-07-28", dev.switchboard.protocol.Json.object(), null,
        null);
    StatelessRequest listener = new StatelessRequest(1, "fake", principal, lane.dispatcher(principal), meta, "",
        Integer.MAX_VALUE, true, Limits.DEFAULTS, RetainedEvents.UNBOUNDED, r -> {});
    listener.connect(request("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\","
        + "\"version\":\"1\"}}}"), Duration.ofSeconds(5));
    assertThat(listener.state()).isEqualTo(SessionState.OPEN);
    return listener;
  }

  @Test
  void aRequestHoldsItsChildSoOneRunningAlongsideGetsAnother() throws Exception {
    Session first = open("alice");
    Session second = open("alice");
    Session third = open("alice");
    Session fourth = open("alice");

    SharedDispatcher d = dispatcher("alice");
    assertThat(java.util.stream.Stream.of(first, second, third).map(d::boundTo).distinct()).hasSize(3);
    assertThat(d.children()).as("pool.max bounds them; past it requests share").hasSize(3)
        .contains(d.boundTo(fourth));
  }

  private SharedDispatcher dispatcher(String principal) {
    return (SharedDispatcher) lane.dispatcher(principal);
  }

  @Test
  void aPrincipalsChildAsksItsCallerForRoots() throws Exception {
    Session alice = open("alice");
    FakeUpstream child = backend.children.get(0);
    assertThat(child.next().node().path("params").path("capabilities").has("roots")).isTrue();
    child.next(); // notifications/initialized

    child.reply("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"roots/list\"}");

    List<Message> asked = alice.standalone().await(0, Duration.ofSeconds(5)).events().stream()
        .map(e -> e.message()).toList();
    assertThat(asked).singleElement().satisfies(m -> assertThat(m.node().path("method").asString())
        .isEqualTo("roots/list"));
    assertThat(child.nextOrNull(100)).as("the gateway did not answer for the client").isNull();
  }

  @Test
  void aChildStopsOnceIdlePastTheTimeoutWithNothingBound() throws Exception {
    Session listening = open("alice");
    Awaitility.await().until(() -> backend.children.size() == 2); // and its spare
    FakeUpstream child = backend.children.get(0);

    clock.addAndGet(IDLE.toNanos() + 1);
    lane.tick(clock.get());
    assertThat(child.isOpen()).as("a bound session keeps it").isTrue();

    listening.close("done");
    lane.tick(clock.get());
    assertThat(backend.children).as("idle and unbound").noneMatch(FakeUpstream::isOpen);
    assertThat(lane.principals()).isZero();

    open("alice");
    assertThat(backend.children.get(2).isOpen()).as("the next request starts a new one").isTrue();
  }

  @Test
  void aRecentRequestKeepsTheChildEvenWithNothingBound() throws Exception {
    open("alice").close("answered");
    clock.addAndGet(IDLE.toNanos() - 1);

    lane.tick(clock.get());

    assertThat(backend.children.get(0).isOpen()).isTrue();
    assertThat(lane.principals()).isEqualTo(1);
  }

  @Test
  void theChildrenOfABurstStopOnceIdleButTheOneInUseAndASpareStay() throws Exception {
    List<Session> burst = List.of(open("alice"), open("alice"), open("alice"));
    Awaitility.await().until(() -> backend.children.size() == 3);
    SharedDispatcher d = dispatcher("alice");
    SharedChild kept = d.boundTo(burst.get(0));
    burst.forEach(s -> s.close("answered"));
    Session steady = open("alice"); // the traffic after the burst: one request at a time
    assertThat(d.boundTo(steady)).as("the first free child serves it").isSameAs(kept);

    clock.addAndGet(IDLE.toNanos() - 1);
    lane.tick(clock.get());
    assertThat(backend.children).as("not idle long enough yet").allMatch(FakeUpstream::isOpen);

    clock.addAndGet(2);
    lane.tick(clock.get());

    assertThat(d.children()).as("the child in use and one spare").hasSize(2).contains(kept);
    assertThat(backend.children.stream().filter(FakeUpstream::isOpen)).hasSize(2);
    assertThat(lane.principals()).isEqualTo(1);
  }

  @Test
  void theSupervisorsTickNeverWaitsForAClaimThatIsStartingAChild() throws Exception {
    backend.slowStart = true;
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      var opening = threads.submit(() -> open("alice")); // claims under the claim lock, waiting for initialize
      Awaitility.await().until(() -> !backend.children.isEmpty());
      FakeUpstream child = backend.children.get(0);
      Message initialize = child.next();

      var ticked = threads.submit(() -> lane.tick(clock.get())); // reaping runs on every tick
      Awaitility.await().until(ticked::isDone);
      assertThat(opening.isDone()).as("the tick ended while the claim still waited").isFalse();

      backend.slowStart = false;
      child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + initialize.node().path("id") + ",\"result\":{"
          + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"serverInfo\":{\"name\":\"f\","
          + "\"version\":\"1\"}}}");
      assertThat(opening.get().isClosed()).isFalse();
      ticked.get();
    }
  }

  @Test
  void aClosedLaneStopsItsChildrenAndTakesNoMoreRequests() throws Exception {
    open("alice");
    Awaitility.await().until(() -> backend.children.size() == 2);

    lane.close();

    assertThat(backend.children).noneMatch(FakeUpstream::isOpen);
    assertThatThrownBy(() -> lane.dispatcher("alice")).isInstanceOf(GatewayException.class);
  }
}
