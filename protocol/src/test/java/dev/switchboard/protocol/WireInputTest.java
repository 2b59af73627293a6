package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Hostile wire input, as literal text and bytes: numbers whose exponent no decimal type can hold, malformed UTF-8,
 * and the promise that decimals in {@code params}/{@code result} cross untouched (kept as text, never converted).
 * Every refusal is a {@link ProtocolException} with a JSON-RPC code, never another exception (which the HTTP layer
 * would answer with a 500).
 */
class WireInputTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code prefix}, the raw bytes, then {@code suffix}. */
  private static byte[] wire(String prefix, int[] raw, String suffix) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(utf8(prefix));
    for (int b : raw) {
      out.write(b);
    }
    out.writeBytes(utf8(suffix));
    return out.toByteArray();
  }

  /** Both entry points refuse with a ProtocolException (not any other exception), and agree on the error. */
  private static ProtocolException refused(byte[] bytes) {
    Throwable single = catchThrowable(() -> MessageCodec.parse(bytes));
    Throwable body = catchThrowable(() -> MessageCodec.parseBody(bytes));
    assertThat(single).as("parse(%s)", new String(bytes, StandardCharsets.ISO_8859_1))
        .isInstanceOf(ProtocolException.class);
    assertThat(body).isInstanceOf(ProtocolException.class);
    assertThat(((ProtocolException) body).error()).isEqualTo(((ProtocolException) single).error());
    return (ProtocolException) single;
  }

  // ---- numbers out of range ----

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"jsonrpc\":\"2.0\",\"id\":1e-2147483648,\"method\":\"tools/list\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":1e2147483648,\"method\":\"tools/list\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"x\":1e2147483648}}",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"a\":[0,{\"x\":-1.5E-2147483648}]}}",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"x\":1e99999999999999999999999}}",
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":1e1000000000}}",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"x\":1e-2147483648}}",
      "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":[1e2147483648]}]"})
  void hugeExponentsAreRefusedWithAJsonRpcError(String text) {
    ProtocolException e = refused(utf8(text));
    assertThat(e.error().code()).isIn(JsonRpcError.PARSE_ERROR, JsonRpcError.INVALID_REQUEST);
    assertThat(e.error().message()).doesNotContain("Exception");
  }

  @Test
  void aHugeExponentIsAParseErrorThatSaysWhy() {
    ProtocolException e = refused(utf8(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"x\":1e2147483648}}"));
    assertThat(e.error().code()).isEqualTo(JsonRpcError.PARSE_ERROR);
    assertThat(e.error().message()).startsWith("Parse error").contains("out of range", "1e2147483648");
  }

  @Test
  void exponentsUpToTheLimitCrossUntouched() {
    String wire = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"big\":1e999999999,"
        + "\"small\":-2.5E-999999999,\"padded\":1e+000000000000000000005}}";
    Message message = MessageCodec.parse(utf8(wire));
    assertThat(new String(message.bytes(), StandardCharsets.UTF_8)).isEqualTo(wire);
  }

  @Test
  void aNumberLongerThanTheLimitIsAParseError() {
    String digits = "1".repeat(Json.MAX_NUMBER_LENGTH + 1);
    for (String number : new String[] {digits, "0." + digits, digits + "e5"}) {
      ProtocolException e = refused(utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":[" + number
          + "]}"));
      assertThat(e.error().code()).isEqualTo(JsonRpcError.PARSE_ERROR);
    }
  }

  @Test
  void floatIdsAreInvalidRequests() {
    for (String id : new String[] {"1.5", "1e3", "1E-3", "-0.0"}) {
      ProtocolException e = refused(utf8("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"m\"}"));
      assertThat(e.error().code()).as(id).isEqualTo(JsonRpcError.INVALID_REQUEST);
    }
  }

  // ---- decimals stay opaque ----

  @Test
  void decimalsCrossCharacterForCharacter() {
    String wire = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"a\":1.50,\"b\":1e2,"
        + "\"c\":-0.0,\"d\":1E+2,\"e\":6.02214076e23,\"f\":[0.1,2.50e-3],\"g\":12345678901234567890.1234567890}}";
    Message message = MessageCodec.parse(utf8(wire));
    assertThat(new String(message.bytes(), StandardCharsets.UTF_8)).isEqualTo(wire);
    Message.Request rewritten = ((Message.Request) message).withId(RequestId.of(7));
    assertThat(new String(rewritten.bytes(), StandardCharsets.UTF_8)).isEqualTo(wire.replace("\"id\":1,", "\"id\":7,"));
  }

  @Test
  void decimalsAreKeptAsTextYetStillReadAsNumbers() {
    JsonNode params = ((Message.Notification) MessageCodec.parse(utf8(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":0.50,\"total\":2e0,"
            + "\"far\":1e400}}"))).params();
    JsonNode progress = params.get("progress");
    assertThat(progress).isInstanceOf(RawDecimalNode.class);
    assertThat(((RawDecimalNode) progress).text()).isEqualTo("0.50");
    assertThat(progress.isNumber()).isTrue();
    assertThat(progress.isFloatingPointNumber()).isTrue();
    assertThat(progress.isIntegralNumber()).isFalse();
    assertThat(progress.asDouble()).isEqualTo(0.5);
    assertThat(progress.decimalValue()).isEqualTo(new BigDecimal("0.50"));
    assertThat(params.get("total").asInt()).isEqualTo(2);
    assertThat(params.get("total").canConvertToInt()).isTrue();
    assertThat(progress.canConvertToInt()).isFalse();
    assertThat(params.get("far").asDouble(-1)).isEqualTo(-1); // beyond a double: the default, not Infinity
    assertThat(params.get("far").decimalValue()).isEqualTo(new BigDecimal("1e400"));
    assertThat(params.toString()).isEqualTo("{\"progress\":0.50,\"total\":2e0,\"far\":1e400}");
  }

  @Test
  void integersStayIntegers() {
    JsonNode params = ((Message.Request) MessageCodec.parse(utf8(
        "{\"jsonrpc\":\"2.0\",\"id\":123456789012345678901234567890,\"method\":\"m\",\"params\":[1,-2,3000000000]}")))
        .params();
    assertThat(params.get(0).isInt()).isTrue();
    assertThat(params.get(2).isLong()).isTrue();
  }

  @Test
  void jsonParseAgreesWithTheCodec() {
    String text = "{\"a\":1.50,\"b\":[1e2,{\"c\":null,\"d\":true,\"e\":\"s\"}],\"a2\":{}}";
    assertThat(Json.parse(text)).isEqualTo(Json.parse(utf8(text)));
    assertThat(Json.text(Json.parse(text))).isEqualTo(text);
    assertThat(Json.parse("").isMissingNode()).isTrue();
    assertThatThrownBy(() -> Json.parse("{\"x\":1e2147483648}")).isInstanceOf(JacksonException.class);
    assertThatThrownBy(() -> Json.parse("{} {}")).isInstanceOf(JacksonException.class);
  }

  @Test
  void deepNestingIsRefusedNotAStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    ProtocolException e = refused(utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":" + deep + "}"));
    assertThat(e.error().code()).isEqualTo(JsonRpcError.PARSE_ERROR);
  }

  // ---- malformed UTF-8 ----

  @Test
  void overlongNulIsAParseError() {
    byte[] bytes = wire("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"s\":\"a", new int[] {0xC0, 0x80},
        "b\"}}");
    ProtocolException e = refused(bytes);
    assertThat(e.error().code()).isEqualTo(JsonRpcError.PARSE_ERROR);
    assertThat(e.error().message()).contains("UTF-8");
  }

  @Test
  void encodedSurrogateIsAParseError() {
    byte[] bytes = wire("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"s\":\"", new int[] {0xED, 0xA0,
        0x80},
        "\"}}");
    assertThat(refused(bytes).error().code()).isEqualTo(JsonRpcError.PARSE_ERROR);
  }

  @Test
  void codePointBeyondU10FFFFIsAParseError() {
    byte[] bytes = wire("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"s\":\"",
        new int[] {0xF4, 0x90, 0x80, 0x80}, "\"}}");
    assertThat(refused(bytes).error().code()).isEqualTo(JsonRpcError.PARSE_ERROR);
  }

  @Test
  void otherMalformedSequencesAreParseErrors() {
    int[][] bad = {
        {0xC1, 0xBF}, // overlong
        {0xE0, 0x80, 0x80}, // overlong 3-byte
        {0xF0, 0x80, 0x80, 0x80}, // overlong 4-byte
        {0x80}, // continuation without a lead
        {0xE2, 0x82}, // cut short (then '"')
        {0xC3, 0x41}, // lead then ASCII
        {0xF5, 0x80, 0x80, 0x80}, // not a lead byte
        {0xFF}, {0xFE, 0xFF}};
    for (int[] raw : bad) {
      byte[] bytes = wire("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":{\"s\":\"", raw, "\"}}");
      assertThat(refused(bytes).error().code()).isEqualTo(JsonRpcError.PARSE_ERROR);
    }
    assertThat(refused(new byte[] {'{', '"', (byte) 0xE2, (byte) 0x82}).error().code())
        .isEqualTo(JsonRpcError.PARSE_ERROR);
  }

  @Test
  void nulBytesAndUtf16AreParseErrors() {
    byte[] utf16 = "{\"jsonrpc\":\"2.0\",\"method\":\"m\"}".getBytes(StandardCharsets.UTF_16LE);
    assertThat(refused(utf16).error().code()).isEqualTo(JsonRpcError.PARSE_ERROR);
    byte[] withNul = wire("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":{\"s\":\"", new int[] {0}, "\"}}");
    assertThat(refused(withNul).error().code()).isEqualTo(JsonRpcError.PARSE_ERROR);
  }

  @Test
  void wellFormedMultibyteTextIsAccepted() {
    String wire =
        "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":{\"s\":\"é € 𝄞 🚀 \uFFFD \uD7FF \uE000 \uDBFF\uDFFF\"}}";
    Message message = MessageCodec.parse(utf8(wire));
    assertThat(((Message.Notification) message).params().get("s").asString())
        .isEqualTo("é € 𝄞 🚀 \uFFFD \uD7FF \uE000 \uDBFF\uDFFF");
    assertThat(new String(message.bytes(), StandardCharsets.UTF_8)).isEqualTo(wire);
  }
}
