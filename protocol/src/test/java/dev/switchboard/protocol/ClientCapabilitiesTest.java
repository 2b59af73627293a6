package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** What a server's request to its client needs, read from literal requests and capability objects. */
class ClientCapabilitiesTest {
  private static Message.Request request(String json) {
    return (Message.Request) MessageCodec.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static final Message.Request FORM = request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"elicitation/create\","
      + "\"params\":{\"message\":\"m\",\"requestedSchema\":{}}}");
  private static final Message.Request URL = request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"elicitation/create\","
      + "\"params\":{\"mode\":\"url\",\"url\":\"https://example.com/\",\"message\":\"m\",\"elicitationId\":\"e\"}}");
  private static final Message.Request SAMPLING = request("{\"jsonrpc\":\"2.0\",\"id\":1,"
      + "\"method\":\"sampling/createMessage\",\"params\":{}}");

  @Test
  void anElicitationNeedsItsModeAndAnEmptyElicitationObjectIsFormOnly() {
    assertThat(ClientCapabilities.missing(Json.parse("{\"elicitation\":{}}"), FORM)).isNull();
    assertThat(ClientCapabilities.missing(Json.parse("{\"elicitation\":{}}"), URL)).isEqualTo("elicitation.url");
    assertThat(ClientCapabilities.missing(Json.parse("{\"elicitation\":{\"url\":{}}}"), URL)).isNull();
    assertThat(ClientCapabilities.missing(Json.parse("{\"elicitation\":{\"url\":{}}}"), FORM))
        .isEqualTo("elicitation.form");
    assertThat(ClientCapabilities.missing(Json.parse("{\"elicitation\":{\"form\":{},\"url\":{}}}"), FORM)).isNull();
    assertThat(ClientCapabilities.missing(Json.parse("{\"sampling\":{}}"), FORM)).isEqualTo("elicitation.form");
  }

  @Test
  void otherRequestsNeedTheirNamedCapabilityAndNoneIsDeclaredBeforeTheHandshake() {
    assertThat(ClientCapabilities.missing(Json.parse("{\"sampling\":{}}"), SAMPLING)).isNull();
    assertThat(ClientCapabilities.missing(null, SAMPLING)).isEqualTo("sampling");
    assertThat(ClientCapabilities.missing(null, request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")))
        .isNull();
  }

  @Test
  void aRequiredPathBecomesNestedCapabilityObjects() {
    ObjectNode required = Json.object();
    ClientCapabilities.require(required, "elicitation.url");
    ClientCapabilities.require(required, "elicitation.form");
    ClientCapabilities.require(required, "sampling");
    assertThat(Json.text(required)).isEqualTo("{\"elicitation\":{\"url\":{},\"form\":{}},\"sampling\":{}}");
  }
}
