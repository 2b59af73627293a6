package dev.switchboard.it;

import static dev.switchboard.testing.ModernRequests.answerRounds;
import static dev.switchboard.testing.ModernRequests.answering;
import static dev.switchboard.testing.ModernRequests.call;
import static dev.switchboard.testing.ModernRequests.caps;
import static dev.switchboard.testing.ModernRequests.headers;
import static dev.switchboard.testing.ModernRequests.meta;
import static dev.switchboard.testing.ModernRequests.params;
import static dev.switchboard.testing.ModernRequests.retry;
import static dev.switchboard.testing.ModernRequests.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.Messages;
import dev.switchboard.testing.ModernRequests.Rounds;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.SdkClients;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.TestGateway;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * 2026-07-28 clients on the endpoint legacy sessions use, over real HTTP to a legacy fixture child: both eras at
 * once, the envelope errors that tell a modern client it reached a modern server, and the input-required round
 * trips the gateway makes of a legacy child's requests to its client (sampling, elicitation, roots), including
 * altered, replayed and abandoned request states.
 */
@Timeout(180)
class StatelessIT {
  private static final String MODERN = dev.switchboard.testing.ModernRequests.MODERN;

  @Test
  void aModernClientAndALegacySessionShareOneServer() throws Exception {
    // not the common pool: on 2 cores it has one thread, which the SDK needs for its own callbacks
    try (TestGateway gateway = TestGateway.withFixture(e -> e.put("sharing", "shared"));
        McpSyncClient legacy = SdkClients.sdk(gateway.baseUrl(), "fixture").build();
        var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      legacy.initialize();
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("fixture"));
      assertThat(SdkClients.text(legacy.callTool(new McpSchema.CallToolRequest("echo", Map.of("text", "first")))))
          .isEqualTo("first");
      CompletableFuture<String> sdkCall = CompletableFuture.supplyAsync(() -> SdkClients.text(legacy.callTool(
          new McpSchema.CallToolRequest("echo", Map.of("text", "from the session")))), threads);
      Reply reply = call(modern, 1, "echo", Json.object().put("text", "stateless"), caps());
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      assertThat(reply.response().path("result").path("resultType").asString()).isEqualTo("complete");
      assertThat(reply.text()).isEqualTo("stateless");
      assertThat(reply.headers().firstValue("Mcp-Session-Id")).as("no session is minted").isEmpty();
      assertThat(sdkCall.get()).isEqualTo("from the session");
      Reply discover = send(modern, 2, "server/discover", Json.object(), caps(), Map.of());
      assertThat(discover.response().path("result").path("supportedVersions").toString()).contains(MODERN,
          "2025-11-25");
      assertThat(SdkClients.text(legacy.callTool(new McpSchema.CallToolRequest("echo", Map.of("text", "still here")))))
          .isEqualTo("still here");
    }
  }

  @Test
  void envelopeErrorsCarryTheRequestIdAndTheRevisionsCodes() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture(e -> e.put("sharing", "shared"))) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("fixture"));
      Reply mismatch = send(modern, 11, "tools/list", Json.object(), caps(), Map.of("Mcp-Method",
          "prompts/list"));
      assertThat(mismatch.status()).isEqualTo(400);
      assertThat(mismatch.errorCode()).isEqualTo(-32020);
      assertThat(mismatch.response().path("id").asInt()).isEqualTo(11);
      ObjectNode noCaps = meta();
      noCaps.remove("io.modelcontextprotocol/clientCapabilities");
      Reply missing = modern.post(Messages.request(12, "tools/list", params(Json.object(), noCaps)),
          headers("tools/list", null));
      assertThat(missing.status()).isEqualTo(400);
      assertThat(missing.errorCode()).isEqualTo(-32602);
      ObjectNode old = meta().put("io.modelcontextprotocol/protocolVersion", "2099-01-01");
      Map<String, String> h = new LinkedHashMap<>(headers("tools/list", null));
      h.put("MCP-Protocol-Version", "2099-01-01");
      Reply unsupported = modern.post(Messages.request(13, "tools/list", params(Json.object(), old)), h);
      assertThat(unsupported.status()).isEqualTo(400);
      assertThat(unsupported.errorCode()).isEqualTo(-32022);
      assertThat(unsupported.response().path("error").path("data").path("requested").asString())
          .isEqualTo("2099-01-01");
      Reply removed = send(modern, 14, "ping", Json.object(), caps(), Map.of());
      assertThat(removed.status()).isEqualTo(404);
      assertThat(removed.errorCode()).isEqualTo(-32601);
    }
  }

  @Test
  void aModernRequestIgnoresAnUnknownSessionIdAndGetAndDeleteAreNotAllowed() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture(e -> e.put("sharing", "shared"));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("fixture"));
      Reply listed = send(modern, 21, "tools/list", Json.object(), caps(), Map.of("Mcp-Session-Id",
          "no-such-session"));
      assertThat(listed.status()).as(listed.body()).isEqualTo(200);
      assertThat(listed.response().path("result").path("tools").isArray()).as(listed.body()).isTrue();
      assertThat(listed.headers().firstValue("Mcp-Session-Id")).as("a modern answer names no session").isEmpty();
      for (String method : List.of("GET", "DELETE")) {
        var refused = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.mcpUrl("fixture")))
            .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).header("MCP-Protocol-Version", MODERN)
            .header("Accept", "text/event-stream").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(method + " " + refused.body()).isEqualTo(405);
      }
    }
  }

  @Test
  void aLegacyChildsQuestionsBecomeInputsAndTheCallCompletes() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture(e -> e.putObject("pool").put("warm", 1))) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("fixture"));
      String tool = "test_input_required_result_multiple_inputs";
      Rounds r = answerRounds(modern, 1, tool, answering("Alice", "Hi"));
      assertThat(r.asked()).containsExactlyInAnyOrderEntriesOf(Map.of("user_name", "elicitation/create",
          "greeting", "sampling/createMessage", "client_roots", "roots/list"));
      assertThat(r.rounds()).as("gathered as they arrive: one round unless one came late").isBetween(1, 3);
      Reply done = r.done();
      assertThat(done.response().path("result").path("resultType").asString()).as(done.body()).isEqualTo("complete");
      assertThat(done.text()).isEqualTo("Name: Alice; Greeting: Hi; Roots: 1");
      assertThat(done.response().path("id").asInt()).as("the last retry's own id").isEqualTo(1 + r.rounds());
      Reply replayed = call(modern, 10, tool, retry(r.lastAnswers(), r.lastRound()), caps());
      assertThat(replayed.errorCode()).as("a spent state").isEqualTo(-32602);
    }
  }

  @Test
  void anAlteredStateDeliversNothingAndTheTrueOneStillWorks() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture(e -> e.putObject("pool").put("warm", 1))) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("fixture"));
      JsonNode first = call(modern, 1, "test_input_required_result_multi_round", Json.object(), caps()).response()
          .path("result");
      ObjectNode step1 = Json.object();
      step1.putObject("step1").put("action", "accept").putObject("content").put("name", "Bob");
      ObjectNode forged = retry(step1, first).put("requestState", first.path("requestState").asString() + "x");
      assertThat(call(modern, 2, "test_input_required_result_multi_round", forged, caps()).errorCode())
          .isEqualTo(-32602);
      ObjectNode otherTool = retry(step1, first);
      assertThat(call(modern, 3, "test_input_required_result_elicitation", otherTool, caps()).errorCode())
          .as("a state is bound to its tool").isEqualTo(-32602);
      JsonNode second = call(modern, 4, "test_input_required_result_multi_round", retry(step1, first), caps())
          .response().path("result");
      assertThat(second.path("inputRequests").has("step2")).as(second.toString()).isTrue();
      assertThat(second.path("requestState").asString()).isNotEqualTo(first.path("requestState").asString());
      assertThat(call(modern, 5, "test_input_required_result_multi_round", retry(step1, first), caps()).errorCode())
          .as("round 1's state after round 2 began: replayed").isEqualTo(-32602);
      ObjectNode step2 = Json.object();
      step2.putObject("step2").put("action", "accept").putObject("content").put("color", "green");
      assertThat(call(modern, 6, "test_input_required_result_multi_round", retry(step2, second), caps()).text())
          .isEqualTo("Multi-round complete for Bob who likes green");
    }
  }

  @Test
  void aClientThatNeverRetriesLetsTheCallEnd() throws Exception {
    Consumer<ObjectNode> fixture = e -> e.put("sharing", "shared");
    ObjectNode servers = Json.object();
    ObjectNode entry = Fixtures.server(Fixtures.CONFORMANCE);
    fixture.accept(entry);
    servers.set("fixture", entry);
    try (TestGateway gateway = TestGateway.start(servers, gw -> gw.putObject("sessions").put("inputTimeout",
        "1s"))) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("fixture"));
      JsonNode round = call(modern, 1, "test_input_required_result_elicitation", Json.object(), caps()).response()
          .path("result");
      assertThat(round.path("requestState").isString()).isTrue();
      ObjectNode answer = Json.object();
      answer.putObject("user_name").put("action", "accept").putObject("content").put("name", "Late");
      assertThat(waitingForInput(modern)).as("the call waits for the client").isEqualTo(1);
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> waitingForInput(modern) == 0);
      assertThat(call(modern, 2, "test_input_required_result_elicitation", retry(answer, round), caps())
          .errorCode()).as("an expired state").isEqualTo(-32602);
      // the shared child is free again: the abandoned call no longer pins it
      assertThat(call(modern, 3, "echo", Json.object().put("text", "next"), caps()).text()).isEqualTo("next");
    }
  }

  @Test
  void aCapabilityTheRequestDidNotDeclareIsReportedAsMissing() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture(e -> e.put("sharing", "shared"))) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("fixture"));
      Reply reply = call(modern, 7, "test_missing_capability", Json.object(), Json.object());
      assertThat(reply.status()).as(reply.body()).isEqualTo(400);
      assertThat(reply.errorCode()).isEqualTo(-32021);
      assertThat(reply.response().path("error").path("data").path("requiredCapabilities").has("sampling")).isTrue();
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"shared", "session"})
  void aListenStreamReportsTheChangesAskedForWithItsSubscriptionId(String sharing) throws Exception {
    // under session, the principal's call goes to the child the listener watches, not to a spare
    try (TestGateway gateway = TestGateway.withFixture(e -> e.put("sharing", sharing))) {
      ObjectNode params = Json.object();
      params.putObject("notifications").put("toolsListChanged", true).putArray("resourceSubscriptions")
          .add("test://watched-resource");
      params.set("_meta", meta());
      var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.mcpUrl("fixture")))
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Messages.request(41, "subscriptions/listen", params)))
          .header("Content-Type", "application/json").header("Accept", StreamableClient.BOTH)
          .header("MCP-Protocol-Version", MODERN).header("Mcp-Method", "subscriptions/listen").build();
      var http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
      // the stream never ends by itself: closing its lines cancels it, and shutdownNow does not wait for it
      try (var lines = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofLines()).body()) {
        var frames = lines.filter(l -> l.startsWith("data:")).map(l -> Json.parse(l.substring(5)))
            .iterator();
        JsonNode ack = frames.next();
        assertThat(ack.path("method").asString()).isEqualTo("notifications/subscriptions/acknowledged");
        assertThat(ack.path("params").path("notifications").path("toolsListChanged").asBoolean()).isTrue();
        assertThat(ack.path("params").path("notifications").path("resourceSubscriptions").toString())
            .contains("test://watched-resource");
        JsonNode updated = frames.next(); // the fixture updates the watched resource once, right after subscribing
        assertThat(updated.path("method").asString()).isEqualTo("notifications/resources/updated");
        assertThat(updated.path("params").path("_meta").path("io.modelcontextprotocol/subscriptionId").asInt())
            .isEqualTo(41);
        StreamableClient modern = new StreamableClient(gateway.mcpUrl("fixture"));
        assertThat(call(modern, 42, "test_trigger_tool_change", Json.object(), caps()).text())
            .isEqualTo("Mutation triggered");
        JsonNode changed = frames.next();
        assertThat(changed.path("method").asString()).isEqualTo("notifications/tools/list_changed");
        assertThat(changed.path("params").path("_meta").path("io.modelcontextprotocol/subscriptionId").asInt())
            .isEqualTo(41);
      } finally {
        http.shutdownNow();
      }
    }
  }

  @Test
  void aGroupServesStatelessRequestsToo() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "shared"));
    try (TestGateway gateway = TestGateway.start(servers, gw -> gw.putObject("groups").putObject("dev")
        .putArray("servers").add("fixture").add("switchboard"))) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("dev"));
      JsonNode discover = send(modern, 51, "server/discover", Json.object(), caps(), Map.of()).response()
          .path("result");
      assertThat(discover.path("capabilities").has("tools")).as(discover.toString()).isTrue();
      JsonNode tools = send(modern, 52, "tools/list", Json.object(), caps(), Map.of()).response().path("result");
      assertThat(tools.path("tools").toString()).contains("fixture__echo", "switchboard__");
      assertThat(tools.path("resultType").asString()).isEqualTo("complete");
      assertThat(call(modern, 53, "fixture__echo", Json.object().put("text", "grouped"), caps()).text())
          .isEqualTo("grouped");
    }
  }

  /**
   * A 2026-07-28 call of a plain {@code member__tool} name through a group goes to the member without gathering the
   * members' lists: the request has no session whose merged list it could reuse, so each call would fetch them all.
   */
  @Test
  void aGroupRoutesAModernCallByItsPlainNameWithoutListingTheMembers() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "shared"));
    try (TestGateway gateway = TestGateway.start(servers, gw -> {
      gw.putObject("groups").putObject("dev").putArray("servers").add("fixture").add("switchboard");
      gw.withObject("groups").withObject("dev").putObject("tools").putArray("deny").add("*sampling*");
    })) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("dev"));
      for (int id = 1; id <= 3; id++) {
        assertThat(call(modern, id, "fixture__echo", Json.object().put("text", "direct " + id), caps()).text())
            .isEqualTo("direct " + id);
      }
      Reply hidden = call(modern, 4, "fixture__test_sampling", Json.object(), caps());
      assertThat(hidden.response().path("error").path("message").asString()).as(hidden.body())
          .isEqualTo("Unknown tool: fixture__test_sampling");
      String metrics = modern.get("/metrics").body();
      assertThat(dev.switchboard.testing.Scrape.sampleOr(metrics, "switchboard_requests_total{method=\"tools/list\","
          + "outcome=\"ok\",server=\"fixture\",tool=\"\"}", 0)).as("the fixture's lists fetched").isZero();
      assertThat(dev.switchboard.testing.Scrape.sample(metrics, "switchboard_requests_total{method=\"tools/call\","
          + "outcome=\"ok\",server=\"fixture\",tool=\"echo\"}")).isEqualTo(3);
      Reply unknown = call(modern, 5, "no_such_tool", Json.object(), caps());
      assertThat(unknown.response().path("error").path("message").asString()).as(unknown.body())
          .isEqualTo("Unknown tool: no_such_tool");
    }
  }

  /**
   * Each 2026-07-28 list through a group is merged anew (no session keeps it), so its cursor carries the merged list's
   * fingerprint: a cursor into a list that has changed since is refused, as a session's is.
   */
  @Test
  void aModernCursorIntoAGroupListThatChangedIsRefused() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("member", Fixtures.server(dev.switchboard.fixture.GroupMemberServer.class.getName())
        .put("sharing", "shared"));
    try (TestGateway gateway = TestGateway.start(servers, gw -> gw.putObject("groups").putObject("dev")
        .put("pageSize", 2).putArray("servers").add("member"))) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("dev"));
      JsonNode first = send(modern, 1, "tools/list", Json.object(), caps(), Map.of()).response().path("result");
      String cursor = first.path("nextCursor").asString();
      assertThat(cursor).as(first.toString()).isNotEmpty();
      JsonNode second = send(modern, 2, "tools/list", Json.object().put("cursor", cursor), caps(), Map.of())
          .response().path("result");
      assertThat(second.path("tools")).as("the next page while nothing changed").isNotEmpty();

      assertThat(call(modern, 3, "member__grow", Json.object(), caps()).status()).isEqualTo(200);
      Reply stale = send(modern, 4, "tools/list", Json.object().put("cursor", cursor), caps(), Map.of());
      assertThat(stale.errorCode()).as(stale.body()).isEqualTo(-32602);
      assertThat(stale.response().path("error").path("message").asString()).contains("list has changed");
    }
  }

  @Test
  void aMembersQuestionsThroughAGroupBecomeInputsAndTheRetryCompletesTheCall() throws Exception {
    ObjectNode servers = Json.object();
    ObjectNode fixture = Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "shared");
    fixture.putArray("roots").add(System.getProperty("java.io.tmpdir"));
    servers.set("fixture", fixture);
    try (TestGateway gateway = TestGateway.start(servers, gw -> gw.putObject("groups").putObject("dev")
        .putArray("servers").add("fixture").add("switchboard"))) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("dev"));
      String tool = "fixture__test_input_required_result_multiple_inputs";
      Rounds r = answerRounds(modern, 61, tool, answering("Bea", "Hello"));
      // keyed as the group asked (its own ids for the member's requests); a shared child's roots/list is answered by
      // the gateway (the server's configured roots), never by one client: the elicitation and the sampling are asked
      assertThat(r.asked().values()).as(r.asked().toString())
          .containsExactlyInAnyOrder("elicitation/create", "sampling/createMessage");
      Reply done = r.done();
      assertThat(done.response().path("result").path("resultType").asString()).as(done.body())
          .isEqualTo("complete");
      assertThat(done.text()).isEqualTo("Name: Bea; Greeting: Hello; Roots: 1");
    }
  }

  /** A request state is bound to the key it was issued to: another key's retry with it delivers nothing. */
  @Test
  void anotherKeysRetryWithAStateIsRefusedAndTheOwnersStillCompletes() throws Exception {
    String alice = "alice-secret-0123456789abcdef";
    String bob = "bob-secret-0123456789abcdefgh";
    try (TestGateway gateway = TestGateway.start(fixtureServer(e -> e.put("sharing", "shared")), gw -> {
      var keys = gw.putObject("auth").putArray("keys");
      keys.addObject().put("name", "alice").put("key", alice);
      keys.addObject().put("name", "bob").put("key", bob);
    })) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("fixture"));
      String tool = "test_input_required_result_elicitation";
      JsonNode round = keyedCall(modern, 1, tool, null, alice).response().path("result");
      assertThat(round.path("resultType").asString()).as(round.toString()).isEqualTo("input_required");
      ObjectNode answers = Json.object();
      round.path("inputRequests").propertyNames().forEach(key -> answers.putObject(key).put("action", "accept")
          .putObject("content").put("username", "alice").put("email", "a@example.com"));
      Reply stolen = keyedCall(modern, 2, tool, retry(answers, round), bob);
      assertThat(stolen.errorCode()).as(stolen.body()).isEqualTo(-32602);
      Reply owner = keyedCall(modern, 3, tool, retry(answers, round), alice);
      assertThat(owner.status()).as(owner.body()).isEqualTo(200);
      assertThat(owner.response().path("result").path("resultType").asString()).as(owner.body())
          .isEqualTo("complete");
    }
  }

  /**
   * In this revision closing a request's response stream is its cancellation: the child is told and stops the work.
   */
  @Test
  void closingAModernCallsStreamCancelsItInTheChild() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture(e -> e.put("sharing", "shared"));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("fixture"));
      ObjectNode params = Json.object().put("name", "slow");
      params.putObject("arguments").put("ms", 60_000).put("steps", 600);
      ObjectNode meta = meta();
      meta.put("progressToken", "p1");
      var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.mcpUrl("fixture")))
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Messages.request(1, "tools/call",
              params(params, meta)))).header("Content-Type", "application/json")
          .header("Accept", StreamableClient.BOTH);
      headers("tools/call", "slow").forEach(request::header);
      var response = http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
      assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
      try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(),
          java.nio.charset.StandardCharsets.UTF_8))) {
        String line = lines.readLine();
        while (line != null && !line.contains("notifications/progress")) {
          line = lines.readLine();
        }
        assertThat(line).as("a progress event on the call's stream").isNotNull();
      } // closed before the answer

      java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger(2);
      Awaitility.await("the child was told").atMost(Duration.ofSeconds(30)).until(() -> Json.parse(call(modern,
          ids.getAndIncrement(), "cancelled_ids", Json.object(), caps()).text()).path("inFlight").size() == 1);
      Awaitility.await("the child stopped the work").atMost(Duration.ofSeconds(30)).until(() -> call(modern,
          ids.getAndIncrement(), "in_flight", Json.object(), caps()).text().equals("0"));
    }
  }

  private static Reply keyedCall(StreamableClient modern, int id, String tool, ObjectNode retry, String key)
      throws Exception {
    ObjectNode params = Json.object().put("name", tool);
    params.putObject("arguments");
    if (retry != null) {
      params.setAll(retry);
    }
    Map<String, String> h = headers("tools/call", tool);
    h.put("Authorization", "Bearer " + key);
    return modern.post(Messages.request(id, "tools/call", params(params, meta())), h);
  }

  @Test
  void aSessionServerGivesEachKeyChildrenOfItsOwnThatLastFromRequestToRequest() throws Exception {
    String alice = "alice-secret-0123456789abcdef";
    String bob = "bob-secret-0123456789abcdefgh";
    try (TestGateway gateway = TestGateway.start(fixtureServer(e -> e.put("sharing", "session")), gw -> {
      var keys = gw.putObject("auth").putArray("keys");
      keys.addObject().put("name", "alice").put("key", alice);
      keys.addObject().put("name", "bob").put("key", bob);
    })) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("fixture"));
      for (int i = 1; i <= 4; i++) {
        Reply reply = modern.post(echo(i, "alice " + i), keyed(alice));
        assertThat(reply.text()).as(reply.body()).isEqualTo("alice " + i);
        Awaitility.await().until(() -> children(gateway) == 2);
      }
      // each request held one child, freed it for the next, and a spare waited: a child per request would be more

      assertThat(modern.post(echo(5, "bob"), keyed(bob)).text()).isEqualTo("bob");
      Awaitility.await().until(() -> children(gateway) == 4);
      assertThat(gateway.daemon().gateway().health().path("activeSessions").asInt()).isZero();
    }
  }

  @Test
  void aGroupReachesASessionMemberThroughThePrincipalsChildren() throws Exception {
    try (TestGateway gateway = TestGateway.start(fixtureServer(e -> e.put("sharing", "session")),
        gw -> gw.putObject("groups").putObject("dev").putArray("servers").add("fixture").add("switchboard"))) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("dev"));
      for (int i = 1; i <= 3; i++) {
        Reply reply = call(modern, 60 + i, "fixture__echo", Json.object().put("text", "grouped " + i), caps());
        assertThat(reply.text()).as(reply.body()).isEqualTo("grouped " + i);
        Awaitility.await().until(() -> children(gateway) == 2);
      }
      // the member's child and its spare served all three: a member session on the session dispatcher would have
      // started a child per request and stopped it after
    }
  }

  private static ObjectNode fixtureServer(Consumer<ObjectNode> entry) {
    ObjectNode servers = Json.object();
    ObjectNode fixture = Fixtures.server(Fixtures.CONFORMANCE);
    entry.accept(fixture);
    servers.set("fixture", fixture);
    return servers;
  }

  private static String echo(int id, String text) {
    ObjectNode params = Json.object().put("name", "echo");
    params.putObject("arguments").put("text", text);
    return Messages.request(id, "tools/call", params(params, meta()));
  }

  private static Map<String, String> keyed(String key) {
    Map<String, String> h = headers("tools/call", "echo");
    h.put("Authorization", "Bearer " + key);
    return h;
  }

  /** Live children, as {@code /health} reports them to an admin. */
  private static int children(TestGateway gateway) {
    return gateway.daemon().gateway().health().path("children").asInt(-1);
  }

  private static int waitingForInput(StreamableClient modern) throws Exception {
    return Json.parse(modern.get("/health").body()).path("waitingForInput").asInt(-1);
  }
}
