package dev.switchboard.upstream.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class InProcessUpstreamTest {
  private final FakeResources resources = new FakeResources();
  private final BuiltinServer server = new BuiltinServer() {
    @Override
    public String name() {
      return "fake";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public List<Tool> tools() {
      return List.of(new Tool("roots", "asks the client", ToolResults.schema(),
          (args, ctx) -> ToolResults.json(ctx.request("roots/list", null,
              Duration.ofMillis(args.path("timeoutMs").asInt(5000))))),
          new Tool("boom", "fails unexpectedly", ToolResults.schema(), (args, ctx) -> {
            throw new NullPointerException("secret detail");
          }),
          new Tool("needs", "needs a path", ToolResults.schema(),
              (args, ctx) -> ToolResults.text(Args.string(args, "path"))),
          new Tool("refuses", "fails as expected", ToolResults.schema(), (args, ctx) -> {
            throw new ToolFailure("No note at x.md");
          }),
          new Tool("misuses", "a JDK call refuses an internal value", ToolResults.schema(), (args, ctx) -> {
            throw new IllegalArgumentException("secret internal detail");
          }));
    }

    @Override
    public Resources resources() {
      return resources;
    }
  };

  @Test
  void aToolAsksTheClientForItsRootsAndGetsTheAnswer() {
    try (RecordingClient client = new RecordingClient(server)) {
      client.initialize(Json.object().set("roots", Json.object()));
      client.answerWith(r -> Json.parse("{\"roots\":[{\"uri\":\"file:///src\"}]}"));
      JsonNode result = client.ok("roots", Json.object());
      assertThat(result.path("roots").path(0).path("uri").asString()).isEqualTo("file:///src");
      Message.Request asked = client.serverRequests().get(0);
      assertThat(asked.method()).isEqualTo("roots/list");
      assertThat(asked.id().isString()).isTrue();
    }
  }

  @Test
  void withoutTheCapabilityTheClientIsNeverAsked() {
    try (RecordingClient client = new RecordingClient(server)) {
      client.initialize();
      Message answer = client.send("tools/call", Json.object().put("name", "roots"));
      assertThat(answer).isInstanceOf(Message.ErrorResponse.class);
      assertThat(((Message.ErrorResponse) answer).error().message()).contains("did not declare the 'roots' capability");
      assertThat(client.serverRequests()).isEmpty();
    }
  }

  @Test
  void theClientsErrorAndItsSilenceBothComeBackAsErrors() {
    try (RecordingClient client = new RecordingClient(server)) {
      client.initialize(Json.object().set("roots", Json.object()));
      client.answerWith(r -> null);
      Message refused = client.send("tools/call", Json.object().put("name", "roots"));
      assertThat(((Message.ErrorResponse) refused).error().message()).contains("answered roots/list with an error");

      client.answerWith(r -> {
        sleep(2_000);
        return Json.object();
      });
      ObjectNode call = Json.object().put("name", "roots");
      call.putObject("arguments").put("timeoutMs", 200);
      Message silent = client.send("tools/call", call);
      assertThat(((Message.ErrorResponse) silent).error().message()).contains("did not answer roots/list within 200");
      assertThat(client.notifications("notifications/cancelled")).hasSize(1);
    }
  }

  @Test
  void resourcesAreServedAndAdvertised() {
    try (RecordingClient client = new RecordingClient(server)) {
      JsonNode init = client.initialize();
      assertThat(init.path("capabilities").path("resources").path("subscribe").asBoolean()).isTrue();
      assertThat(client.request("resources/list", null).path("resources").size()).isEqualTo(1);
      assertThat(client.request("resources/templates/list", null).path("resourceTemplates").size()).isEqualTo(1);
      assertThat(client.request("resources/read", Json.object().put("uri", "fake://a")).path("contents").size())
          .isEqualTo(1);
      Message missing = client.send("resources/read", Json.object().put("uri", "fake://missing"));
      assertThat(((Message.ErrorResponse) missing).error().code()).isEqualTo(JsonRpcError.RESOURCE_NOT_FOUND);
    }
  }

  @Test
  void updatesReachOnlyTheConnectionsThatSubscribedInTheirOwnSpelling() {
    try (RecordingClient one = new RecordingClient(server); RecordingClient two = new RecordingClient(server)) {
      one.initialize();
      two.initialize();
      one.request("resources/subscribe", Json.object().put("uri", "FAKE://a"));
      resources.fire("fake://a");
      resources.fire("fake://b");
      String updated = "notifications/resources/updated";
      await().atMost(Duration.ofSeconds(5)).until(() -> !one.notifications(updated).isEmpty());
      assertThat(one.notifications(updated)).extracting(n -> n.params().path("uri").asString())
          .containsExactly("FAKE://a");
      assertThat(two.notifications("notifications/resources/updated")).isEmpty();

      one.request("resources/unsubscribe", Json.object().put("uri", "FAKE://a"));
      resources.fire("fake://a");
      assertThat(one.notifications("notifications/resources/updated")).hasSize(1);
    }
  }

  @Test
  void closingAConnectionUnregistersItAndFailsItsWaitingRequests() throws Exception {
    RecordingClient client = new RecordingClient(server);
    client.initialize(Json.object().set("roots", Json.object()));
    assertThat(resources.listeners).hasSize(1);
    CompletableFuture<Message> call = CompletableFuture.supplyAsync(
        () -> client.send("tools/call", Json.object().put("name", "roots")));
    await().atMost(Duration.ofSeconds(5)).until(() -> !client.serverRequests().isEmpty());
    client.close();
    assertThat(resources.listeners).isEmpty();
    assertThat(client.closedSeen()).isTrue();
    assertThat(resources.unregistered.get()).isEqualTo(1);
    call.cancel(true); // the answer never comes: the connection is closed
  }

  @Test
  void anUnexpectedFailureIsLoggedWithItsStackAndAnsweredWithoutItsDetails() {
    try (LogCapture log = new LogCapture(); RecordingClient client = new RecordingClient(server)) {
      client.initialize();
      JsonRpcError error = errorOf(client.send("tools/call", Json.object().put("name", "boom")));
      assertThat(error.code()).isEqualTo(JsonRpcError.INTERNAL_ERROR);
      assertThat(error.message()).isEqualTo("Internal error in tool 'fake.boom'; see the Switchboard log");
      assertThat(log.events()).singleElement().satisfies(e -> {
        assertThat(e.getLevel()).isEqualTo(Level.ERROR);
        assertThat(e.getFormattedMessage()).contains("fake.boom");
        assertThat(e.getThrowableProxy().getClassName()).isEqualTo(NullPointerException.class.getName());
        assertThat(e.getThrowableProxy().getStackTraceElementProxyArray()).isNotEmpty();
      });

      JsonRpcError read = errorOf(client.send("resources/read", Json.object().put("uri", "fake://boom")));
      assertThat(read.code()).isEqualTo(JsonRpcError.INTERNAL_ERROR);
      assertThat(read.message()).contains("resources/read").contains("'fake'").doesNotContain("secret")
          .doesNotContain("IllegalState");
      assertThat(log.events()).hasSize(2);
    }
  }

  @Test
  void aBadArgumentIsAnInvalidParamsErrorNamingIt() {
    try (RecordingClient client = new RecordingClient(server)) {
      client.initialize();
      JsonRpcError error = errorOf(client.send("tools/call", Json.object().put("name", "needs")));
      assertThat(error.code()).isEqualTo(JsonRpcError.INVALID_PARAMS);
      assertThat(error.message()).contains("'path'");
      assertThat(error.data()).isNotNull();
      assertThat(error.data().path("argument").asString()).isEqualTo("path");

      ObjectNode mistyped = Json.object().put("name", "needs");
      mistyped.putObject("arguments").put("path", 5);
      assertThat(errorOf(client.send("tools/call", mistyped)).code()).isEqualTo(JsonRpcError.INVALID_PARAMS);
    }
  }

  @Test
  void anExpectedFailureIsAToolResultTheModelCanRead() {
    try (LogCapture log = new LogCapture(); RecordingClient client = new RecordingClient(server)) {
      client.initialize();
      assertThat(client.error("refuses", Json.object())).isEqualTo("refuses failed: No note at x.md");
      assertThat(log.events()).isEmpty();
    }
  }

  @Test
  void aPlainIllegalArgumentExceptionIsABugLoggedWithItsStackAndNeverShown() {
    try (LogCapture log = new LogCapture(); RecordingClient client = new RecordingClient(server)) {
      client.initialize();
      Message answer = client.send("tools/call", Json.object().put("name", "misuses"));
      JsonRpcError error = errorOf(answer);
      assertThat(error.code()).isEqualTo(JsonRpcError.INTERNAL_ERROR);
      assertThat(error.message()).isEqualTo("Internal error in tool 'fake.misuses'; see the Switchboard log");
      assertThat(answer.node().toString()).doesNotContain("secret").doesNotContain("IllegalArgument");
      assertThat(log.events()).singleElement().satisfies(e -> {
        assertThat(e.getLevel()).isEqualTo(Level.ERROR);
        assertThat(e.getFormattedMessage()).contains("fake.misuses");
        assertThat(e.getThrowableProxy().getClassName()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(e.getThrowableProxy().getMessage()).isEqualTo("secret internal detail");
        assertThat(e.getThrowableProxy().getStackTraceElementProxyArray()).isNotEmpty();
      });
    }
  }

  private static JsonRpcError errorOf(Message answer) {
    assertThat(answer).isInstanceOf(Message.ErrorResponse.class);
    return ((Message.ErrorResponse) answer).error();
  }

  /** Records what {@link InProcessUpstream} logs while open. */
  private static final class LogCapture implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger(InProcessUpstream.class);
    private final ListAppender<ILoggingEvent> appender = new dev.switchboard.testing.CapturedLog();

    LogCapture() {
      appender.start();
      logger.addAppender(appender);
    }

    List<ILoggingEvent> events() {
      return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    }

    @Override
    public void close() {
      logger.detachAppender(appender);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Resources named fake://NAME, case-insensitively; only fake://a exists. */
  private static final class FakeResources implements Resources {
    final List<Listener> listeners = new CopyOnWriteArrayList<>();
    final AtomicInteger unregistered = new AtomicInteger();

    @Override
    public ObjectNode list(@Nullable String cursor) {
      ObjectNode result = Json.object();
      result.putArray("resources").addObject().put("uri", "fake://a").put("name", "a");
      return result;
    }

    @Override
    public ArrayNode templates() {
      ArrayNode templates = Json.NODES.arrayNode();
      templates.addObject().put("uriTemplate", "fake://{name}").put("name", "fake");
      return templates;
    }

    @Override
    public ObjectNode read(String uri) throws ToolException {
      if (uri.equals("fake://boom")) {
        throw new IllegalStateException("secret detail");
      }
      if (!subscribable(uri).equals("fake://a")) {
        throw new ToolException(JsonRpcError.RESOURCE_NOT_FOUND, "Resource not found: " + uri);
      }
      ObjectNode result = Json.object();
      result.putArray("contents").addObject().put("uri", uri).put("text", "A");
      return result;
    }

    @Override
    public String subscribable(String uri) {
      return uri.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Registration watch(Listener listener) {
      listeners.add(listener);
      return () -> {
        if (listeners.remove(listener)) {
          unregistered.incrementAndGet();
        }
      };
    }

    void fire(String uri) {
      listeners.forEach(l -> l.updated(uri));
    }
  }
}
