package dev.switchboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code /ready} is what a load balancer asks: 200 when every server can take work, 503 with the reasons when not. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadinessIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void readyWhenEveryServerCanTakeWork() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture()) {
      HttpResponse<String> ready = get(gateway);
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(body(ready).path("status").asString()).isEqualTo("ready");
    }
  }

  @Test
  void notReadyWithTheReasonWhenAServerCannotStart() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    servers.putObject("ghost").put("command", "no-such-mcp-server-anywhere");
    try (TestGateway gateway = TestGateway.start(servers, gw -> {})) {
      HttpResponse<String> ready = get(gateway);
      assertThat(ready.statusCode()).isEqualTo(503);
      JsonNode reasons = body(ready).path("notReady");
      assertThat(reasons).hasSize(1);
      assertThat(reasons.get(0).path("name").asString()).isEqualTo("ghost");
      assertThat(reasons.get(0).path("error").asString()).contains("command not found");
      assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/health")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).as("liveness is another matter").isEqualTo(200);
    }
  }

  private static HttpResponse<String> get(TestGateway gateway) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/ready")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode body(HttpResponse<String> response) {
    return Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
  }
}
