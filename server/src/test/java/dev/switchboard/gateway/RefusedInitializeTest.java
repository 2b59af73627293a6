package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.config.Limits;
import dev.switchboard.config.SessionSettings;
import dev.switchboard.config.UpstreamPolicy;
import dev.switchboard.protocol.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that refuses {@code initialize} ends the session, and the refusal still reaches its client: when it comes
 * before the stream's reader attaches (the seed API's {@code /sse} may come after its POST), which the session's end
 * used to discard unread, and when the child exits before its {@code initialize} is even sent.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RefusedInitializeTest {
  private final ExecutorService closer = Executors.newVirtualThreadPerTaskExecutor();
  private final FakeBackend backend = new FakeBackend(UpstreamPolicy.DEFAULTS, List.of());
  private final SessionDispatcher dispatcher = new SessionDispatcher(backend, closer);
  private final SessionRegistry registry = new SessionRegistry(SessionSettings.DEFAULTS, Limits.DEFAULTS,
      System::nanoTime);

  @AfterEach
  void close() {
    registry.close();
    dispatcher.close();
    closer.shutdown();
  }

  @Test
  void aRefusalThatComesBeforeTheWriterAttachesIsStillWrittenOut() throws Exception {
    backend.slowStart = true; // the child answers initialize when the test says
    Session session = registry.create("fake", dispatcher, "anonymous", 100);
    EventStream out = session.openRequestStream(1);
    session.initialize(Wire.request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"),
        out);
    FakeUpstream child = backend.children.get(0);
    Message initialize = child.next();

    child.reply("{\"jsonrpc\":\"2.0\",\"id\":" + initialize.node().path("id")
        + ",\"error\":{\"code\":-32603,\"message\":\"broken\"}}");
    await().atMost(Duration.ofSeconds(10)).until(() -> session.state() == SessionState.CLOSED);

    int token = out.attach(); // the POST's writer, late
    EventStream.Batch batch = out.await(0, Duration.ofSeconds(5), token);
    assertThat(batch.events()).hasSize(1);
    assertThat(batch.events().get(0).message().node().path("error").path("message").asString()).contains("broken");
    assertThat(batch.finished()).isTrue();
    out.detach(token);
  }

  /**
   * A child that exits before its {@code initialize} is sent (the exit is queued on the link ahead of the request):
   * the session must not end before the request's refusal is on the stream its writer, attached first as the HTTP
   * handler's is, waits on; it used to end at the exit, finishing that stream empty (an empty 200 to the client).
   */
  @Test
  void aChildThatExitsBeforeItsInitializeIsSentStillAnswersTheClient() throws Exception {
    backend.crashAtStart = true;
    Session session = registry.create("fake", dispatcher, "anonymous", 100);
    EventStream out = session.openRequestStream(1);
    int token = out.attach();
    session.initialize(Wire.request("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"initialize\",\"params\":{"
        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"),
        out);

    EventStream.Batch batch = out.await(0, Duration.ofSeconds(5), token);
    assertThat(batch.events()).as("the refusal, not an empty finished stream").hasSize(1);
    assertThat(batch.events().get(0).message().node().path("error").isObject()).isTrue();
    assertThat(batch.events().get(0).message().node().path("id").asInt()).isEqualTo(7);
    await().atMost(Duration.ofSeconds(10)).until(() -> session.state() == SessionState.CLOSED);
    out.detach(token);
  }
}
