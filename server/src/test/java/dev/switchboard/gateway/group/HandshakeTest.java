package dev.switchboard.gateway.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  @Test
  void capabilitiesAreTheUnionAndInstructionsAreLabelled() {
    var a = Json.parse("""
        {"protocolVersion":"2025-11-25","capabilities":{"tools":{},"logging":{}},"instructions":"Use a."}""");
    var b = Json.parse("""
        {"protocolVersion":"2025-06-18","capabilities":{"resources":{"subscribe":true},"tools":{"listChanged":false}},
         "instructions":"Use b."}""");
    var result = Handshake.merge("dev", "1.0", "2025-11-25", List.of(new Handshake.Answered("a", a),
        new Handshake.Answered("b", b)));
    assertThat(result.path("protocolVersion").asString()).isEqualTo("2025-06-18");
    assertThat(result.at("/capabilities/tools/listChanged").asBoolean()).isTrue();
    assertThat(result.at("/capabilities/resources/subscribe").asBoolean()).isTrue();
    assertThat(result.at("/capabilities/resources/listChanged").asBoolean()).isTrue();
    assertThat(result.at("/capabilities/logging").isObject()).isTrue();
    assertThat(result.has("prompts") || result.at("/capabilities/prompts").isObject()).isFalse();
    assertThat(result.path("instructions").asString()).contains("## a").contains("Use a.").contains("## b")
        .contains("Use b.");
    assertThat(result.at("/serverInfo/name").asString()).isEqualTo("switchboard-group-dev");
  }

  @Test
  void withNoMemberTheClientsRevisionIsNegotiated() {
    var result = Handshake.merge("dev", "1.0", "2025-06-18", List.of());
    assertThat(result.path("protocolVersion").asString()).isEqualTo("2025-06-18");
    assertThat(result.at("/capabilities/tools/listChanged").asBoolean()).isTrue();
    assertThat(result.has("instructions")).isFalse();
  }
}
