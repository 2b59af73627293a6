package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModernResultsTest {
  private static final String INFO = "{\"name\":\"child\",\"version\":\"1\"}";

  @Test
  void aListGetsItsResultTypeCacheHintsAndTheServersName() {
    Message answer = Message.response(RequestId.of(1), Json.parse("{\"tools\":[{\"name\":\"a\"}]}"));
    Message shaped = ModernResults.complete("tools/list", answer, Set.of(), Json.parse(INFO));
    assertThat(Json.text(shaped.node())).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[{\"name\":"
        + "\"a\"}],\"resultType\":\"complete\",\"ttlMs\":0,\"cacheScope\":\"private\",\"_meta\":{"
        + "\"io.modelcontextprotocol/serverInfo\":{\"name\":\"child\",\"version\":\"1\"}}}}");
  }

  @Test
  void whatTheChildSaidItselfWins() {
    Message answer = Message.response(RequestId.of(1), Json.parse(
        "{\"resultType\":\"complete\",\"ttlMs\":5000,\"cacheScope\":\"public\",\"contents\":[]}"));
    Message shaped = ModernResults.complete("resources/read", answer, Set.of(), null);
    assertThat(Json.text(shaped.node())).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"resultType\":"
        + "\"complete\",\"ttlMs\":5000,\"cacheScope\":\"public\",\"contents\":[]}}");
  }

  @Test
  void aCallIsNotCacheable() {
    Message shaped = ModernResults.complete("tools/call", Message.response(RequestId.of(1), Json.parse(
        "{\"content\":[]}")), Set.of(), null);
    assertThat(shaped.node().path("result").has("ttlMs")).isFalse();
  }

  @Test
  void resourceNotFoundIsRecodedForTheNewRevision() {
    Message shaped = ModernResults.complete("resources/read", Message.error(RequestId.of(1), new JsonRpcError(
        JsonRpcError.RESOURCE_NOT_FOUND, "Resource not found: x")), Set.of(), null);
    assertThat(Json.text(shaped.node())).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,"
        + "\"message\":\"Resource not found: x\"}}");
  }

  @Test
  void aCallThatFailedAfterARefusedQuestionNamesTheMissingCapability() {
    Message shaped = ModernResults.complete("tools/call", Message.error(RequestId.of(1), new JsonRpcError(
        JsonRpcError.INTERNAL_ERROR, "sampling failed")), Set.of("sampling"), null);
    assertThat(shaped.node().path("error").path("code").asInt()).isEqualTo(-32021);
    assertThat(Json.text(shaped.node().path("error").path("data"))).isEqualTo(
        "{\"requiredCapabilities\":{\"sampling\":{}}}");
  }
}
