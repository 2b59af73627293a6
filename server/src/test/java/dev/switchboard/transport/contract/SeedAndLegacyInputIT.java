package dev.switchboard.transport.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.gateway.EventStream;
import dev.switchboard.gateway.Session;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The seed's API and the legacy SSE transport on the wire, behind an API key and a 64 KB body limit: bad input gets a
 * clear status and JSON-RPC error each time and nothing else is affected (the session that was there still answers),
 * the door is guarded as {@code /mcp} is, and an answer produced before {@code GET /sse} attaches waits for it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SeedAndLegacyInputIT {
  private static final String KEY = "seed-input-secret-0123456789";
  private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
  private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    gateway = TestGateway.start(servers, gw -> {
      gw.put("defaultServer", "fixture");
      gw.putObject("auth").putArray("keys").addObject().put("name", "seed").put("key", KEY);
      gw.putObject("limits").put("maxBodyBytes", "64KB");
    });
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void theSeedApiRefusesBadInputClearlyAndKeepsTheSession() throws Exception {
    HttpResponse<String> created = send("POST", "/rpc", INIT, null);
    assertThat(created.statusCode()).isEqualTo(200);
    String id = created.headers().firstValue("X-Session-ID").orElseThrow();
    assertThat(Json.parse(bytes(created)).path("sessionId").asString()).isEqualTo(id);

    HttpResponse<String> malformed = send("POST", "/rpc", "{not json", id);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(error(malformed).path("code").asInt()).isEqualTo(-32700);

    HttpResponse<String> huge = send("POST", "/rpc", echo(2, "x".repeat(70_000)), id);
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(error(huge).path("message").asString()).containsIgnoringCase("too large");

    HttpResponse<String> unknown = send("POST", "/rpc", INIT, "no-such-session");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(error(unknown).path("code").asInt()).isEqualTo(-32004);
    assertThat(send("GET", "/sse", null, "no-such-session").statusCode()).isEqualTo(404);

    HttpResponse<String> anotherServer = send("POST", "/rpc?server=nope", INIT, null);
    assertThat(anotherServer.statusCode()).isEqualTo(404);

    answered(id, 1); // initialize's answer: the session is open
    assertThat(send("POST", "/rpc", INITIALIZED, id).statusCode()).isEqualTo(200); // the session is still there
    assertThat(send("POST", "/rpc", echo(3, "after the bad input"), id).statusCode()).isEqualTo(200);
    try (SseFeed stream = SseFeed.open(HTTP, keyed("GET", "/sse", null).header("X-Session-ID", id).build())) {
      assertThat(Json.parse(stream.next("message", "after the bad input").data()).path("id").asInt()).isEqualTo(3);
    }
    HttpResponse<String> deleted = send("DELETE", "/session", null, id);
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(Json.parse(bytes(deleted)).path("message").asString()).isEqualTo("Session closed");
    HttpResponse<String> again = send("DELETE", "/session", null, id);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(error(again).path("code").asInt()).isEqualTo(-32004);
  }

  /**
   * Unlike the seed, nothing is lost when {@code GET /sse} attaches after the POST: the answer is produced (seen in
   * the session's outbox) before any stream exists, and the stream that attaches then carries it.
   */
  @Test
  void anAnswerProducedBeforeTheStreamAttachesArrivesOnIt() throws Exception {
    String id = send("POST", "/rpc", INIT, null).headers().firstValue("X-Session-ID").orElseThrow();
    answered(id, 1);
    assertThat(send("POST", "/rpc", INITIALIZED, id).statusCode()).isEqualTo(200);
    HttpResponse<String> accepted = send("POST", "/rpc", echo(2, "queued before the stream"), id);
    assertThat(accepted.statusCode()).isEqualTo(200);
    assertThat(accepted.headers().firstValue("X-Session-ID")).hasValue(id);
    answered(id, 2);

    try (SseFeed stream = SseFeed.open(HTTP, keyed("GET", "/sse", null).header("X-Session-ID", id).build())) {
      assertThat(stream.response().statusCode()).isEqualTo(200);
      SseEvent connected = stream.next(e -> true);
      assertThat(connected.type()).isEqualTo("connected");
      assertThat(Json.parse(connected.data().getBytes(StandardCharsets.UTF_8)).path("sessionId").asString())
          .isEqualTo(id);
      assertThat(Json.parse(stream.next("message", "protocolVersion").data()).path("id").asInt()).isEqualTo(1);
      JsonNode answer = Json.parse(stream.next("message", "queued before the stream").data());
      assertThat(answer.path("id").asInt()).isEqualTo(2);
      assertThat(answer.path("result").path("content").path(0).path("text").asString())
          .isEqualTo("queued before the stream");
    }
    assertThat(send("DELETE", "/session", null, id).statusCode()).isEqualTo(200);
  }

  /** Keys and the Origin check apply to {@code /rpc}, {@code /sse} and {@code /session} as to {@code /mcp}. */
  @Test
  void theSeedApiIsGuardedAsMcpIs() throws Exception {
    String id = send("POST", "/rpc", INIT, null).headers().firstValue("X-Session-ID").orElseThrow();
    int sessions = gateway.daemon().gateway().sessions().size();

    HttpResponse<String> noKey = HTTP.send(plain("POST", "/rpc", INIT).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(error(noKey).path("code").asInt()).isEqualTo(-32001);
    HttpResponse<String> wrongKey = HTTP.send(plain("POST", "/rpc", INIT).header("Authorization", "Bearer wrong")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(wrongKey.statusCode()).isEqualTo(401);
    assertThat(HTTP.send(plain("GET", "/sse", null).header("X-Session-ID", id).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    assertThat(HTTP.send(plain("DELETE", "/session", null).header("X-Session-ID", id).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

    HttpResponse<String> foreign = HTTP.send(keyed("POST", "/rpc", INIT).header("Origin", "https://evil.example")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(error(foreign).path("message").asString()).contains("Origin");

    assertThat(gateway.daemon().gateway().sessions()).as("no session made by a refused request").hasSize(sessions);
    assertThat(send("DELETE", "/session", null, id).statusCode()).as("nor was the session ended").isEqualTo(200);
  }

  @Test
  void theLegacyTransportRefusesBadInputClearly() throws Exception {
    HttpResponse<String> noSession = send("POST", "/messages/fixture", INIT, null);
    assertThat(noSession.statusCode()).isEqualTo(404);
    assertThat(error(noSession).path("code").asInt()).isEqualTo(-32004);
    assertThat(send("POST", "/messages/fixture?sessionId=forged", INIT, null).statusCode()).isEqualTo(404);
    assertThat(send("POST", "/sse/fixture", INIT, null).statusCode()).isEqualTo(405);
    assertThat(send("GET", "/messages/fixture", null, null).statusCode()).isEqualTo(405);
  }

  /**
   * On a live legacy session, each POST is an exact 202 with an empty body; a malformed body is a 400 carrying the
   * JSON-RPC parse error and an over-limit one a 413, and the session's stream goes on carrying answers after both.
   */
  @Test
  void aLiveLegacySessionSurvivesMalformedAndHugeBodies() throws Exception {
    try (SseFeed stream = SseFeed.open(HTTP, keyed("GET", "/sse/fixture", null)
        .header("Accept", "text/event-stream").build())) {
      assertThat(stream.response().statusCode()).isEqualTo(200);
      String endpoint = stream.next(e -> e.type().equals("endpoint")).data();
      assertThat(endpoint).startsWith("/messages/fixture?sessionId=");
      HttpResponse<String> accepted = send("POST", endpoint, INIT, null);
      assertThat(accepted.statusCode()).isEqualTo(202);
      assertThat(accepted.body()).isEmpty();
      assertThat(Json.parse(stream.next("message", "protocolVersion").data()).path("id").asInt()).isEqualTo(1);
      assertThat(send("POST", endpoint, INITIALIZED, null).statusCode()).isEqualTo(202);

      HttpResponse<String> malformed = send("POST", endpoint, "{not json", null);
      assertThat(malformed.statusCode()).isEqualTo(400);
      assertThat(error(malformed).path("code").asInt()).isEqualTo(-32700);
      HttpResponse<String> huge = send("POST", endpoint, echo(2, "x".repeat(70_000)), null);
      assertThat(huge.statusCode()).isEqualTo(413);
      assertThat(error(huge).path("message").asString()).containsIgnoringCase("too large");

      assertThat(send("POST", endpoint, echo(3, "still answering"), null).statusCode()).isEqualTo(202);
      assertThat(Json.parse(stream.next("message", "still answering").data()).path("id").asInt()).isEqualTo(3);
    }
  }

  /**
   * Waits until the result for request {@code id} waits in seed session {@code session}'s outbox (read there without
   * taking it, before any stream is attached); fails on an error answer.
   */
  private static void answered(String session, long id) {
    Session s = gateway.daemon().gateway().session(session).orElseThrow();
    RequestId wanted = RequestId.of(id);
    Message answer = await("the answer to " + id + " in the outbox").atMost(Duration.ofSeconds(60)).until(() -> s
        .standalone().await(0, Duration.ZERO).events().stream().map(EventStream.Event::message)
        .filter(m -> m instanceof Message.Response r && r.id().equals(wanted)
            || m instanceof Message.ErrorResponse e && wanted.equals(e.id())).findFirst().orElse(null),
        java.util.Objects::nonNull);
    assertThat(answer).as(Json.text(answer.node())).isInstanceOf(Message.Response.class);
  }

  private static String echo(long id, String text) {
    ObjectNode params = Json.object().put("name", "echo");
    params.putObject("arguments").put("text", text);
    return Json.text(Message.request(RequestId.of(id), "tools/call", params).node());
  }

  private static JsonNode error(HttpResponse<String> response) {
    return Json.parse(bytes(response)).path("error");
  }

  private static byte[] bytes(HttpResponse<String> response) {
    return response.body().getBytes(StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> send(String method, String path, String body, String session) throws Exception {
    HttpRequest.Builder b = keyed(method, path, body);
    if (session != null) {
      b.header("X-Session-ID", session);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A request with the gateway's key. */
  private static HttpRequest.Builder keyed(String method, String path, String body) {
    return plain(method, path, body).header("Authorization", "Bearer " + KEY);
  }

  private static HttpRequest.Builder plain(String method, String path, String body) {
    return HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
  }
}
