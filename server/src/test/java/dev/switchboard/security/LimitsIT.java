package dev.switchboard.security;

import static dev.switchboard.security.SecureHttp.ALICE;
import static dev.switchboard.security.SecureHttp.BOB;
import static dev.switchboard.security.SecureHttp.CAROL;
import static dev.switchboard.security.SecureHttp.NARROW;
import static dev.switchboard.security.SecureHttp.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Json;
import dev.switchboard.security.SecureHttp.Client;
import dev.switchboard.security.SecureHttp.Reply;
import dev.switchboard.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Each limit answers with a clear HTTP status plus a JSON-RPC error, and disturbs nothing else: an existing session
 * keeps working. Each test has its own gateway (the caps are shared state).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LimitsIT {
  private static final String PATH = "/mcp/fixture";

  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private static void assertJsonRpcError(Reply r, int status) {
    assertThat(r.status()).as(r.describe()).isEqualTo(status);
    JsonNode body = r.json();
    assertThat(body.path("jsonrpc").asString()).as(r.body()).isEqualTo("2.0");
    assertThat(body.path("error").path("code").isInt()).as(r.body()).isTrue();
    assertThat(body.path("error").path("message").asString()).as(r.body()).isNotBlank();
  }

  @Test
  void anOversizedBodyIs413WhetherDeclaredOrChunked() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> gw.putObject("limits").put("maxBodyBytes", 4096))) {
      Client http = new Client(gateway.baseUrl());
      String session = http.open(PATH, ALICE);
      String big = SecureHttp.echo(1, "x".repeat(8192));

      Reply declared = http.post(PATH, bearer(ALICE), big, SecureHttp.session(session));
      assertJsonRpcError(declared, 413);
      assertThat(declared.errorMessage()).contains("maxBodyBytes");

      // no Content-Length: the limit applies while reading
      HttpRequest chunked = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + PATH)).timeout(SecureHttp.TIMEOUT)
          .header("Content-Type", "application/json").header("Accept", SecureHttp.BOTH)
          .header("Authorization", bearer(ALICE)).header("Mcp-Session-Id", session)
          .header("MCP-Protocol-Version", SecureHttp.VERSION)
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
              big.getBytes(StandardCharsets.UTF_8)))).build();
      HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
          .send(chunked, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
      assertThat(Json.parse(r.body()).path("error").path("code").isInt()).isTrue();

      // an oversized initialize is refused before a session exists
      Reply bigInit = http.post(PATH, bearer(BOB), SecureHttp.initialize("x".repeat(8192)));
      assertJsonRpcError(bigInit, 413);

      http.assertEchoes(PATH, ALICE, session, "x".repeat(3000)); // under the limit: fine
    }
  }

  @Test
  void oversizedHeadersAre431WithAJsonRpcBody() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> gw.putObject("limits").put("maxHeaderBytes", 8192))) {
      Client http = new Client(gateway.baseUrl());
      String session = http.open(PATH, ALICE);
      Reply r = SecureHttp.raw(gateway.port(), SecureHttp.postHead(PATH, "127.0.0.1:" + gateway.port(),
          "Authorization: " + bearer(ALICE), "X-Padding: " + "p".repeat(16_384)), SecureHttp.echo(1, "x"));
      assertJsonRpcError(r, 431);
      http.assertEchoes(PATH, ALICE, session, "after 431");
    }
  }

  @Test
  void perKeySessionCapIs429AndOtherKeysAreUnaffected() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> ((tools.jackson.databind.node.ObjectNode) gw.get("auth"))
        .put("maxSessionsPerKey", 2))) {
      Client http = new Client(gateway.baseUrl());
      String first = http.open(PATH, ALICE);
      http.open("/mcp/other", ALICE); // the cap counts sessions on every server
      Reply third = http.post(PATH, bearer(ALICE), SecureHttp.initialize(1));
      assertJsonRpcError(third, 429);
      assertThat(third.errorMessage()).contains("alice").contains("maxSessionsPerKey");
      http.open(PATH, BOB);
      http.assertEchoes(PATH, ALICE, first, "still works");
      // closing one frees a place
      Reply deleted = http.send("DELETE", PATH, Map.of("Authorization", bearer(ALICE), "Mcp-Session-Id", first,
          "MCP-Protocol-Version", SecureHttp.VERSION), null);
      assertThat(deleted.status()).isEqualTo(200);
      http.open(PATH, ALICE);
    }
  }

  @Test
  void totalSessionCapIs503AndAnExistingSessionKeepsWorking() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> gw.putObject("sessions").put("max", 2))) {
      Client http = new Client(gateway.baseUrl());
      String existing = http.open(PATH, ALICE);
      http.open(PATH, BOB);
      Reply full = http.post(PATH, bearer(CAROL), SecureHttp.initialize(1));
      assertJsonRpcError(full, 503);
      assertThat(full.errorMessage()).contains("sessions.max");
      http.assertEchoes(PATH, ALICE, existing, "unbothered");
    }
  }

  /** Many initializes at once against both caps while an existing session is used: caps hold, nothing breaks. */
  @Test
  void aFloodOfInitializesHitsTheCapsWhileAnExistingSessionKeepsWorking() throws Exception {
    int perKey = 2;
    int total = 4;
    try (TestGateway gateway = SecureHttp.gateway(gw -> {
      ((tools.jackson.databind.node.ObjectNode) gw.get("auth")).put("maxSessionsPerKey", perKey);
      gw.putObject("sessions").put("max", total);
    })) {
      Client http = new Client(gateway.baseUrl());
      String existing = http.open(PATH, ALICE);
      List<String> keys = List.of(BOB, CAROL, NARROW);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Reply>> flood = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        String key = keys.get(i % keys.size());
        String path = key.equals(NARROW) ? "/mcp/other" : PATH;
        flood.add(threads.submit(() -> {
          go.await();
          return http.post(path, bearer(key), SecureHttp.initialize(1));
        }));
      }
      Future<?> user = threads.submit(() -> {
        go.await();
        for (int i = 0; i < 5; i++) {
          http.assertEchoes(PATH, ALICE, existing, "during the flood " + i);
        }
        return null;
      });
      go.countDown();
      int admitted = 0;
      int perKeyRefusals = 0;
      int totalRefusals = 0;
      for (Future<Reply> f : flood) {
        Reply r = f.get(120, TimeUnit.SECONDS);
        switch (r.status()) {
          case 200 -> admitted++;
          case 429 -> {
            assertJsonRpcError(r, 429);
            perKeyRefusals++;
          }
          case 503 -> {
            assertJsonRpcError(r, 503);
            totalRefusals++;
          }
          default -> throw new AssertionError("unexpected " + r.describe());
        }
      }
      user.get(120, TimeUnit.SECONDS);
      assertThat(admitted).as("admitted").isGreaterThanOrEqualTo(total - 1); // the free places were used
      assertThat(perKeyRefusals + totalRefusals).as("refusals").isPositive();
      assertThat(admitted + perKeyRefusals + totalRefusals).isEqualTo(24);
      // "never more than the caps" does not hold under concurrency today: see SessionCapsTest (disabled, bug)
      Reply more = http.post(PATH, bearer(BOB), SecureHttp.initialize(1));
      assertThat(more.status()).as(more.describe()).isIn(429, 503);
      http.assertEchoes(PATH, ALICE, existing, "after the flood");
    }
  }

  @Test
  void tooManyRequestsInFlightOnOneSessionIs429AndTheOthersComplete() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> gw.putObject("limits").put("maxInFlightPerSession", 2))) {
      Client http = new Client(gateway.baseUrl());
      String session = http.open(PATH, ALICE);
      String other = http.open(PATH, BOB);
      List<Future<Reply>> slow = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        int id = 10 + i;
        slow.add(threads.submit(() -> http.post(PATH, bearer(ALICE), SecureHttp.slow(id, 8_000),
            SecureHttp.session(session))));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> gateway.daemon().gateway().sessions().stream()
          .mapToInt(s -> s.inFlight()).max().orElse(0) >= 2);
      Reply third = http.post(PATH, bearer(ALICE), SecureHttp.echo(3, "one too many"), SecureHttp.session(session));
      assertJsonRpcError(third, 429);
      assertThat(third.errorMessage()).contains("maxInFlightPerSession");
      http.assertEchoes(PATH, BOB, other, "another session is not limited"); // per session
      for (Future<Reply> f : slow) {
        Reply r = f.get(60, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.describe()).isEqualTo(200);
        assertThat(r.body()).contains("\"result\"");
      }
      http.assertEchoes(PATH, ALICE, session, "after the slow ones");
    }
  }

  /**
   * A child writing a stdout line over {@code gateway.limits.maxLineBytes}: the line is skipped (and reported in the
   * server's stderr log); the caller gets an error instead of waiting forever, and the session keeps working.
   */
  @Test
  void anOversizedLineFromAChildFailsOnlyThatRequest() throws Exception {
    var servers = SecureHttp.servers();
    ((tools.jackson.databind.node.ObjectNode) servers.get("fixture")).putObject("timeouts").putObject("methods")
        .put("tools/call", "3s");
    try (TestGateway gateway = TestGateway.start(servers, gw -> {
      SecureHttp.auth(gw);
      gw.putObject("limits").put("maxLineBytes", 8192);
    })) {
      Client http = new Client(gateway.baseUrl());
      String session = http.open(PATH, ALICE);
      long started = System.nanoTime();
      Reply huge = http.post(PATH, bearer(ALICE), SecureHttp.echo(1, "y".repeat(4 * 8192)),
          SecureHttp.session(session));
      assertThat(huge.status()).as(huge.describe()).isEqualTo(200);
      assertThat(huge.json().path("error").path("code").isInt()).as(huge.body()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
      http.assertEchoes(PATH, ALICE, session, "small is fine");
      assertThat(gateway.daemon().gateway().stderrTail("fixture", 50).orElseThrow())
          .anySatisfy(line -> assertThat(line).contains("over gateway.limits.maxLineBytes"));
    }
  }

  /** What the child's oversized answer should produce: a prompt error that names the limit, not a timeout. */
  @Test
  @org.junit.jupiter.api.Disabled("gap: StdioUpstream.handle skips a TooLong line (only logged to the server's "
      + "stderr tail); the request it answered stays pending until the method timeout (tools/call: 5 min by "
      + "default), then fails as a timeout that does not mention gateway.limits.maxLineBytes. Expected: fail the "
      + "request (id parsed from the line's start, or every request pending on that child) at once with a "
      + "JSON-RPC error naming the limit")
  void anOversizedLineFromAChildFailsPromptlyNamingTheLimit() throws Exception {
    var servers = SecureHttp.servers();
    ((tools.jackson.databind.node.ObjectNode) servers.get("fixture")).putObject("timeouts").putObject("methods")
        .put("tools/call", "40s");
    try (TestGateway gateway = TestGateway.start(servers, gw -> {
      SecureHttp.auth(gw);
      gw.putObject("limits").put("maxLineBytes", 8192);
      gw.put("heartbeat", "60s"); // keep the answer a JSON body even when it is late
    })) {
      Client http = new Client(gateway.baseUrl());
      String session = http.open(PATH, ALICE);
      long started = System.nanoTime();
      Reply huge = http.post(PATH, bearer(ALICE), SecureHttp.echo(1, "y".repeat(4 * 8192)),
          SecureHttp.session(session));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as(huge.describe())
          .isLessThan(Duration.ofSeconds(20));
      assertThat(huge.json().path("error").path("message").asString()).contains("maxLineBytes");
    }
  }
}
