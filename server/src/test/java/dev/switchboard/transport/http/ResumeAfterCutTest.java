package dev.switchboard.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.gateway.EventStream;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.Session;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.testing.Fixtures;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client resuming with {@code Last-Event-ID} from before a cut gets a clear error (410 and a JSON-RPC error naming
 * the limit), not a stream with a silent gap; a fresh GET of a cut standalone stream works again. The real HTTP
 * stack over a gateway whose session never starts a child.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResumeAfterCutTest {
  private static final int CAPACITY = 16; // the least gateway.limits.maxStreamEvents allows
  private static final int RETAINED = 24;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Gateway gateway;
  private HttpServer server;
  private Session session;

  @BeforeEach
  void start() throws Exception {
    ObjectNode root = Json.object();
    root.putObject("mcpServers").set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    root.putObject("gateway").put("host", "127.0.0.1").put("port", 0).putObject("limits")
        .put("maxStreamEvents", CAPACITY).put("maxRetainedEvents", RETAINED);
    gateway = new Gateway(ConfigLoader.parse(Json.bytes(root), null), "test");
    server = new HttpServer(gateway, "127.0.0.1", 0, null).start();
    session = gateway.open("fixture", "anonymous");
  }

  @AfterEach
  void stop() {
    gateway.close(); // ends the sessions' streams first, as the daemon does, so no SSE writer holds Jetty's stop
    server.close();
  }

  private static void cut(EventStream stream) {
    int stuck = stream.attach();
    for (int i = 0; i <= CAPACITY; i++) {
      stream.offer(Message.notification("notifications/message", Json.object().put("data", i)));
    }
    assertThat(stream.isCutOff()).isTrue();
    stream.detach(stuck);
  }

  private HttpResponse<InputStream> get(String lastEventId) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/mcp/fixture"))
        .timeout(Duration.ofSeconds(20)).header("Accept", "text/event-stream").header("Mcp-Session-Id", session.id());
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private static JsonNode error(HttpResponse<InputStream> reply) throws Exception {
    try (InputStream body = reply.body()) {
      return Json.parse(new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).path("error");
    }
  }

  @Test
  void resumingACutRequestStreamIs410WithAJsonRpcError() throws Exception {
    EventStream stream = session.openRequestStream(1);
    cut(stream);
    HttpResponse<InputStream> reply = get(stream.id() + "-2");
    assertThat(reply.statusCode()).isEqualTo(410);
    JsonNode error = error(reply);
    assertThat(error.path("code").isInt()).isTrue();
    assertThat(error.path("message").asString()).contains("cut off").contains("maxStreamEvents");
  }

  @Test
  @SuppressWarnings("try") // the stream is held open, not read
  void aCutStandaloneStreamRefusesAResumeButServesAFreshGet() throws Exception {
    cut(session.standalone());
    HttpResponse<InputStream> resume = get("0-1");
    assertThat(resume.statusCode()).isEqualTo(410);
    error(resume);

    HttpResponse<InputStream> fresh = get(null);
    try (InputStream body = fresh.body()) {
      assertThat(fresh.statusCode()).isEqualTo(200);
      assertThat(fresh.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
      assertThat(session.standalone().isCutOff()).isFalse();
      assertThat(session.standalone().offer(Message.notification("notifications/message", Json.object()))).isTrue();
    }
  }

  @Test
  void eventsHeldForClientsThatLeftStayUnderTheGatewayBoundAndTheOldestResumeIs410() throws Exception {
    Session newer = gateway.open("fixture", "anonymous");
    for (int i = 0; i < 12; i++) { // 12 + 12 unread events with nobody reading: over the bound of 24 at the last
      session.standalone().offer(Message.notification("notifications/message", Json.object().put("data", i)));
    }
    for (int i = 0; i <= 12; i++) {
      newer.standalone().offer(Message.notification("notifications/message", Json.object().put("data", i)));
    }
    HttpResponse<InputStream> older = get("0-2");
    assertThat(older.statusCode()).as("the session that left first lost its events").isEqualTo(410);
    assertThat(error(older).path("message").asString()).contains("maxRetainedEvents");

    HttpRequest resume = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/mcp/fixture"))
        .timeout(Duration.ofSeconds(20)).header("Accept", "text/event-stream").header("Mcp-Session-Id", newer.id())
        .header("Last-Event-ID", "0-2").GET().build();
    HttpResponse<InputStream> kept = http.send(resume, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = kept.body()) {
      assertThat(kept.statusCode()).isEqualTo(200);
      String first = new String(body.readNBytes(400), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(first).as("the newer session resumes where it was").contains("id: 0-3");
    }
  }
}
