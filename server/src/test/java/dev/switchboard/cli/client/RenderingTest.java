package dev.switchboard.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.schema.Progress;
import dev.switchboard.client.schema.Tool;
import dev.switchboard.client.schema.ToolResult;
import dev.switchboard.protocol.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What the client commands print and how they read their arguments, on literal server JSON. */
class RenderingTest {
  private static final JsonNode SCHEMA = Json.parse("""
      {"type":"object","properties":{"text":{"type":"string"},"n":{"type":"integer"},"on":{"type":"boolean"},
       "mode":{"enum":["a","b"]},"tags":{"type":"array","items":{"type":"string"}},"any":{}},
       "required":["text"]}""");

  @Test
  void listsToolsAsATable() {
    List<Tool> tools = List.of(Tool.from(Json.parse("{\"name\":\"echo\",\"description\":\"Echoes back\\nmore\","
        + "\"inputSchema\":" + Json.text(SCHEMA) + "}")), Tool.from(Json.parse("{\"name\":\"ping_me\"}")));
    assertThat(ToolTable.render(tools)).isEqualTo("""
        NAME     DESCRIPTION  ARGUMENTS
        echo     Echoes back  text*: string, n: integer, on: boolean, mode: a|b, tags: string[], any: any
        ping_me               -
        """);
    assertThat(ToolTable.render(List.of())).isEqualTo("(no tools)\n");
  }

  @Test
  void typesArgumentsByTheToolSchema() {
    var args = Arguments.build("{\"text\":\"base\",\"extra\":1}", List.of("text=42", "n=7", "on=true",
        "tags=[\"x\"]", "any=3", "unknown=hello world"), SCHEMA);
    assertThat(Json.text(args)).isEqualTo(
        "{\"text\":\"42\",\"extra\":1,\"n\":7,\"on\":true,\"tags\":[\"x\"],\"any\":3,\"unknown\":\"hello world\"}");
    assertThatThrownBy(() -> Arguments.build(null, List.of("n=seven"), SCHEMA))
        .hasMessage("argument 'n' must be integer, got 'seven'");
    assertThatThrownBy(() -> Arguments.build(null, List.of("novalue"), SCHEMA))
        .hasMessageContaining("KEY=VALUE");
    assertThatThrownBy(() -> Arguments.build("[1]", List.of(), SCHEMA)).hasMessageContaining("JSON object");
  }

  @Test
  void summarizesBinaryContentAndResources() {
    ToolResult result = ToolResult.from(Json.parse("""
        {"content":[{"type":"text","text":"Here:"},
          {"type":"image","data":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
           "mimeType":"image/png"},
          {"type":"resource_link","uri":"file:///a.txt","name":"a.txt","mimeType":"text/plain"},
          {"type":"resource","resource":{"uri":"mem://x","mimeType":"text/plain","text":"hello"}}]}"""));
    assertThat(ResultText.render(result)).isEqualTo("""
        Here:
        [image: image/png, 68 bytes]
        [resource link: a.txt <file:///a.txt> (text/plain)]
        [resource: mem://x (text/plain, 5 characters)]
        """);
    assertThat(ResultText.render(ToolResult.from(Json.parse("{\"content\":[],\"structuredContent\":{\"a\":1}}"))))
        .isEqualTo("{\n  \"a\" : 1\n}\n");
    assertThat(ResultText.size(3 * 1024 * 1024 / 2)).isEqualTo("1.5 MiB");
  }

  @Test
  void progressReadsLikeAProgressBarLabel() {
    assertThat(ProgressText.of(new Progress(3, 10.0, "indexing"))).isEqualTo("progress 3/10 (30%) indexing");
    assertThat(ProgressText.of(new Progress(0.5, null, null))).isEqualTo("progress 0.5");
  }

  private static final ToolResult REVIEW = ToolResult.from(Json.parse("""
      {"content":[{"type":"text","text":"3 findings"}],"structuredContent":{"findings":[
        {"file":"src/B.java","line":4,"severity":"warning","rule":"todo","message":"TODO left"},
        {"path":"src/A.java","startLine":9,"column":2,"level":"error","ruleId":"fixme","message":"FIXME left"},
        {"file":"src/A.java","line":1,"severity":"note","rule":"style","message":"Nit"}]}}"""));

  @Test
  void printsFindingsGroupedByFile() {
    assertThat(FindingsFormat.TEXT.render(Finding.from(REVIEW))).isEqualTo("""
        src/A.java
          1        low      style                Nit
          9:2      high     fixme                FIXME left
        src/B.java
          4        medium   todo                 TODO left

        3 findings in 2 files: 1 high, 1 medium, 1 low
        """);
    assertThat(FindingsFormat.TEXT.render(List.of())).isEqualTo("No findings.\n");
  }

  @Test
  void printsFindingsAsJsonAndSarif() {
    List<Finding> findings = Finding.from(REVIEW);
    JsonNode json = Json.parse(FindingsFormat.JSON.render(findings));
    assertThat(json.path("findings").path(1).path("severity").asString()).isEqualTo("high");
    assertThat(Json.text(json.path("summary"))).isEqualTo(
        "{\"files\":2,\"critical\":0,\"high\":1,\"medium\":1,\"low\":1,\"info\":0}");
    JsonNode sarif = Json.parse(FindingsFormat.SARIF.render(findings));
    assertThat(sarif.path("version").asString()).isEqualTo("2.1.0");
    JsonNode result = sarif.path("runs").path(0).path("results").path(1);
    assertThat(Json.text(result)).isEqualTo("{\"ruleId\":\"fixme\",\"level\":\"error\",\"message\":{\"text\":"
        + "\"FIXME left\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"src/A.java\"},"
        + "\"region\":{\"startLine\":9,\"startColumn\":2}}}]}");
    assertThat(sarif.path("runs").path(0).path("tool").path("driver").path("rules")).hasSize(3);
  }

  @Test
  void readsSeveritiesAndThresholds() {
    assertThat(Severity.of("CRITICAL")).isEqualTo(Severity.CRITICAL);
    assertThat(Severity.of("error")).isEqualTo(Severity.HIGH);
    assertThat(Severity.of("warn")).isEqualTo(Severity.MEDIUM);
    assertThat(Severity.of("hint")).isEqualTo(Severity.INFO);
    assertThat(new Severity.Converter().convert("Never")).isEqualTo(Severity.NEVER);
    assertThat(new Severity.Converter().convert("warning")).isEqualTo(Severity.MEDIUM);
    assertThatThrownBy(() -> new Severity.Converter().convert("bad")).hasMessageContaining("expected critical");
    assertThat(Severity.CRITICAL.compareTo(Severity.NEVER)).isNegative();
    assertThatThrownBy(() -> Finding.from(ToolResult.from(Json.parse("{\"content\":[{\"type\":\"text\","
        + "\"text\":\"oops\"}]}")))).hasMessageContaining("no findings list: oops");
  }
}
