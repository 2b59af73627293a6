package dev.switchboard.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** SEP-1034: defaults from a form's schema fill the fields an accepted answer leaves out. */
class SchemaDefaultsTest {
  private static final ObjectNode SCHEMA = (ObjectNode) Json.parse("""
      {"type":"object","properties":{
        "name":{"type":"string","default":"John Doe"},
        "age":{"type":"integer","default":30},
        "score":{"type":"number","default":95.5},
        "status":{"type":"string","enum":["active","inactive"],"default":"active"},
        "verified":{"type":"boolean","default":true},
        "note":{"type":"string"}}}""");

  @Test
  void fillsEveryMissingFieldThatHasADefault() {
    ObjectNode filled = SchemaDefaults.apply(SCHEMA, Json.object());
    assertThat(Json.text(filled)).isEqualTo(
        "{\"name\":\"John Doe\",\"age\":30,\"score\":95.5,\"status\":\"active\",\"verified\":true}");
  }

  @Test
  void keepsWhatTheUserAnsweredAndDoesNotTouchTheInput() {
    ObjectNode answer = Json.object().put("name", "Ada").put("verified", false);
    ObjectNode filled = SchemaDefaults.apply(SCHEMA, answer);
    assertThat(filled.path("name").asString()).isEqualTo("Ada");
    assertThat(filled.path("verified").asBoolean()).isFalse();
    assertThat(filled.path("age").asInt()).isEqualTo(30);
    assertThat(answer.size()).isEqualTo(2);
  }
}
