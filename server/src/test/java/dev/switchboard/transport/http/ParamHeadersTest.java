package dev.switchboard.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code x-mcp-header} annotations read from literal schemas, and {@code Mcp-Param-*} headers checked on literal values. */
class ParamHeadersTest {
  private static final String SCHEMA = """
      {"type": "object",
       "properties": {
         "region": {"type": "string", "x-mcp-header": "Region"},
         "priority": {"type": "integer", "x-mcp-header": "Priority"},
         "verbose": {"type": "boolean", "x-mcp-header": "Verbose"},
         "target": {"type": "object", "properties": {"zone": {"type": "string", "x-mcp-header": "Zone"}}},
         "query": {"type": "string"}},
       "required": ["region", "query"]}
      """;

  private static JsonNode json(String text) {
    return Json.parse(text);
  }

  private static List<ParamHeaders.Param> params() {
    return ParamHeaders.of(json(SCHEMA));
  }

  private static void check(String arguments, Map<String, String> headers) {
    ParamHeaders.check(params(), json(arguments), headers::get);
  }

  @Test
  void annotationsAreFoundAtAnyDepthWithTheirPathAndHeaderName() {
    assertThat(params()).containsExactly(
        new ParamHeaders.Param(List.of("region"), "Mcp-Param-Region"),
        new ParamHeaders.Param(List.of("priority"), "Mcp-Param-Priority"),
        new ParamHeaders.Param(List.of("verbose"), "Mcp-Param-Verbose"),
        new ParamHeaders.Param(List.of("target", "zone"), "Mcp-Param-Zone"));
  }

  @Test
  void aToolWithAnInvalidAnnotationHasNone() {
    for (String property : List.of("{\"type\":\"number\",\"x-mcp-header\":\"Score\"}",
        "{\"type\":\"object\",\"x-mcp-header\":\"Data\"}", "{\"type\":\"string\",\"x-mcp-header\":\"\"}",
        "{\"type\":\"string\",\"x-mcp-header\":\"My Region\"}", "{\"type\":\"string\",\"x-mcp-header\":\"Région\"}",
        "{\"type\":\"string\",\"x-mcp-header\":\"A:B\"}", "{\"type\":\"string\",\"x-mcp-header\":7}")) {
      String schema = "{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"string\",\"x-mcp-header\":\"Ok\"},"
          + "\"bad\":" + property + "}}";
      assertThat(ParamHeaders.of(json(schema))).as(property).isEmpty();
    }
    assertThat(ParamHeaders.of(json("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\","
        + "\"x-mcp-header\":\"MyField\"},\"b\":{\"type\":\"string\",\"x-mcp-header\":\"myfield\"}}}")))
        .as("names unique regardless of case").isEmpty();
  }

  @Test
  void matchingHeadersPassPlainOrBase64WithIntegersComparedAsNumbers() {
    assertThatCode(() -> check("{\"region\":\"us-west1\",\"priority\":42,\"verbose\":false,\"target\":{\"zone\":"
        + "\"Hello, 世界\"},\"query\":\"q\"}", Map.of("Mcp-Param-Region", "  us-west1 ", "Mcp-Param-Priority",
            "42.0", "Mcp-Param-Verbose", "false", "Mcp-Param-Zone", "=?base64?SGVsbG8sIOS4lueVjA==?=")))
        .doesNotThrowAnyException();
    assertThatCode(() -> check("{\"region\":\"=?base64?SGVsbG8=\",\"query\":\"q\"}",
        Map.of("Mcp-Param-Region", "=?base64?SGVsbG8="))).as("without the closing marker: literal")
        .doesNotThrowAnyException();
    assertThatCode(() -> check("{\"region\":null,\"query\":\"q\"}", Map.of())).as("null: no header expected")
        .doesNotThrowAnyException();
  }

  @Test
  void aMissingDifferentOrMalformedHeaderIsAMismatch() {
    Map<String, Map<String, String>> cases = Map.of(
        "missing", Map.of(),
        "different", Map.of("Mcp-Param-Region", "eu-west1"),
        "case differs", Map.of("Mcp-Param-Region", "US-WEST1"),
        "unpadded base64", Map.of("Mcp-Param-Region", "=?base64?dXMtd2VzdDE?="),
        "base64 outside the alphabet", Map.of("Mcp-Param-Region", "=?base64?dXMt!!!d2VzdDE=?="),
        "a control character", Map.of("Mcp-Param-Region", "us-west1\u0001"),
        "non-ASCII", Map.of("Mcp-Param-Region", "us-wést1"));
    cases.forEach((why, headers) -> assertThatThrownBy(() -> check("{\"region\":\"us-west1\",\"query\":\"q\"}",
        headers)).as(why).isInstanceOf(StandardHeaders.Mismatch.class).hasMessageContaining("Mcp-Param-Region"));
    assertThatThrownBy(() -> check("{\"region\":\"r\",\"priority\":42}", Map.of("Mcp-Param-Region", "r",
        "Mcp-Param-Priority", "43"))).isInstanceOf(StandardHeaders.Mismatch.class);
    assertThatThrownBy(() -> check("{\"query\":\"q\"}", Map.of("Mcp-Param-Region", "us-west1")))
        .as("a header the body does not back").isInstanceOf(StandardHeaders.Mismatch.class);
  }

  @Test
  void aToolListTeachesItsToolsAndAToolThatLosesItsAnnotationsStopsAskingForHeaders() {
    ToolParams known = new ToolParams();
    known.learn("s", json("{\"tools\":[{\"name\":\"t\",\"inputSchema\":" + SCHEMA + "}]}"));
    assertThat(known.annotated("s", "t")).isEqualTo(params());
    known.learn("s", json("{\"tools\":[{\"name\":\"t\",\"inputSchema\":{\"type\":\"object\"}}]}"));
    assertThat(known.annotated("s", "t")).isEmpty();
    assertThat(known.annotated("other", "t")).isEmpty();
  }
}
