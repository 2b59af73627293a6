package dev.switchboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.Scrape;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
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

  /**
   * A server that exits at once while a file says it is broken: two exits within the window put it in a crash loop and
   * {@code /ready} says 503 naming it; once fixed and the window has passed, a session works and {@code /ready} is 200.
   */
  @Test
  void flipsToNotReadyInACrashLoopAndBackOnceTheServerWorks(@TempDir Path dir) throws Exception {
    Path broken = Files.writeString(dir.resolve("broken"), "yes");
    ObjectNode entry = breakable(broken).put("sharing", "session");
    // the window: two exits at once fall in it however late the gateway counts them on a loaded machine
    entry.putObject("restart").put("maxFailures", 2).put("window", "10s").put("backoff", "50ms")
        .put("maxBackoff", "50ms");
    ObjectNode servers = Json.object();
    servers.set("crashy", entry);
    try (TestGateway gateway = TestGateway.start(servers, gw -> {})) {
      assertThat(get(gateway).statusCode()).as("startable before any child ran").isEqualTo(200);
      StreamableClient mcp = StreamableClient.at(gateway.baseUrl(), "crashy");
      for (int attempt = 0; attempt < 2; attempt++) {
        var refused = mcp.initialize(StreamableClient.VERSION, "attempt-" + attempt);
        assertThat(refused.status() >= 400 || refused.isError()).as(refused.status() + " " + refused.body()).isTrue();
      }
      // The client's error can come before the gateway has counted the child's exit (its watcher sees it), and on a
      // loaded machine a refused start may not count as a crash: until the loop shows, each poll tries once more.
      HttpResponse<String> looping = await("a crash loop").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100)).until(() -> {
            mcp.initialize(StreamableClient.VERSION, "again");
            return get(gateway);
          }, r -> body(r).path("notReady").path(0).path("state").asString("").equals("crash-loop"));
      assertThat(looping.statusCode()).as(looping.body()).isEqualTo(503);
      JsonNode reason = body(looping).path("notReady").get(0);
      assertThat(reason.path("name").asString()).isEqualTo("crashy");
      assertThat(body(looping).path("notReady")).hasSize(1);
      // what the crash-loop alert in docs/monitoring watches, scraped while /ready still says so (the window is 10 s)
      String scraped = get(gateway, "/metrics").body();
      assertThat(Scrape.sample(scraped, "switchboard_server_state{server=\"crashy\",state=\"crash-loop\"}"))
          .isEqualTo(1);
      assertThat(Scrape.sampleOr(scraped, "switchboard_server_state{server=\"crashy\",state=\"running\"}", 0))
          .as("one state at a time").isZero();

      Files.delete(broken);
      await("a session once the crash loop is over").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> !mcp.initialize(StreamableClient.VERSION, "fixed").isError());
      HttpResponse<String> ready = get(gateway);
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    }
  }

  /** The conformance fixture, run through {@code sh} that exits at once instead while {@code broken} exists. */
  private static ObjectNode breakable(Path broken) {
    ObjectNode java = Fixtures.server(Fixtures.CONFORMANCE);
    StringBuilder script = new StringBuilder("if [ -e \"$0\" ]; then echo broken >&2; exit 3; fi; exec ")
        .append(quote(java.get("command").asString()));
    java.get("args").forEach(arg -> script.append(' ').append(quote(arg.asString())));
    ObjectNode entry = Json.object().put("command", "/bin/sh");
    entry.putArray("args").add("-c").add(script.toString()).add(broken.toString());
    return entry;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static HttpResponse<String> get(TestGateway gateway) throws Exception {
    return get(gateway, "/ready");
  }

  private static HttpResponse<String> get(TestGateway gateway, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode body(HttpResponse<String> response) {
    return Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
  }
}
