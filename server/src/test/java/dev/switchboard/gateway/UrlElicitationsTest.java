package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.protocol.RequestMeta;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class UrlElicitationsTest {
  private static final String AUTH = "{\"mode\":\"url\",\"elicitationId\":\"auth-1\",\"url\":\"https://a.example/x\","
      + "\"message\":\"Sign in\"}";

  @Test
  void eachListedElicitationBecomesAUrlModeInputRequestKeyedByItsId() {
    ObjectNode asked = UrlElicitations.inputRequests(required("[" + AUTH + "]"));
    assertThat(Json.text(asked)).isEqualTo("{\"auth-1\":{\"method\":\"elicitation/create\",\"params\":{\"mode\":"
        + "\"url\",\"elicitationId\":\"auth-1\",\"url\":\"https://a.example/x\",\"message\":\"Sign in\"}}}");
  }

  @Test
  void anIdThatIsNoPlainKeyOrIsTakenGetsOneByPosition() {
    String odd = AUTH.replace("auth-1", "a b/c");
    ObjectNode asked = UrlElicitations.inputRequests(required("[" + odd + "," + AUTH + "," + AUTH + "]"));
    assertThat(asked.propertyNames()).containsExactly("url_elicitation_0", "auth-1", "url_elicitation_2");
    assertThat(asked.path("url_elicitation_0").path("params").path("elicitationId").asString()).isEqualTo("a b/c");
  }

  @Test
  void aMalformedListIsNoRoundOfInputs() {
    assertThat(UrlElicitations.inputRequests(new JsonRpcError(-32042, "no data"))).isNull();
    assertThat(UrlElicitations.inputRequests(required("[]"))).isNull();
    assertThat(UrlElicitations.inputRequests(required("[" + AUTH.replace("\"url\",", "\"form\",") + "]")))
        .as("a form elicitation").isNull();
    assertThat(UrlElicitations.inputRequests(required("[" + AUTH + "," + AUTH.replace(",\"url\":\"https://a"
        + ".example/x\"", "") + "]"))).as("one without its url").isNull();
    JsonRpcError malformed = UrlElicitations.malformed(required("[]"));
    assertThat(malformed.code()).as("never the removed -32042").isEqualTo(-32603);
  }

  @Test
  void withoutUrlModeTheRequestLacksACapability() {
    JsonRpcError missing = UrlElicitations.missingCapability(required("[" + AUTH + "]"));
    assertThat(missing.code()).isEqualTo(-32021);
    assertThat(Json.text(missing.data())).isEqualTo("{\"requiredCapabilities\":{\"elicitation\":{\"url\":{}}}}");
    assertThat(missing.message()).contains("needs authorization");
  }

  @Test
  void onlyAnElicitationUrlObjectDeclaresUrlMode() {
    assertThat(meta("{\"elicitation\":{\"url\":{}}}").declaresUrlElicitation()).isTrue();
    assertThat(meta("{\"elicitation\":{\"form\":{},\"url\":{}}}").declaresUrlElicitation()).isTrue();
    assertThat(meta("{\"elicitation\":{}}").declaresUrlElicitation()).as("form only, implicitly").isFalse();
    assertThat(meta("{\"elicitation\":{\"form\":{}}}").declaresUrlElicitation()).isFalse();
    assertThat(meta("{}").declaresUrlElicitation()).isFalse();
  }

  @Test
  void acceptedOrUnansweredElicitationsRefuseNothingAndTheUnansweredAreAskedAgain() {
    ObjectNode asked = twoAsked();
    ObjectNode responses = (ObjectNode) Json.parse("{\"auth-1\":{\"action\":\"accept\"}}");
    assertThat(UrlElicitations.refusal(call("tools/call"), asked, responses, null)).isNull();
    assertThat(UrlElicitations.unanswered(asked, responses).propertyNames()).containsExactly("auth-2");
    assertThat(UrlElicitations.unanswered(asked, null).propertyNames()).containsExactly("auth-1", "auth-2");
  }

  @Test
  void aDeclinedElicitationEndsAToolCallWithAToolErrorNamingIt() {
    Message ended = UrlElicitations.refusal(call("tools/call"), twoAsked(), (ObjectNode) Json.parse(
        "{\"auth-1\":{\"action\":\"accept\"},\"auth-2\":{\"action\":\"decline\"}}"), Json.parse("{\"name\":\"c\"}"));
    assertThat(ended).isInstanceOf(Message.Response.class);
    var result = ended.node().path("result");
    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.path("resultType").asString()).isEqualTo("complete");
    assertThat(result.path("content").path(0).path("text").asString()).contains("declined", "'auth-2'",
        "https://a.example/y");
    assertThat(result.path("_meta").path(RequestMeta.SERVER_INFO).path("name").asString()).isEqualTo("c");
    assertThat(ended.node().path("id").asInt()).isEqualTo(9);
  }

  @Test
  void aCancelledOneEndsAnyOtherRequestWithInvalidParamsAndAnUnknownActionIsInvalid() {
    Message cancelled = UrlElicitations.refusal(call("prompts/get"), twoAsked(), (ObjectNode) Json.parse(
        "{\"auth-1\":{\"action\":\"cancel\"}}"), null);
    assertThat(((Message.ErrorResponse) cancelled).error().code()).isEqualTo(-32602);
    assertThat(((Message.ErrorResponse) cancelled).error().message()).contains("cancelled", "'auth-1'");
    Message odd = UrlElicitations.refusal(call("tools/call"), twoAsked(), (ObjectNode) Json.parse(
        "{\"auth-1\":{\"content\":{}}}"), null);
    assertThat(((Message.ErrorResponse) odd).error().code()).isEqualTo(-32602);
  }

  private static ObjectNode twoAsked() {
    return UrlElicitations.inputRequests(required("[" + AUTH + "," + AUTH.replace("auth-1", "auth-2")
        .replace("/x", "/y") + "]"));
  }

  private static JsonRpcError required(String elicitations) {
    return new JsonRpcError(-32042, "This request needs authorization", Json.parse("{\"elicitations\":"
        + elicitations + "}"));
  }

  private static RequestMeta meta(String capabilities) {
    return new RequestMeta("2026-07-28", (ObjectNode) Json.parse(capabilities), null, null);
  }

  private static Message.Request call(String method) {
    return Message.request(RequestId.of(9), method, Json.object().put("name", "t"));
  }
}
