package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Message;
import dev.switchboard.config.Limits;
import dev.switchboard.config.SessionSettings;
import dev.switchboard.config.UpstreamPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sessions opened and never used (the probe session {@code mcp-remote} and inspectors open beside the real one) are
 * reaped after {@code sessions.unusedGrace}, with their {@code session} child, even while they hold their standalone
 * stream open; pings are not use. Sessions that made a request keep the normal idle timeout. Time is a counter the
 * test moves, so nothing sleeps.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnusedSessionTest {
  private static final Duration GRACE = Duration.ofMinutes(2);
  private static final Duration IDLE = Duration.ofMinutes(30);

  private final AtomicLong now = new AtomicLong();
  private final ExecutorService closer = Executors.newVirtualThreadPerTaskExecutor();
  private final FakeBackend backend = new FakeBackend(UpstreamPolicy.DEFAULTS, List.of());
  private final SessionDispatcher dispatcher = new SessionDispatcher(backend, closer);
  private final SessionRegistry registry = new SessionRegistry(new SessionSettings(IDLE, 100, IDLE, GRACE),
      Limits.DEFAULTS, now::get);

  @AfterEach
  void close() {
    registry.close();
    dispatcher.close();
    closer.shutdown();
  }

  @Test
  void aSessionThatOnlyInitializedIsReapedAfterTheGraceWithItsChild() throws Exception {
    Session probe = initialized();
    FakeUpstream child = backend.children.get(0);
    probe.accept(Wire.parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));

    advance(GRACE);
    assertThat(registry.sweep()).as("not before the grace has passed").isZero();
    advance(Duration.ofMillis(1));
    assertThat(registry.sweep()).isEqualTo(1);

    assertThat(probe.state()).isEqualTo(SessionState.CLOSED);
    assertThat(registry.find(probe.id())).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> !child.isOpen());
  }

  @Test
  void theGraceRunsFromTheAnswerToInitializeNotFromItsStart() throws Exception {
    backend.slowStart = true; // a child that answers initialize only when the test says so
    Session slow = registry.create("fake", dispatcher, "anonymous", 100);
    EventStream out = slow.openRequestStream(1);
    slow.initialize(Wire.request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"),
        out);
    FakeUpstream child = backend.children.get(0);
    Message initialize = child.next();
    advance(GRACE.multipliedBy(3)); // a cold start on a loaded machine, with the client waiting on its stream

    child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + initialize.node().path("id") + ",\"result\":{\"protocolVersion\":"
        + "\"2025-06-18\",\"capabilities\":{},\"serverInfo\":{\"name\":\"fake\",\"version\":\"1\"}}}");
    assertThat(Wire.await(out, 1).get(0).node().has("result")).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> slow.inFlight() == 0);

    assertThat(registry.sweep()).as("the client has had no time yet to send its first request").isZero();
    assertThat(slow.state()).isEqualTo(SessionState.OPEN);
  }

  @Test
  void aSessionThatMadeARequestKeepsTheIdleTimeout() throws Exception {
    Session used = initialized();
    FakeUpstream child = backend.children.get(0);
    child.responder = r -> "{\"jsonrpc\":\"2.0\",\"id\":" + r.id() + ",\"result\":{\"tools\":[]}}";
    EventStream out = used.openRequestStream(1);
    used.forward(Wire.request("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"), out);
    Wire.await(out, 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> used.inFlight() == 0);

    advance(GRACE.multipliedBy(5));
    assertThat(registry.sweep()).isZero();
    assertThat(used.state()).isNotEqualTo(SessionState.CLOSED);
    assertThat(child.isOpen()).isTrue();

    advance(IDLE);
    assertThat(registry.sweep()).as("then idle for longer than the idle timeout").isEqualTo(1);
    assertThat(used.state()).isEqualTo(SessionState.CLOSED);
  }

  /**
   * The TS SDK opens its GET stream right after {@code notifications/initialized}, and {@code mcp-remote}'s probe keeps
   * it for as long as the process runs: the stream ends with the session, so its client sees it go.
   */
  @Test
  void anUnusedSessionHoldingItsStandaloneStreamOpenIsReapedItsStreamEndsAndItsChildStops() throws Exception {
    Session listening = initialized();
    FakeUpstream child = backend.children.get(0);
    int token = listening.standalone().attach();

    advance(GRACE);
    assertThat(registry.sweep()).as("not before the grace has passed").isZero();
    advance(Duration.ofMillis(1));
    assertThat(registry.sweep()).isEqualTo(1);

    assertThat(listening.state()).isEqualTo(SessionState.CLOSED);
    assertThat(registry.find(listening.id())).isEmpty();
    EventStream.Batch last = listening.standalone().await(0, Duration.ofSeconds(5), token);
    assertThat(last.finished()).as("its reader sees the stream end").isTrue();
    assertThat(last.events()).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> !child.isOpen());
  }

  @Test
  void anUnusedSessionReadingARequestStreamStaysUntilItLetsGo() throws Exception {
    Session resuming = initialized();
    EventStream answers = resuming.openRequestStream(1); // a POST's answer stream, or one a GET resumes
    int token = answers.attach();

    advance(GRACE.multipliedBy(2));
    assertThat(registry.sweep()).isZero();
    assertThat(resuming.state()).isEqualTo(SessionState.OPEN);

    answers.detach(token);
    assertThat(registry.sweep()).isEqualTo(1);
    assertThat(resuming.state()).isEqualTo(SessionState.CLOSED);
  }

  /** Clients ping as a keep-alive, probes too: a ping keeps a used session from idling, but is not use. */
  @Test
  void pingsAreNotUseAndDoNotDeferTheReaping() throws Exception {
    Session pinging = initialized();
    FakeUpstream child = backend.children.get(0);
    child.responder = r -> "{\"jsonrpc\":\"2.0\",\"id\":" + r.id() + ",\"result\":{}}";
    for (int i = 0; i < 4; i++) {
      advance(Duration.ofSeconds(30));
      ping(pinging, 10 + i);
      assertThat(registry.sweep()).as("within the grace").isZero();
    }
    advance(Duration.ofMillis(1));
    assertThat(registry.sweep()).as("four pings, half a minute apart, and nothing else").isEqualTo(1);
    assertThat(pinging.used()).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> !child.isOpen());
  }

  @Test
  void aPingInFlightKeepsAnUnusedSessionUntilItIsAnswered() throws Exception {
    Session waiting = initialized();
    FakeUpstream child = backend.children.get(0);
    EventStream out = waiting.openRequestStream(1);
    waiting.forward(Wire.request("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}"), out);
    Message ping = child.next();
    while (!(ping instanceof Message.Request r && r.method().equals("ping"))) {
      ping = child.next();
    }

    advance(GRACE.multipliedBy(2));
    assertThat(registry.sweep()).isZero();

    child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + ping.node().path("id") + ",\"result\":{}}");
    Wire.await(out, 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> waiting.inFlight() == 0);
    assertThat(registry.sweep()).isEqualTo(1);
  }

  /** What changed is the grace of sessions never used: a used one holding its stream is as busy as ever. */
  @Test
  void aUsedSessionHoldingItsStandaloneStreamOpenIsNeverExpired() throws Exception {
    Session used = initialized();
    FakeUpstream child = backend.children.get(0);
    child.responder = r -> "{\"jsonrpc\":\"2.0\",\"id\":" + r.id() + ",\"result\":{\"tools\":[]}}";
    EventStream out = used.openRequestStream(1);
    used.forward(Wire.request("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"), out);
    Wire.await(out, 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> used.inFlight() == 0);
    used.standalone().attach();

    advance(IDLE.multipliedBy(3));
    assertThat(registry.sweep()).isZero();
    assertThat(used.state()).isEqualTo(SessionState.OPEN);
    assertThat(child.isOpen()).isTrue();
  }

  @Test
  void aSessionWithItsOwnIdleTimeoutExpiresByItNotByTheGatewaysDefault() throws Exception {
    Session seed = initialized();
    Session other = initialized();
    seed.ownIdleTimeout(Duration.ofSeconds(1)); // as the seed's /rpc API does, with gateway.sessions.rpcIdleTimeout
    seed.touch();
    other.touch();
    seed.standalone().attach(); // even a GET /sse that came and went...
    seed.standalone().detach(1);

    advance(Duration.ofSeconds(1).plusMillis(1));
    assertThat(registry.sweep()).isEqualTo(1);
    assertThat(seed.state()).isEqualTo(SessionState.CLOSED);
    assertThat(other.state()).isNotEqualTo(SessionState.CLOSED);
  }

  @Test
  void aRefusedSessionIsGoneFromTheRegistryWhenItsClientReadsTheRefusal() throws Exception {
    backend.slowStart = true;
    for (int round = 0; round < 50; round++) { // the client used to win the race now and then: a few rounds show it
      Session refused = registry.create("fake", dispatcher, "anonymous", 100);
      EventStream out = refused.openRequestStream(1);
      out.attach(); // as the HTTP wire does before it hands the stream over
      refused.initialize(Wire.request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
          + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"),
          out);
      FakeUpstream child = backend.children.get(round);
      Message initialize = child.next();
      child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + initialize.node().path("id")
          + ",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}");

      assertThat(Wire.await(out, 1).get(0).node().has("error")).isTrue();
      assertThat(registry.find(refused.id())).as("round %d", round).isEmpty();
      await().atMost(Duration.ofSeconds(10)).until(() -> refused.state() == SessionState.CLOSED);
    }
  }

  private Session initialized() throws InterruptedException {
    Session session = registry.create("fake", dispatcher, "anonymous", 100);
    EventStream out = session.openRequestStream(1);
    session.initialize(Wire.request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"),
        out);
    assertThat(Wire.await(out, 1).get(0).node().has("result")).isTrue();
    return session;
  }

  private static void ping(Session session, int id) throws InterruptedException {
    EventStream out = session.openRequestStream(1);
    session.forward(Wire.request("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}"), out);
    assertThat(Wire.await(out, 1).get(0).node().has("result")).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> session.inFlight() == 0);
  }

  private void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }
}
