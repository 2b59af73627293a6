package dev.switchboard.upstream.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
              Duration.ofMillis(args.path("timeoutMs").asInt(5000))))));
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
