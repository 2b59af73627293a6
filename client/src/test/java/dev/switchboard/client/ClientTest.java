package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.schema.ElicitResult;
import dev.switchboard.client.schema.Progress;
import dev.switchboard.client.schema.Root;
import dev.switchboard.client.schema.Tool;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The client against an in-memory scripted server: handshake, calls, progress, timeouts, handlers, resilience. */
@Timeout(30)
class ClientTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final List<FakeTransport> transports = new CopyOnWriteArrayList<>();

  private FakeTransport server() {
    FakeTransport fake = new FakeTransport();
    transports.add(fake);
    return fake;
  }

  private ClientBuilder builder(FakeTransport first) {
    return Client.builder(() -> transports.size() == 1 && !first.closed ? first : reconnect(first));
  }

  private FakeTransport reconnect(FakeTransport like) {
    FakeTransport next = new FakeTransport(like.scripts);
    transports.add(next);
    return next;
  }

  @Test
  void connectsLazilyWithClientInfoCapabilitiesAndInitialized() throws Exception {
    FakeTransport server = server().script("tools/list", (r, s) -> s.reply(r, Json.parse("{\"tools\":[]}")));
    try (Client client = builder(server).clientInfo("tester", "9").sampling(p -> Json.object())
        .elicitation(r -> ElicitResult.decline()).roots(List::of).build()) {
      assertThat(server.sent).isEmpty();
      assertThat(client.listTools(null).items()).isEmpty();
      Message.Request init = (Message.Request) server.sent.poll();
      assertThat(init.method()).isEqualTo("initialize");
      assertThat(Json.text(init.params())).isEqualTo("{\"protocolVersion\":\"2025-11-25\",\"capabilities\":"
          + "{\"sampling\":{},\"elicitation\":{\"form\":{}},\"roots\":{\"listChanged\":true}},"
          + "\"clientInfo\":{\"name\":\"tester\",\"version\":\"9\"}}");
      assertThat(FakeTransport.methodOf(server.sent.poll())).isEqualTo("notifications/initialized");
      assertThat(FakeTransport.methodOf(server.sent.poll())).isEqualTo("tools/list");
      assertThat(server.startedVersion).isEqualTo("2025-11-25");
      assertThat(client.connect().serverInfo().name()).isEqualTo("fake");
    }
  }

  @Test
  void followsCursorsAcrossPages() {
    FakeTransport server = server().script("tools/list", (r, s) -> s.reply(r, r.params() == null
        ? Json.parse("{\"tools\":[{\"name\":\"a\"}],\"nextCursor\":\"p2\"}")
        : Json.parse("{\"tools\":[{\"name\":\"b\"}]}")));
    try (Client client = builder(server).build()) {
      assertThat(client.listAllTools()).extracting(Tool::name).containsExactly("a", "b");
    }
  }

  @Test
  void progressReachesItsListenerBeforeTheCallReturns() {
    FakeTransport server = server().script("tools/call", (r, s) -> {
      JsonNode token = r.progressToken();
      for (int i = 1; i <= 3; i++) {
        ObjectNode p = Json.object().put("progress", i).put("total", 3).put("message", "step " + i);
        p.set("progressToken", token);
        s.push(Message.notification("notifications/progress", p));
      }
      s.reply(r, Json.parse("{\"content\":[{\"type\":\"text\",\"text\":\"done\"}]}"));
    });
    List<Progress> seen = new ArrayList<>();
    try (Client client = builder(server).build()) {
      var result = client.callTool("slow", Json.object(), CallOptions.progress(p -> {
        sleep(20); // a slow listener must still finish before the result is handed back
        seen.add(p);
      }));
      assertThat(result.text()).isEqualTo("done");
      assertThat(seen).extracting(Progress::message).containsExactly("step 1", "step 2", "step 3");
      assertThat(seen.get(2).total()).isEqualTo(3.0);
    }
  }

  @Test
  void aTimeoutCancelsTheRequestOnTheServer() throws Exception {
    FakeTransport server = server().script("tools/call", (r, s) -> {});
    try (Client client = builder(server).build()) {
      assertThatThrownBy(() -> client.callTool("slow", Json.object(), CallOptions.timeout(Duration.ofMillis(200))))
          .isInstanceOf(RequestTimeoutException.class).hasMessageContaining("tools/call timed out after 200 ms");
      Message.Request call = (Message.Request) server.awaitSent("tools/call", WAIT);
      Message.Notification cancelled = (Message.Notification) server.awaitSent("notifications/cancelled", WAIT);
      assertThat(new RequestId(cancelled.params().path("requestId"))).isEqualTo(call.id());
      assertThat(cancelled.params().path("reason").asString()).contains("timed out");
    }
  }

  @Test
  void anotherThreadMayCancelAWaitingCall() throws Exception {
    FakeTransport server = server().script("tools/call", (r, s) -> {});
    try (Client client = builder(server).build()) {
      Call call = client.start("tools/call", Json.object().put("name", "slow"), CallOptions.DEFAULT);
      Thread.ofVirtual().start(() -> {
        sleep(100);
        call.cancel("user pressed stop");
      });
      assertThatThrownBy(call::await).isInstanceOf(RequestCancelledException.class)
          .hasMessageContaining("user pressed stop");
      Message.Notification cancelled = (Message.Notification) server.awaitSent("notifications/cancelled", WAIT);
      assertThat(cancelled.params().path("reason").asString()).isEqualTo("user pressed stop");
    }
  }

  @Test
  void aJsonRpcErrorIsThrownWithItsValue() {
    try (Client client = builder(server()).build()) {
      assertThatThrownBy(() -> client.getPrompt("x", java.util.Map.of())).isInstanceOfSatisfying(RpcException.class,
          e -> {
            assertThat(e.code()).isEqualTo(JsonRpcError.METHOD_NOT_FOUND);
            assertThat(e.method()).isEqualTo("prompts/get");
          });
    }
  }

  @Test
  void answersElicitationWithSchemaDefaultsAndRootsAndSampling() throws Exception {
    FakeTransport server = server().script("ping", (r, s) -> s.reply(r, Json.object()));
    try (Client client = builder(server).elicitation(request -> ElicitResult.accept(Json.object().put("name", "Ada")))
        .roots(() -> List.of(new Root("file:///work", "work")))
        .sampling(params -> SamplingHandler.textResult("m", "sampled: " + params.path("maxTokens").asInt())).build()) {
      client.ping();
      server.push(Message.request(RequestId.of("e1"), "elicitation/create", Json.parse("""
          {"message":"who?","requestedSchema":{"type":"object","properties":{
            "name":{"type":"string"},"age":{"type":"integer","default":30}}}}""")));
      assertThat(Json.text(answer(server, "e1").result())).isEqualTo(
          "{\"action\":\"accept\",\"content\":{\"name\":\"Ada\",\"age\":30}}");
      server.push(Message.request(RequestId.of("r1"), "roots/list", null));
      assertThat(Json.text(answer(server, "r1").result())).isEqualTo(
          "{\"roots\":[{\"uri\":\"file:///work\",\"name\":\"work\"}]}");
      server.push(Message.request(RequestId.of("s1"), "sampling/createMessage", Json.parse("{\"maxTokens\":5}")));
      assertThat(answer(server, "s1").result().path("content").path("text").asString()).isEqualTo("sampled: 5");
    }
  }

  @Test
  void refusesServerRequestsItHasNoHandlerFor() throws Exception {
    FakeTransport server = server().script("ping", (r, s) -> s.reply(r, Json.object()));
    try (Client client = builder(server).build()) {
      client.ping();
      server.push(Message.request(RequestId.of(5), "sampling/createMessage", Json.object()));
      Message error = awaitAnswer(server, RequestId.of(5));
      assertThat(((Message.ErrorResponse) error).error().code()).isEqualTo(JsonRpcError.METHOD_NOT_FOUND);
    }
  }

  @Test
  void notificationsReachListenersInOrder() throws Exception {
    FakeTransport server = server().script("ping", (r, s) -> s.reply(r, Json.object()));
    LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
    try (Client client = builder(server).onLog(log -> seen.add(log.level() + ":" + log.data().asString()))
        .onNotification("*", n -> seen.add(n.method())).build()) {
      client.ping();
      server.push(Message.notification("notifications/message", Json.parse("{\"level\":\"info\",\"data\":\"hi\"}")));
      server.push(Message.notification("notifications/tools/list_changed", null));
      assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("info:hi");
      assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("notifications/message");
      assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("notifications/tools/list_changed");
    }
  }

  @Test
  void anExpiredSessionIsRenewedAndSafeCallsAreRepeated() {
    FakeTransport server = server().script("tools/list", (r, s) -> s.reply(r, Json.parse(
        "{\"tools\":[{\"name\":\"look\",\"annotations\":{\"readOnlyHint\":true}},{\"name\":\"write\"}]}")))
        .script("tools/call", (r, s) -> s.reply(r, Json.parse("{\"content\":[]}")));
    try (Client client = builder(server).build()) {
      client.listAllTools();
      server.expireNextRequest = true;
      assertThat(client.listAllTools()).hasSize(2);
      assertThat(transports).hasSize(2);
      transports.get(1).expireNextRequest = true;
      assertThat(client.callTool("look", Json.object()).isError()).isFalse();
      assertThat(transports).hasSize(3);
      transports.get(2).expireNextRequest = true;
      assertThatThrownBy(() -> client.callTool("write", Json.object())).isInstanceOf(SessionLostException.class);
      assertThat(client.callTool("write", Json.object(), CallOptions.DEFAULT.withRetryable(true)).isError()).isFalse();
      assertThat(transports).hasSize(4);
    }
  }

  @Test
  void aDroppedConnectionFailsWaitersAndTheNextCallReconnects() throws Exception {
    FakeTransport server = server().script("tools/call", (r, s) -> {})
        .script("ping", (r, s) -> s.reply(r, Json.object()));
    try (Client client = builder(server).build()) {
      Call call = client.start("tools/call", Json.object().put("name", "x"), CallOptions.DEFAULT);
      server.awaitSent("tools/call", WAIT);
      server.drop("server process exited (exit code 3)");
      assertThatThrownBy(call::await).isInstanceOf(ClientException.class)
          .hasMessageContaining("exit code 3");
      client.ping();
      assertThat(transports).hasSize(2);
      assertThat(client.isConnected()).isTrue();
    }
  }

  @Test
  void aRefusedConnectionSaysSo() {
    FakeTransport refusing = new FakeTransport();
    refusing.refuse = true;
    try (Client client = Client.builder(() -> refusing).build()) {
      assertThatThrownBy(client::ping).isInstanceOf(ConnectionFailedException.class)
          .hasMessage("could not connect to fake: connection refused");
    }
  }

  @Test
  void closingFailsWaitersAndRefusesNewCalls() {
    FakeTransport server = server().script("tools/call", (r, s) -> {});
    Client client = builder(server).build();
    Call call = client.start("tools/call", Json.object().put("name", "x"), CallOptions.DEFAULT);
    client.close();
    assertThatThrownBy(call::await).isInstanceOf(ClientException.class).hasMessageContaining("closed");
    assertThatThrownBy(client::ping).isInstanceOf(ClientException.class).hasMessageContaining("closed");
    assertThat(server.closed).isTrue();
    assertThat(client.isClosed()).isTrue();
  }

  private static Message.Response answer(FakeTransport server, String id) throws InterruptedException {
    return (Message.Response) awaitAnswer(server, RequestId.of(id));
  }

  private static Message awaitAnswer(FakeTransport server, RequestId id) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Message m = server.sent.poll(100, TimeUnit.MILLISECONDS);
      if (m instanceof Message.Response r && r.id().equals(id) || m instanceof Message.ErrorResponse e
          && id.equals(e.id())) {
        return m;
      }
    }
    throw new AssertionError("no answer to " + id);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
