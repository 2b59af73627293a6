package dev.switchboard.upstream.builtin.notes;

import static dev.switchboard.upstream.builtin.notes.SectionsTest.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class FrontmatterTest {
  static final String NOTE = """
      ---
      # kept comment
      title: Plan
      tags:
        - work
        - q3
      status: draft   # will change
      ---
      Body stays.
      """;

  @Test
  void updatingAKeyKeepsEveryOtherLineAsWritten() {
    String updated = Frontmatter.update(file(NOTE), set("status", "\"done\""), List.of());
    assertThat(updated).isEqualTo(NOTE.replace("status: draft   # will change", "status: done"));
  }

  @Test
  void listsAreReplacedWholeAndNewKeysGoAtTheEnd() {
    String updated = Frontmatter.update(file(NOTE), set("tags", "[\"home\"]").put("priority", 2), List.of());
    assertThat(updated).isEqualTo("""
        ---
        # kept comment
        title: Plan
        tags:
          - home
        status: draft   # will change
        priority: 2
        ---
        Body stays.
        """);
    assertThat(Frontmatter.read(updated).path("tags").toString()).isEqualTo("[\"home\"]");
  }

  @Test
  void removingKeysTakesTheirValueLinesToo() {
    String updated = Frontmatter.update(file(NOTE), Json.object(), List.of("tags", "missing"));
    assertThat(updated).doesNotContain("tags:").doesNotContain("- work").contains("title: Plan\nstatus: draft");
    String emptied = Frontmatter.update(file("---\na: 1\n---\nbody\n"), Json.object(), List.of("a"));
    assertThat(emptied).isEqualTo("body\n");
  }

  @Test
  void aNoteWithoutFrontmatterGetsOne() {
    assertThat(Frontmatter.update(file("# Title\n"), set("tags", "[\"a\"]"), List.of()))
        .isEqualTo("---\ntags:\n  - a\n---\n# Title\n");
  }

  @Test
  void crlfAndTrickyValuesRoundTrip() {
    String crlf = "---\r\ntitle: x\r\n---\r\nbody\r\n";
    String updated = Frontmatter.update(file(crlf), set("title", "\"a: b #c\""), List.of());
    assertThat(updated).isEqualTo("---\r\ntitle: \"a: b #c\"\r\n---\r\nbody\r\n");
    assertThat(Frontmatter.read(updated).path("title").asString()).isEqualTo("a: b #c");
  }

  @Test
  void multiLineValuesAndQuotedKeysAreReplacedWhole() {
    String note = "---\ntitle: Plan\n'odd: key': 1\nstatus: draft\n---\nBody\n";
    String multi = Frontmatter.update(file(note), set("summary", "\"line one\\nline two\""), List.of());
    assertThat(multi).isEqualTo("---\ntitle: Plan\n'odd: key': 1\nstatus: draft\nsummary: |-\n  line one\n  line two\n"
        + "---\nBody\n");
    assertThat(Frontmatter.read(multi).path("summary").asString()).isEqualTo("line one\nline two");
    String again = Frontmatter.update(file(multi), set("summary", "\"short\"").put("odd: key", 2), List.of());
    assertThat(again).isEqualTo("---\ntitle: Plan\n'odd: key': 2\nstatus: draft\nsummary: short\n---\nBody\n");
  }

  @Test
  void brokenFrontmatterIsNotMadeWorse() {
    assertThatThrownBy(() -> Frontmatter.update(file("---\na: [1, 2\n---\n"), set("b", "1"), List.of()))
        .hasMessageContaining("would not be valid YAML");
  }

  private static ObjectNode set(String key, String json) {
    ObjectNode set = Json.object();
    set.set(key, Json.parse(json));
    return set;
  }
}
