package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestMetaTest {
  private static Message.Request request(String json) {
    return (Message.Request) ((MessageCodec.Body.Single) MessageCodec.parseBody(json.getBytes(
        java.nio.charset.StandardCharsets.UTF_8))).message();
  }

  @Test
  void readsWhatAModernRequestSaysAboutItsSender() {
    Message.Request r = request("""
        {"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{
          "io.modelcontextprotocol/protocolVersion":"2026-07-28",
          "io.modelcontextprotocol/clientCapabilities":{"sampling":{}},
          "io.modelcontextprotocol/clientInfo":{"name":"c","version":"1"},
          "io.modelcontextprotocol/logLevel":"info"}}}""");
    RequestMeta meta = RequestMeta.of(r);
    assertThat(RequestMeta.claimsRevision(r)).isTrue();
    assertThat(meta.protocolVersion()).isEqualTo("2026-07-28");
    assertThat(meta.declares("sampling")).isTrue();
    assertThat(meta.declares("elicitation")).isFalse();
    assertThat(meta.logLevel()).isEqualTo("info");
    assertThat(meta.clientInfo()).isNotNull();
  }

  @Test
  void clientInfoAndLogLevelAreOptional() {
    RequestMeta meta = RequestMeta.of(request("""
        {"jsonrpc":"2.0","id":1,"method":"server/discover","params":{"_meta":{
          "io.modelcontextprotocol/protocolVersion":"2026-07-28",
          "io.modelcontextprotocol/clientCapabilities":{}}}}"""));
    assertThat(meta.clientInfo()).isNull();
    assertThat(meta.logLevel()).isNull();
  }

  @Test
  void namesWhatIsMissing() {
    assertThatThrownBy(() -> RequestMeta.of(request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")))
        .hasMessageContaining("params._meta");
    assertThatThrownBy(() -> RequestMeta.of(request("""
        {"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{
          "io.modelcontextprotocol/clientCapabilities":{}}}}""")))
        .hasMessageContaining("io.modelcontextprotocol/protocolVersion");
    assertThatThrownBy(() -> RequestMeta.of(request("""
        {"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{
          "io.modelcontextprotocol/protocolVersion":"2026-07-28",
          "io.modelcontextprotocol/clientCapabilities":["sampling"]}}}""")))
        .hasMessageContaining("clientCapabilities");
  }

  @Test
  void aLegacyRequestDoesNotClaimARevision() {
    assertThat(RequestMeta.claimsRevision(request("""
        {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","_meta":{"progressToken":3}}}""")))
        .isFalse();
  }
}
