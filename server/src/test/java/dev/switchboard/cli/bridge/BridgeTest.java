package dev.switchboard.cli.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.transport.SessionExpiredException;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/** The bridge's relay and re-initialize logic against in-memory sessions. */
@Timeout(30)
class BridgeTest {
  private final List<FakeTransport> sessions = new CopyOnWriteArrayList<>();
  private final List<Message> toClient = new CopyOnWriteArrayList<>();
  private final Bridge bridge = new Bridge(this::newSession, toClient::add, BridgeLog.quiet());

  /** What each new session's server says it offers. */
  private volatile ObjectNode offered = Json.object();

  private FakeTransport newSession() {
    FakeTransport session = new FakeTransport();
    session.capabilities = offered;
    sessions.add(session);
    return session;
  }

  private static final ObjectNode INIT_PARAMS = (ObjectNode) Json.parse("""
      {"protocolVersion":"2025-06-18","capabilities":{"roots":{}},"clientInfo":{"name":"desk","version":"7"}}""");

  @Test
  void relaysTheHandshakeAndTellsTheTransportTheRevision() {
    handshake();
    assertThat(sessions).hasSize(1);
    assertThat(sessions.get(0).methods()).containsExactly("initialize", "notifications/initialized");
    assertThat(sessions.get(0).protocolVersions).containsExactly("2025-06-18");
    assertThat(((Message.Request) sessions.get(0).sent.get(0)).params()).isEqualTo(INIT_PARAMS);
  }

  @Test
  void aLostSessionIsReplacedWithTheClientsOwnInitializeAndSubscriptions() {
    handshake();
    request(2, "resources/subscribe", Json.object().put("uri", "test://a"));
    request(3, "logging/setLevel", Json.object().put("level", "debug"));
    await().until(() -> toClient.size() == 3);
    sessions.get(0).failNext(new SessionExpiredException("HTTP 404"));

    request(4, "tools/list", null);

    await().until(() -> toClient.size() == 4);
    FakeTransport second = sessions.get(1);
    assertThat(second.methods()).containsExactly("initialize", "notifications/initialized", "resources/subscribe",
        "logging/setLevel", "tools/list");
    assertThat(((Message.Request) second.sent.get(0)).params()).isEqualTo(INIT_PARAMS);
    assertThat(((Message.Request) second.sent.get(2)).params()).isEqualTo(Json.object().put("uri", "test://a"));
    assertThat(second.protocolVersions).containsExactly("2025-06-18");
    assertThat(toClient.get(3)).isInstanceOfSatisfying(Message.Response.class, r -> {
      assertThat(r.id()).isEqualTo(RequestId.of(4));
      assertThat(r.result().path("method").asString()).isEqualTo("tools/list");
    });
    assertThat(sessions.get(0).closed).isTrue();
  }

  @Test
  void anUnsubscribedResourceIsNotReplayed() {
    handshake();
    request(2, "resources/subscribe", Json.object().put("uri", "test://a"));
    request(3, "resources/unsubscribe", Json.object().put("uri", "test://a"));
    await().until(() -> toClient.size() == 3);
    sessions.get(0).failNext(new SessionExpiredException("HTTP 404"));
    request(4, "ping", null);
    await().until(() -> toClient.size() == 4);
    assertThat(sessions.get(1).methods()).containsExactly("initialize", "notifications/initialized", "ping");
  }

  @Test
  void aRequestThatMayHaveRunFailsNamingTheCauseAndTheNextOneWorks() {
    handshake();
    sessions.get(0).failNext(new IOException("stream broke"));
    request(2, "tools/call", Json.object().put("name", "echo"));
    await().until(() -> toClient.size() == 2);
    assertThat(toClient.get(1)).isInstanceOfSatisfying(Message.ErrorResponse.class, e -> {
      assertThat(e.id()).isEqualTo(RequestId.of(2));
      assertThat(e.error().code()).isEqualTo(JsonRpcError.SERVER_ERROR);
      assertThat(e.error().message()).contains("in flight", "stream broke");
    });
    request(3, "tools/list", null);
    await().until(() -> toClient.size() == 3);
    assertThat(toClient.get(2)).isInstanceOf(Message.Response.class);
    assertThat(sessions).hasSize(2);
  }

  @Test
  void aRequestUnderWayWhenTheSessionIsRenewedGetsItsOwnAnswerAndIsRetriedWhenTheServerNeverSawIt() {
    handshake();
    FakeTransport first = sessions.get(0);
    var hold = first.holdNext();
    request(2, "tools/call", Json.object().put("name", "echo"));
    await().until(() -> !first.held.isEmpty());

    first.receiver().onSessionExpired();
    await().until(() -> sessions.size() == 2 && sessions.get(1).methods().size() == 2);
    hold.complete(java.util.Optional.of(new SessionExpiredException("HTTP 404")));

    await().until(() -> toClient.size() == 2);
    assertThat(toClient.get(1)).isInstanceOfSatisfying(Message.Response.class, r -> {
      assertThat(r.id()).isEqualTo(RequestId.of(2));
      assertThat(r.result().path("method").asString()).isEqualTo("tools/call");
    });
    assertThat(sessions.get(1).methods()).containsExactly("initialize", "notifications/initialized", "tools/call");
    assertThat(first.methods()).doesNotContain("tools/call");
    await().until(() -> first.closed);
  }

  @Test
  void aGivenUpSessionIsClosedOnlyOnceItsSendsHaveEnded() {
    handshake();
    FakeTransport first = sessions.get(0);
    var hold = first.holdNext();
    request(2, "tools/call", Json.object().put("name", "echo"));
    await().until(() -> !first.held.isEmpty());
    first.receiver().onSessionExpired();
    await().until(() -> sessions.size() == 2 && sessions.get(1).methods().size() == 2);
    request(3, "ping", null);
    await().until(() -> toClient.size() == 2);

    assertThat(first.closed).isFalse();
    hold.complete(java.util.Optional.empty());
    await().until(() -> toClient.size() == 3 && first.closed);
    assertThat(toClient.get(2)).isInstanceOfSatisfying(Message.Response.class,
        r -> assertThat(r.id()).isEqualTo(RequestId.of(2)));
    assertThat(sessions).hasSize(2);
  }

  @Test
  void aRefusedConnectionIsRetriedOnANewSession() {
    handshake();
    sessions.get(0).failNext(new IOException("POST failed", new java.net.ConnectException("Connection refused")));
    request(2, "tools/call", Json.object().put("name", "echo"));
    await().until(() -> toClient.size() == 2);
    assertThat(toClient.get(1)).isInstanceOf(Message.Response.class);
    assertThat(sessions.get(1).methods()).containsExactly("initialize", "notifications/initialized", "tools/call");
  }

  @Test
  void aRefusalIsReportedAsSuchAndKeepsTheSession() {
    handshake();
    sessions.get(0).failNext(new dev.switchboard.client.transport.HttpStatusException("POST /mcp/x", 401,
        "no key"));
    request(2, "tools/list", null);
    await().until(() -> toClient.size() == 2);
    assertThat(((Message.ErrorResponse) toClient.get(1)).error().message()).contains("refused", "401")
        .doesNotContain("in flight");
    request(3, "ping", null);
    await().until(() -> toClient.size() == 3);
    assertThat(sessions).hasSize(1);
  }

  @Test
  void aServerThatEndsFailsOnlyItsRequestsInFlight() {
    handshake();
    FakeTransport first = sessions.get(0);
    first.answering = false;
    request(2, "tools/call", Json.object().put("name", "slow"));
    await().until(() -> first.methods().contains("tools/call"));
    first.receiver().onClosed(new IOException("the child exited (code 1)"));
    await().until(() -> toClient.size() == 2);
    assertThat(toClient.get(1)).isInstanceOfSatisfying(Message.ErrorResponse.class,
        e -> assertThat(e.error().message()).contains("in flight", "the child exited (code 1)",
            "may or may not have run"));
    request(3, "ping", null);
    await().until(() -> toClient.size() == 3);
    assertThat(sessions.get(1).methods()).containsExactly("initialize", "notifications/initialized", "ping");
  }

  @Test
  void everyRequestGetsExactlyOneAnswer() {
    handshake();
    FakeTransport first = sessions.get(0);
    first.answering = false;
    request(2, "tools/call", null);
    await().until(() -> first.methods().contains("tools/call"));
    first.receiver().onClosed(new IOException("gone"));
    first.receiver().onMessage(Message.response(RequestId.of(2), Json.object()));
    request(3, "ping", null);
    await().until(() -> toClient.size() == 3);
    assertThat(toClient).filteredOn(m -> m instanceof Message.ErrorResponse e && RequestId.of(2).equals(e.id()))
        .hasSize(1);
    assertThat(toClient).filteredOn(m -> m instanceof Message.Response r && r.id().equals(RequestId.of(2)))
        .isEmpty();
  }

  @Test
  void serverRequestsAndNotificationsReachTheClientAndItsAnswersGoBack() {
    handshake();
    FakeTransport first = sessions.get(0);
    Message.Request sampling = Message.request(RequestId.of("s1"), "sampling/createMessage", Json.object());
    first.receiver().onMessage(sampling);
    first.receiver().onMessage(Message.notification("notifications/progress", Json.object().put("progress", 1)));
    Message.Response answer = Message.response(RequestId.of("s1"), Json.object().put("model", "m"));
    bridge.fromClient(answer);
    assertThat(toClient).hasSize(3).element(1).isEqualTo(sampling);
    assertThat(first.sent).last().isEqualTo(answer);
  }

  @Test
  void anExpiredStandaloneStreamRenewsASessionTheClientUsedAtOnce() {
    handshake();
    request(2, "tools/list", null);
    await().until(() -> toClient.size() == 2);
    sessions.get(0).receiver().onSessionExpired();
    await().until(() -> sessions.size() == 2 && sessions.get(1).methods().size() == 2);
    assertThat(sessions.get(1).methods()).containsExactly("initialize", "notifications/initialized");
    assertThat(toClient).hasSize(2);
  }

  /**
   * The gateway reaps a session nobody used ({@code gateway.sessions.unusedGrace}): renewing it at once would open
   * another such session every grace for as long as the client stays quiet. Here the renewal of a used session stays
   * unused until the client speaks (its server offers nothing to list), so it is let go too. Pings are not use.
   */
  @Test
  void anExpiredSessionNobodyUsedIsReplacedOnlyWhenTheClientNextSpeaks() {
    handshake();
    request(2, "tools/list", null);
    await().until(() -> toClient.size() == 2);
    sessions.get(0).receiver().onSessionExpired();
    await().until(() -> sessions.size() == 2 && sessions.get(1).methods().size() == 2);
    request(3, "ping", null);
    await().until(() -> toClient.size() == 3);

    FakeTransport renewed = sessions.get(1);
    renewed.receiver().onSessionExpired();
    await().until(() -> renewed.closed);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> sessions.size() == 2);

    request(4, "tools/call", Json.object().put("name", "echo"));
    await().until(() -> toClient.size() == 4);
    assertThat(sessions).hasSize(3);
    assertThat(sessions.get(2).methods()).containsExactly("initialize", "notifications/initialized", "tools/call");
    assertThat(toClient.get(3)).isInstanceOfSatisfying(Message.Response.class,
        r -> assertThat(r.id()).isEqualTo(RequestId.of(4)));
  }

  @Test
  void theRenewalOfASessionTheClientUsedListsWhatTheServerOffersSoTheGatewayKeepsIt() {
    offered = (ObjectNode) Json.parse("{\"resources\":{},\"prompts\":{}}");
    handshake();
    request(2, "resources/read", Json.object().put("uri", "test://a"));
    await().until(() -> toClient.size() == 2);
    sessions.get(0).receiver().onSessionExpired();
    await().until(() -> sessions.size() == 2 && sessions.get(1).methods().size() == 3);
    assertThat(sessions.get(1).methods()).containsExactly("initialize", "notifications/initialized",
        "resources/list");
    assertThat(toClient).as("the bridge's own listing is not the client's to see").hasSize(2);

    FakeTransport renewed = sessions.get(1);
    renewed.receiver().onSessionExpired(); // used, through the listing: renewed at once again
    await().until(() -> sessions.size() == 3 && sessions.get(2).methods().size() == 3);
    await().until(() -> renewed.closed);
  }

  @Test
  void aClientThatNeverUsedItsSessionGetsNoListingInARenewal() {
    offered = (ObjectNode) Json.parse("{\"tools\":{}}");
    handshake();
    sessions.get(0).failNext(new SessionExpiredException("HTTP 404"));
    request(2, "ping", null);
    await().until(() -> toClient.size() == 2);
    assertThat(sessions.get(1).methods()).containsExactly("initialize", "notifications/initialized", "ping");
  }

  @Test
  void closingEndsTheSession() {
    handshake();
    bridge.close();
    assertThat(sessions.get(0).closed).isTrue();
  }

  private void handshake() {
    request(1, "initialize", INIT_PARAMS);
    await().until(() -> toClient.size() == 1);
    bridge.fromClient(Message.notification("notifications/initialized", null));
  }

  private void request(long id, String method,
      tools.jackson.databind.@org.jspecify.annotations.Nullable JsonNode params) {
    bridge.fromClient(Message.request(RequestId.of(id), method, params));
  }
}
