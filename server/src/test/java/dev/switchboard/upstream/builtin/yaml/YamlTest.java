package dev.switchboard.upstream.builtin.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class YamlTest {
  @Test
  void readsTypicalFrontmatter() {
    JsonNode node = Yaml.read("""
        title: "Plan: Q3"   # quoted because of the colon
        date: 2024-05-01
        draft: false
        rating: 4.50
        count: 12
        tags: [work, "deep focus", 2024]
        aliases:
          - Q3 plan
          - 'It''s the plan'
        empty:
        author: { name: Ada, id: 7 }
        """);
    assertThat(Json.text(node)).isEqualTo("{\"title\":\"Plan: Q3\",\"date\":\"2024-05-01\",\"draft\":false,"
        + "\"rating\":4.50,\"count\":12,\"tags\":[\"work\",\"deep focus\",2024],\"aliases\":[\"Q3 plan\","
        + "\"It's the plan\"],\"empty\":null,\"author\":{\"name\":\"Ada\",\"id\":7}}");
  }

  @Test
  void readsNestedBlocksAndListsOfMappings() {
    JsonNode node = Yaml.read("""
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
    JsonNode node = Yaml.read("a: |\n  line 1\n    indented\n  line 3\n\nb: |-\n  kept\nc: x # comment\n");
    assertThat(node.path("a").asString()).isEqualTo("line 1\n  indented\nline 3\n");
    assertThat(node.path("b").asString()).isEqualTo("kept");
    assertThat(node.path("c").asString()).isEqualTo("x");
  }

  @Test
  void keepsHashesAndColonsThatAreContent() {
    JsonNode node = Yaml.read("url: http://example.com/#top\nchannel: #general\nissue: \"#12\"\n");
    assertThat(node.path("url").asString()).isEqualTo("http://example.com/#top");
    assertThat(node.path("channel").isNull()).isTrue(); // a comment, as in YAML
    assertThat(node.path("issue").asString()).isEqualTo("#12");
  }

  @Test
  void resolvesPlainScalarsAsJacksonDoes() {
    JsonNode node = Yaml.read("a: null\nb: true\nc: -7\nd: 1.0e3\ne: ~\nf: True\ng: yes\nh: 0x1F\ni: '12'\n");
    assertThat(Json.text(node)).isEqualTo("{\"a\":null,\"b\":true,\"c\":-7,\"d\":1.0E+3,\"e\":\"~\",\"f\":\"True\","
        + "\"g\":\"yes\",\"h\":\"0x1F\",\"i\":\"12\"}");
  }

  @Test
  void unescapesDoubleQuotedStrings() {
    JsonNode node = Yaml.read("s: \"tab\\there \\u00e9 \\\"q\\\"\"\n");
    assertThat(node.path("s").asString()).isEqualTo("tab\there é \"q\"");
  }

  @Test
  void reportsErrorsWithTheirLine() {
    assertThatThrownBy(() -> Yaml.read("a: 1\n  b: 2\n")).isInstanceOf(YamlException.class)
        .hasMessageStartingWith("YAML line 2: ").hasMessageContaining("mapping values are not allowed");
    assertThatThrownBy(() -> Yaml.read("a: [1, 2\n")).isInstanceOf(YamlException.class)
        .hasMessageStartingWith("YAML line 2: ").hasMessageContaining("flow sequence").hasMessageContaining("line 1");
    assertThatThrownBy(() -> Yaml.read("a:\n\tb: 1\n")).hasMessageStartingWith("YAML line 2: ")
        .hasMessageContaining("TAB");
    assertThatThrownBy(() -> Yaml.read("a: 1\n---\nb: 2\n")).isInstanceOf(YamlException.class);
  }

  @Test
  void refusesAliasesRatherThanReadTheAnchorsName() {
    assertThatThrownBy(() -> Yaml.read("a: &x 1\nb: *x\n")).isInstanceOf(YamlException.class)
        .hasMessageStartingWith("YAML line 2: ").hasMessageContaining("aliases (*x)");
    assertThat(Yaml.read("a: &x 1\n").path("a").asInt()).isEqualTo(1); // an anchor alone is harmless
  }

  @Test
  void anEmptyDocumentIsNull() {
    assertThat(Yaml.read("").isNull()).isTrue();
    assertThat(Yaml.read("# only a comment\n").isNull()).isTrue();
  }

  @Test
  void namesTopLevelKeys() {
    assertThat(Yaml.topLevelKey("title: x")).isEqualTo("title");
    assertThat(Yaml.topLevelKey("tags:")).isEqualTo("tags");
    assertThat(Yaml.topLevelKey("\"odd key\": x")).isEqualTo("odd key");
    assertThat(Yaml.topLevelKey("'it''s': x")).isEqualTo("it's");
    assertThat(Yaml.topLevelKey("title: \"closed on a later line")).isEqualTo("title");
    assertThat(Yaml.topLevelKey("list: [1, 2")).isEqualTo("list");
    assertThat(Yaml.topLevelKey("  nested: x")).isNull();
    assertThat(Yaml.topLevelKey("\tnested: x")).isNull();
    assertThat(Yaml.topLevelKey("- item")).isNull();
    assertThat(Yaml.topLevelKey("# comment: x")).isNull();
    assertThat(Yaml.topLevelKey("plain text")).isNull();
    assertThat(Yaml.topLevelKey("a #b: c")).isNull();
    assertThat(Yaml.topLevelKey("")).isNull();
  }

  @Test
  void writesEntriesTheWayEditorsDo() {
    assertThat(Yaml.entry("status", Json.NODES.stringNode("done"))).isEqualTo("status: done");
    assertThat(Yaml.entry("tags", Json.parse("[\"a\",\"b c\"]"))).isEqualTo("tags:\n  - a\n  - b c");
    assertThat(Yaml.entry("meta", Json.parse("{\"x\":1,\"z\":[true]}"))).isEqualTo("meta:\n  x: 1\n  z:\n    - true");
    assertThat(Yaml.entry("people", Json.parse("[{\"name\":\"Ada\",\"r\":1}]")))
        .isEqualTo("people:\n  - name: Ada\n    r: 1");
    assertThat(Yaml.entry("none", Json.parse("[]"))).isEqualTo("none: []");
    assertThat(Yaml.entry("rating", Json.parse("4.50"))).isEqualTo("rating: 4.50");
    assertThat(Yaml.entry("odd: key", Json.NODES.stringNode("v"))).isEqualTo("'odd: key': v");
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "true", "null", "12", "1.5", "", " padded ", "a: b", "x #y", "#tag", "- item",
      "it's", "\"quoted\"", "line\nbreak", "ends with a break\n", "[list]", "{map}", "2024-05-01", "café ☕",
      "back\\slash", "ends:", "~", "Null", "yes", "off", "0x1F", "0o17", "1e3", ".5", "+1", "1_000", ".inf", ".NaN",
      "*star", "&amp", "!bang", "|pipe", ">gt", "%pct", "@at", "a\tb", "bell\u0007"})
  void everyStringReadsBackAsItself(String value) {
    String yaml = Yaml.entry("k", Json.NODES.stringNode(value));
    JsonNode back = Yaml.read(yaml + "\n"); // as in a frontmatter block, where a line break always follows
    assertThat(back.path("k").isString()).as(yaml).isTrue();
    assertThat(back.path("k").asString()).as(yaml).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0x1F", "0o17", "1e3", "1_000", ".inf", ".NaN"})
  void numbersThatOtherYamlReadersSeeAreQuoted(String value) {
    assertThat(Yaml.entry("k", Json.NODES.stringNode(value))).isEqualTo("k: \"" + value + "\"");
  }

  @Test
  void valuesOfEveryShapeRoundTrip() {
    JsonNode value = Json.parse("{\"a\":[1,\"two\",{\"three\":[3]},[4,5]],\"b\":{\"c\":null,\"d\":false},\"e\":{}}");
    JsonNode back = Yaml.read(Yaml.entry("root", value));
    assertThat(Json.text(back.path("root"))).isEqualTo(Json.text(value));
  }
}
