package dev.switchboard.client.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import org.junit.jupiter.api.Test;

/** Reading results as servers send them, including members and content types this version does not model. */
class ToolResultTest {
  @Test
  void readsEveryContentTypeAndKeepsUnknownOnes() {
    ToolResult result = ToolResult.from(Json.parse("""
        {"content":[{"type":"text","text":"hi"},{"type":"image","data":"AAAA","mimeType":"image/png"},
          {"type":"audio","data":"BB","mimeType":"audio/wav"},
          {"type":"resource_link","uri":"file:///a","name":"a","mimeType":"text/plain"},
          {"type":"resource","resource":{"uri":"mem://x","text":"body","mimeType":"text/plain"}},
          {"type":"hologram","depth":3}],
         "structuredContent":{"n":1},"isError":false,"_meta":{"k":"v"}}"""));
    assertThat(result.content()).hasSize(6);
    assertThat(result.content().get(0)).isEqualTo(new Content.Text("hi", (tools.jackson.databind.node.ObjectNode) result
        .node().path("content").path(0)));
    assertThat(result.content().get(1)).isInstanceOfSatisfying(Content.Image.class,
        i -> assertThat(i.mimeType()).isEqualTo("image/png"));
    assertThat(result.content().get(4)).isInstanceOfSatisfying(Content.EmbeddedResource.class,
        r -> assertThat(r.resource().text()).isEqualTo("body"));
    assertThat(result.content().get(5)).isInstanceOfSatisfying(Content.Other.class,
        o -> assertThat(o.type()).isEqualTo("hologram"));
    assertThat(result.structuredContent().path("n").asInt()).isEqualTo(1);
    assertThat(result.node().path("_meta").path("k").asString()).isEqualTo("v");
    assertThat(result.text()).isEqualTo("hi");
  }

  @Test
  void toleratesMissingMembers() {
    ToolResult result = ToolResult.from(Json.parse("{\"isError\":true}"));
    assertThat(result.content()).isEmpty();
    assertThat(result.isError()).isTrue();
    assertThat(result.structuredContent()).isNull();
  }

  @Test
  void aToolIsIdempotentOnlyWhenItsAnnotationsSaySo() {
    assertThat(Tool.from(Json.parse("{\"name\":\"a\",\"annotations\":{\"readOnlyHint\":true}}")).isIdempotent())
        .isTrue();
    assertThat(Tool.from(Json.parse("{\"name\":\"b\",\"annotations\":{\"idempotentHint\":true}}")).isIdempotent())
        .isTrue();
    assertThat(Tool.from(Json.parse("{\"name\":\"c\"}")).isIdempotent()).isFalse();
  }
}
