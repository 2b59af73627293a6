package dev.switchboard.upstream.builtin.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class YamlReaderTest {
  @Test
  void readsTypicalFrontmatter() {
    JsonNode node = YamlReader.read("""
        title: "Plan: Q3"   # quoted because of the colon
        date: 2024-05-01
        draft: false
        rating: 4.5
        count: 12
        tags: [work, "deep focus", 2024]
        aliases:
          - Q3 plan
          - 'It''s the plan'
        empty:
        author: { name: Ada, id: 7 }
        """);
    assertThat(Json.text(node)).isEqualTo("{\"title\":\"Plan: Q3\",\"date\":\"2024-05-01\",\"draft\":false,"
        + "\"rating\":4.5,\"count\":12,\"tags\":[\"work\",\"deep focus\",2024],\"aliases\":[\"Q3 plan\","
        + "\"It's the plan\"],\"empty\":null,\"author\":{\"name\":\"Ada\",\"id\":7}}");
  }

  @Test
  void readsNestedBlocksAndListsOfMappings() {
    JsonNode node = YamlReader.read("""
        rules:
          - id: no-console
            severity: low
            languages:
            - javascript
            - typescript
            regex: 'console\\.log\\('
          - id: two
            message: >
              folded
              text
        top: 1
        """);
    assertThat(node.path("rules").size()).isEqualTo(2);
    assertThat(node.path("rules").path(0).path("languages").toString()).isEqualTo("[\"javascript\",\"typescript\"]");
    assertThat(node.path("rules").path(0).path("regex").asString()).isEqualTo("console\\.log\\(");
    assertThat(node.path("rules").path(1).path("message").asString()).isEqualTo("folded text\n");
    assertThat(node.path("top").asInt()).isEqualTo(1);
  }

  @Test
  void readsBlockScalarsWithChomping() {
    JsonNode node = YamlReader.read("a: |\n  line 1\n    indented\n  line 3\n\nb: |-\n  kept\nc: x # comment\n");
    assertThat(node.path("a").asString()).isEqualTo("line 1\n  indented\nline 3\n");
    assertThat(node.path("b").asString()).isEqualTo("kept");
    assertThat(node.path("c").asString()).isEqualTo("x");
  }

  @Test
  void keepsHashesAndColonsThatAreContent() {
    JsonNode node = YamlReader.read("url: http://example.com/#top\nchannel: #general\nissue: \"#12\"\n");
    assertThat(node.path("url").asString()).isEqualTo("http://example.com/#top");
    assertThat(node.path("channel").isNull()).isTrue(); // a comment, as in YAML
    assertThat(node.path("issue").asString()).isEqualTo("#12");
  }

  @Test
  void unescapesDoubleQuotedStrings() {
    JsonNode node = YamlReader.read("s: \"tab\\there \\u00e9 \\\"q\\\"\"\n");
    assertThat(node.path("s").asString()).isEqualTo("tab\there é \"q\"");
  }

  @Test
  void reportsErrorsWithTheirLine() {
    assertThatThrownBy(() -> YamlReader.read("a: 1\n  b: 2\n")).isInstanceOf(YamlException.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> YamlReader.read("a: [1, 2\n")).hasMessageContaining("not closed");
    assertThatThrownBy(() -> YamlReader.read("a: *ref\n")).hasMessageContaining("aliases");
    assertThatThrownBy(() -> YamlReader.read("a:\n\tb: 1\n")).hasMessageContaining("tabs");
  }

  @Test
  void anEmptyDocumentIsNull() {
    assertThat(YamlReader.read("").isNull()).isTrue();
    assertThat(YamlReader.read("# only a comment\n").isNull()).isTrue();
  }

  @Test
  void namesTopLevelKeys() {
    assertThat(YamlReader.topLevelKey("title: x")).isEqualTo("title");
    assertThat(YamlReader.topLevelKey("\"odd key\": x")).isEqualTo("odd key");
    assertThat(YamlReader.topLevelKey("  nested: x")).isNull();
    assertThat(YamlReader.topLevelKey("- item")).isNull();
    assertThat(YamlReader.topLevelKey("# comment: x")).isNull();
  }
}
