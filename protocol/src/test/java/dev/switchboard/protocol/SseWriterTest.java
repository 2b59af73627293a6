package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseWriterTest {
  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static List<SseEvent> readAll(byte[] wire) throws IOException {
    SseReader reader = new SseReader(new InputStreamReader(new ByteArrayInputStream(wire), StandardCharsets.UTF_8));
    List<SseEvent> events = new ArrayList<>();
    SseEvent event;
    while ((event = reader.next()) != null) {
      events.add(event);
    }
    return events;
  }

  @Test
  void encodeAllFields() {
    assertThat(text(SseWriter.encode("1", "message", "hello")))
        .isEqualTo("event: message\nid: 1\ndata: hello\n\n");
  }

  @Test
  void compactJsonIsOneDataLineOfItsOwnBytes() {
    String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"text\":\"line\\nbreak, caf\u00e9 \u2603\"}}";
    byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
    assertThat(text(SseWriter.encodeJson("7-1", null, utf8))).isEqualTo("id: 7-1\ndata: " + json + "\n\n")
        .isEqualTo(text(SseWriter.encode("7-1", null, json)));
    assertThat(text(SseWriter.encodeJson(null, "message", utf8))).isEqualTo(text(SseWriter.encode(null, "message",
        json)));
    assertThat(text(SseWriter.encodeJson("a\nb", null, "{}".getBytes(StandardCharsets.UTF_8))))
        .as("the id still cannot inject a field").isEqualTo("id: ab\ndata: {}\n\n");
  }

  @Test
  void jsonWithARawLineBreakTakesTheGeneralPath() {
    String pretty = "{\n  \"a\": 1\r\n}";
    assertThat(text(SseWriter.encodeJson(null, null, pretty.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(text(SseWriter.encode(null, null, pretty))).isEqualTo("data: {\ndata:   \"a\": 1\ndata: }\n\n");
  }

  @Test
  void encodeDataOnly() {
    assertThat(text(SseWriter.encode(null, null, "hello"))).isEqualTo("data: hello\n\n");
  }

  @Test
  void encodeIdOnly() {
    assertThat(text(SseWriter.encode("42", null, "x"))).isEqualTo("id: 42\ndata: x\n\n");
  }

  @Test
  void encodeEmptyData() {
    assertThat(text(SseWriter.encode(null, null, ""))).isEqualTo("data: \n\n");
  }

  @Test
  void encodeUtf8() {
    assertThat(SseWriter.encode(null, null, "\u00e9"))
        .isEqualTo("data: \u00e9\n\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void lfInIdStripped() {
    assertThat(text(SseWriter.encode("1\nevent: evil", null, "x"))).isEqualTo("id: 1event: evil\ndata: x\n\n");
  }

  @Test
  void crAndCrLfInIdAndEventStripped() {
    assertThat(text(SseWriter.encode("a\r\nb\rc", "m\r\ndata: evil\r", "x")))
        .isEqualTo("event: mdata: evil\nid: abc\ndata: x\n\n");
  }

  @Test
  void injectionAttemptStaysOneField() throws IOException {
    byte[] wire = SseWriter.encode("1\nevent: evil\ndata: injected\n", "ok\r\nretry: 1", "payload");
    assertThat(text(wire)).isEqualTo("event: okretry: 1\nid: 1event: evildata: injected\ndata: payload\n\n");
    List<SseEvent> events = readAll(wire);
    assertThat(events).containsExactly(new SseEvent("1event: evildata: injected", "okretry: 1", "payload"));
  }

  @Test
  void multiLineDataLf() {
    assertThat(text(SseWriter.encode(null, null, "a\nb\nc"))).isEqualTo("data: a\ndata: b\ndata: c\n\n");
  }

  @Test
  void multiLineDataCrLf() {
    assertThat(text(SseWriter.encode(null, null, "a\r\nb\r\nc"))).isEqualTo("data: a\ndata: b\ndata: c\n\n");
  }

  @Test
  void multiLineDataCr() {
    assertThat(text(SseWriter.encode(null, null, "a\rb\rc"))).isEqualTo("data: a\ndata: b\ndata: c\n\n");
  }

  @Test
  void multiLineDataMixed() {
    assertThat(text(SseWriter.encode(null, null, "a\r\n\rb\n\r\nc")))
        .isEqualTo("data: a\ndata: \ndata: b\ndata: \ndata: c\n\n");
  }

  @Test
  void trailingAndLeadingLineBreaksInData() {
    assertThat(text(SseWriter.encode(null, null, "\na\n"))).isEqualTo("data: \ndata: a\ndata: \n\n");
    assertThat(text(SseWriter.encode(null, null, "\n"))).isEqualTo("data: \ndata: \n\n");
    assertThat(text(SseWriter.encode(null, null, "\r\n"))).isEqualTo("data: \ndata: \n\n");
  }

  @Test
  void heartbeat() {
    assertThat(text(SseWriter.heartbeat())).isEqualTo(": ping\n\n");
  }

  @Test
  void heartbeatIsACopy() {
    byte[] first = SseWriter.heartbeat();
    first[0] = 'X';
    assertThat(text(SseWriter.heartbeat())).isEqualTo(": ping\n\n");
  }

  @Test
  void retry() {
    assertThat(text(SseWriter.retry(3000))).isEqualTo("retry: 3000\n\n");
    assertThat(text(SseWriter.retry(0))).isEqualTo("retry: 0\n\n");
  }

  @Test
  void heartbeatAndRetryReadBack() throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(SseWriter.heartbeat());
    wire.writeBytes(SseWriter.retry(2500));
    wire.writeBytes(SseWriter.encode("7", null, "x"));
    SseReader reader = new SseReader(new InputStreamReader(new ByteArrayInputStream(wire.toByteArray()),
        StandardCharsets.UTF_8));
    assertThat(reader.next()).isEqualTo(new SseEvent("7", null, "x"));
    assertThat(reader.retryMillis()).isEqualTo(2500);
    assertThat(reader.next()).isNull();
  }

  @Test
  void roundTripTrickyData() throws IOException {
    List<String> tricky = List.of("", " ", " leading space", "  two leading", "trailing ", "a\nb", "\n", "\n\n",
        "trailing\n", "\nleading", ": not a comment", "data: nested", "id: 5", "event: x", "retry: 1",
        "\uFEFFbom", "nul\u0000inside", "h\u00e9llo \uD83D\uDE00", "{\"jsonrpc\":\"2.0\",\"result\":\"a\\nb\"}",
        "tab\tseparated", "x:y", "a\r\nb", "a\rb", "\r", "a\r\n\r\nb", "\r\n\n\r");
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (int i = 0; i < tricky.size(); i++) {
      wire.writeBytes(SseWriter.encode(String.valueOf(i), i % 2 == 0 ? null : "message", tricky.get(i)));
      if (i % 3 == 0) {
        wire.writeBytes(SseWriter.heartbeat());
      }
    }
    List<SseEvent> events = readAll(wire.toByteArray());
    assertThat(events).hasSize(tricky.size());
    for (int i = 0; i < tricky.size(); i++) {
      String normalized = tricky.get(i).replace("\r\n", "\n").replace('\r', '\n');
      assertThat(events.get(i).data()).as("data #%d", i).isEqualTo(normalized);
      assertThat(events.get(i).id()).isEqualTo(String.valueOf(i));
      assertThat(events.get(i).type()).isEqualTo("message");
    }
  }

  @Test
  void roundTripIdsAndEventTypes() throws IOException {
    byte[] wire = SseWriter.encode(" spaced id ", "custom:type", "d");
    assertThat(readAll(wire)).containsExactly(new SseEvent(" spaced id ", "custom:type", "d"));
  }
}
