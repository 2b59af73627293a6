package dev.switchboard.upstream.builtin.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class YamlWriterTest {
  @Test
  void writesEntriesTheWayEditorsDo() {
    assertThat(YamlWriter.entry("status", Json.NODES.stringNode("done"))).isEqualTo("status: done");
    assertThat(YamlWriter.entry("tags", Json.parse("[\"a\",\"b c\"]"))).isEqualTo("tags:\n  - a\n  - b c");
    assertThat(YamlWriter.entry("meta", Json.parse("{\"x\":1,\"y\":[true]}")))
        .isEqualTo("meta:\n  x: 1\n  y:\n    - true");
    assertThat(YamlWriter.entry("people", Json.parse("[{\"n\":\"Ada\",\"r\":1}]")))
        .isEqualTo("people:\n  - n: Ada\n    r: 1");
    assertThat(YamlWriter.entry("none", Json.parse("[]"))).isEqualTo("none: []");
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "true", "null", "12", "1.5", "", " padded ", "a: b", "x #y", "#tag", "- item",
      "it's", "\"quoted\"", "line\nbreak", "[list]", "{map}", "2024-05-01", "café ☕", "back\\slash", "ends:"})
  void everyStringReadsBackAsItself(String value) {
    String yaml = YamlWriter.entry("k", Json.NODES.stringNode(value));
    JsonNode back = YamlReader.read(yaml);
    assertThat(back.path("k").isString()).as(yaml).isTrue();
    assertThat(back.path("k").asString()).as(yaml).isEqualTo(value);
  }

  @Test
  void valuesOfEveryShapeRoundTrip() {
    JsonNode value = Json.parse("{\"a\":[1,\"two\",{\"three\":[3]},[4,5]],\"b\":{\"c\":null,\"d\":false},\"e\":{}}");
    JsonNode back = YamlReader.read(YamlWriter.entry("root", value));
    assertThat(Json.text(back.path("root"))).isEqualTo(Json.text(value));
  }
}
