package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.SseReader;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * A client whose POST stream breaks mid-call resumes it with GET and {@code Last-Event-ID}: it gets what it missed,
 * then the answer, on that stream only.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResumeIT {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aBrokenRequestStreamResumesFromLastEventId() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture()) {
      String url = gateway.mcpUrl("fixture");
      StreamableSession session = new StreamableClient(url).open("2025-11-25");
      String call = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\","
          + "\"arguments\":{\"ms\":1500,\"steps\":5},\"_meta\":{\"progressToken\":\"p\"}}}";
      HttpResponse<InputStream> first = http.send(request(url, session).POST(HttpRequest.BodyPublishers.ofString(call))
          .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(first.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
      SseReader reader = new SseReader(new InputStreamReader(first.body(), StandardCharsets.UTF_8));
      SseEvent progress = nextWithData(reader);
      assertThat(Json.parse(progress.data()).path("method").asString()).isEqualTo("notifications/progress");
      String lastId = reader.lastEventId();
      first.body().close(); // the connection drops mid-call

      HttpResponse<InputStream> resumed = http.send(request(url, session).GET().header("Last-Event-ID", lastId)
          .build(), HttpResponse.BodyHandlers.ofInputStream());
      List<JsonNode> rest = new ArrayList<>();
      SseReader again = new SseReader(new InputStreamReader(resumed.body(), StandardCharsets.UTF_8));
      SseEvent event;
      while ((event = again.next()) != null) {
        if (!event.data().isEmpty()) {
          rest.add(Json.parse(event.data()));
        }
      }
      JsonNode answer = rest.get(rest.size() - 1);
      assertThat(answer.path("id").asInt()).isEqualTo(5);
      assertThat(answer.path("result").path("content").path(0).path("text").asString()).isEqualTo("done");
      assertThat(rest.subList(0, rest.size() - 1)).allMatch(m -> m.path("method").asString()
          .equals("notifications/progress"));
      assertThat(rest.stream().map(m -> m.path("params").path("progress").asDouble(-1)).toList())
          .as("nothing replayed twice").doesNotContain(Json.parse(progress.data()).path("params").path("progress")
              .asDouble());
    }
  }

  private static SseEvent nextWithData(SseReader reader) throws Exception {
    SseEvent e;
    while ((e = reader.next()) != null) {
      if (!e.data().isEmpty()) {
        return e;
      }
    }
    throw new AssertionError("stream ended");
  }

  private static HttpRequest.Builder request(String url, StreamableSession session) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json, text/event-stream").header("Mcp-Session-Id", session.id())
        .header("MCP-Protocol-Version", "2025-11-25");
  }
}
