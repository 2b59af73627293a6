package dev.switchboard.transport.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Bad input on the seed's API and the legacy SSE transport, on the wire: a clear status and JSON-RPC error each
 * time, and nothing else affected (the session that was there still answers).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SeedAndLegacyInputIT {
  private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.withFixture();
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

    HttpResponse<String> unknown = send("POST", "/rpc", INIT, "no-such-session");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(error(unknown).path("code").asInt()).isEqualTo(-32004);
    assertThat(send("GET", "/sse", null, "no-such-session").statusCode()).isEqualTo(404);

    HttpResponse<String> anotherServer = send("POST", "/rpc?server=nope", INIT, null);
    assertThat(anotherServer.statusCode()).isEqualTo(404);

    assertThat(send("POST", "/rpc", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", id)
        .statusCode()).isEqualTo(200); // the session is still there
    HttpResponse<String> deleted = send("DELETE", "/session", null, id);
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(Json.parse(bytes(deleted)).path("message").asString()).isEqualTo("Session closed");
    HttpResponse<String> again = send("DELETE", "/session", null, id);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(error(again).path("code").asInt()).isEqualTo(-32004);
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

  private static JsonNode error(HttpResponse<String> response) {
    return Json.parse(bytes(response)).path("error");
  }

  private static byte[] bytes(HttpResponse<String> response) {
    return response.body().getBytes(StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> send(String method, String path, String body, String session) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
        .header("Content-Type", "application/json").method(method, body == null
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      b.header("X-Session-ID", session);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
