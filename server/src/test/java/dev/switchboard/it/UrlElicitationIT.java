package dev.switchboard.it;

import static dev.switchboard.testing.ModernRequests.call;
import static dev.switchboard.testing.ModernRequests.caps;
import static dev.switchboard.testing.ModernRequests.retry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A legacy child that ends a call with -32042 (URL elicitation required, which 2026-07-28 removed), before a modern
 * client over real HTTP: the gateway asks for the URL elicitations as input requests, and the retry that accepts them
 * sends the call to the child anew; a legacy session on the same server still gets -32042. The fixture's tool answers
 * its calls in a cycle of three per process (two -32042s listing {@code authorize-N}, then {@code url-elicitation-ok:
 * call N}), and each test has one shared child, so the numbers show which calls reached it.
 */
@Timeout(120)
class UrlElicitationIT {
  private static final String TOOL = "test_url_elicitation_required";

  @Test
  void acceptedElicitationsSendTheCallAgainAndASecondDemandIsAnotherRound() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture(e -> e.put("sharing", "shared"))) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("fixture"));
      JsonNode first = inputRequired(call(modern, 1, TOOL, Json.object(), urlCaps()));
      JsonNode asked = first.path("inputRequests").path("authorize-1");
      assertThat(asked.path("method").asString()).as(first.toString()).isEqualTo("elicitation/create");
      assertThat(Json.text(asked.path("params"))).isEqualTo("{\"mode\":\"url\",\"elicitationId\":\"authorize-1\","
          + "\"url\":\"https://auth.example.com/authorize?attempt=1\",\"message\":\"Authorize access to the example "
          + "service\"}");
      ObjectNode forged = retry(accepted("authorize-1"), first).put("requestState",
          first.path("requestState").asString() + "x");
      assertThat(call(modern, 2, TOOL, forged, urlCaps()).errorCode()).as("an altered state").isEqualTo(-32602);
      // the child's second call (so the forged retry sent none) demands again: another round
      JsonNode second = inputRequired(call(modern, 3, TOOL, retry(accepted("authorize-1"), first), urlCaps()));
      assertThat(second.path("inputRequests").propertyNames()).as(second.toString()).containsExactly("authorize-2");
      Reply done = call(modern, 4, TOOL, retry(accepted("authorize-2"), second), urlCaps());
      assertThat(done.response().path("result").path("resultType").asString()).as(done.body())
          .isEqualTo("complete");
      assertThat(done.text()).isEqualTo("url-elicitation-ok: call 3");
      assertThat(done.response().path("id").asInt()).as("the retry's own id").isEqualTo(4);
      assertThat(call(modern, 5, TOOL, retry(accepted("authorize-2"), second), urlCaps()).errorCode())
          .as("a spent state").isEqualTo(-32602);
    }
  }

  @Test
  void aDeclineEndsTheCallAClientWithoutUrlModeLacksACapabilityAndASessionGetsTheOldError() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture(e -> e.put("sharing", "shared"))) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("fixture"));
      JsonNode first = inputRequired(call(modern, 1, TOOL, Json.object(), urlCaps()));
      ObjectNode declined = Json.object();
      declined.putObject("authorize-1").put("action", "decline");
      Reply refused = call(modern, 2, TOOL, retry(declined, first), urlCaps());
      assertThat(refused.status()).isEqualTo(200);
      assertThat(refused.response().path("result").path("isError").asBoolean()).as(refused.body()).isTrue();
      assertThat(refused.text()).contains("declined", "authorize-1", "https://auth.example.com/authorize?attempt=1");
      StreamableSession legacy = modern.open("2025-11-25", "legacy-it", urlCaps());
      Reply old = legacy.call(3, TOOL, Json.object());
      assertThat(old.errorCode()).as(old.body()).isEqualTo(-32042);
      assertThat(old.response().path("error").path("data").path("elicitations").path(0).path("elicitationId")
          .asString()).as("the child's second call: the decline sent none").isEqualTo("authorize-2");
      assertThat(legacy.call(4, TOOL, Json.object()).text()).isEqualTo("url-elicitation-ok: call 3");
      Reply formOnly = call(modern, 5, TOOL, Json.object(), caps());
      assertThat(formOnly.status()).as(formOnly.body()).isEqualTo(400);
      assertThat(formOnly.errorCode()).isEqualTo(-32021);
      assertThat(Json.text(formOnly.response().path("error").path("data"))).isEqualTo(
          "{\"requiredCapabilities\":{\"elicitation\":{\"url\":{}}}}");
    }
  }

  @Test
  void aGroupMembersDemandBecomesTheSameRounds() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "shared"));
    try (TestGateway gateway = TestGateway.start(servers, gw -> gw.putObject("groups").putObject("dev")
        .putArray("servers").add("fixture").add("switchboard"))) {
      StreamableClient modern = new StreamableClient(gateway.mcpUrl("dev"));
      String tool = "fixture__" + TOOL;
      JsonNode first = inputRequired(call(modern, 1, tool, Json.object(), urlCaps()));
      JsonNode second = inputRequired(call(modern, 2, tool, retry(accepted("authorize-1"), first), urlCaps()));
      assertThat(call(modern, 3, tool, retry(accepted("authorize-2"), second), urlCaps()).text())
          .isEqualTo("url-elicitation-ok: call 3");
    }
  }

  private static JsonNode inputRequired(Reply reply) {
    JsonNode result = reply.response().path("result");
    assertThat(result.path("resultType").asString()).as(reply.body()).isEqualTo("input_required");
    assertThat(result.path("requestState").isString()).isTrue();
    return result;
  }

  private static ObjectNode accepted(String key) {
    ObjectNode answers = Json.object();
    answers.putObject(key).put("action", "accept");
    return answers;
  }

  /** Form and URL-mode elicitation. */
  private static ObjectNode urlCaps() {
    ObjectNode caps = caps();
    caps.putObject("elicitation").putObject("url");
    return caps;
  }
}
