package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MessageCodecTest {
  private static Message parse(String wire) {
    return MessageCodec.parse(wire.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageCodec.Body parseBody(String wire) {
    return MessageCodec.parseBody(wire.getBytes(StandardCharsets.UTF_8));
  }

  private static ProtocolException rejected(String wire) {
    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> parse(wire));
    assertThat(e).as("expected %s to be rejected", wire).isNotNull();
    ProtocolException viaBody = catchThrowableOfType(ProtocolException.class, () -> parseBody(wire));
    assertThat(viaBody).isNotNull();
    assertThat(viaBody.error()).isEqualTo(e.error());
    return e;
  }

  private static void assertRejected(String wire, int code, @Nullable RequestId id) {
    ProtocolException e = rejected(wire);
    assertThat(e.error().code()).isEqualTo(code);
    assertThat(e.id()).isEqualTo(id);
  }

  private static String text(Message message) {
    return new String(message.bytes(), StandardCharsets.UTF_8);
  }

  @Test
  void request() {
    Message message = parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
    assertThat(message).isInstanceOf(Message.Request.class);
    Message.Request request = (Message.Request) message;
    assertThat(request.id()).isEqualTo(RequestId.of(1));
    assertThat(request.method()).isEqualTo("tools/list");
    assertThat(request.params()).isNull();
    assertThat(request.progressToken()).isNull();
  }

  @Test
  void requestWithStringIdAndParams() {
    Message.Request request = (Message.Request) parse(
        "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}");
    assertThat(request.id()).isEqualTo(RequestId.of("abc"));
    assertThat(request.params()).isEqualTo(Json.parse("{\"name\":\"echo\"}"));
  }

  @Test
  void requestWithArrayParams() {
    Message.Request request = (Message.Request) parse(
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"m\",\"params\":[1,2]}");
    assertThat(request.params().isArray()).isTrue();
  }

  @Test
  void notification() {
    Message message = parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    assertThat(message).isInstanceOf(Message.Notification.class);
    assertThat(((Message.Notification) message).method()).isEqualTo("notifications/initialized");
    assertThat(((Message.Notification) message).params()).isNull();
  }

  @Test
  void notificationWithParams() {
    Message.Notification n = (Message.Notification) parse(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"t\",\"progress\":1}}");
    assertThat(n.params().get("progress").asInt()).isEqualTo(1);
  }

  @Test
  void response() {
    Message message = parse("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{\"tools\":[]}}");
    assertThat(message).isInstanceOf(Message.Response.class);
    Message.Response response = (Message.Response) message;
    assertThat(response.id()).isEqualTo(RequestId.of("a"));
    assertThat(response.result()).isEqualTo(Json.parse("{\"tools\":[]}"));
  }

  @Test
  void responseWithNullResult() {
    Message.Response response = (Message.Response) parse("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":null}");
    assertThat(response.result().isNull()).isTrue();
  }

  @Test
  void errorResponse() {
    Message message = parse("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32601,\"message\":\"Method not found\","
        + "\"data\":{\"method\":\"x\"}}}");
    assertThat(message).isInstanceOf(Message.ErrorResponse.class);
    Message.ErrorResponse error = (Message.ErrorResponse) message;
    assertThat(error.id()).isEqualTo(RequestId.of(3));
    assertThat(error.error().code()).isEqualTo(JsonRpcError.METHOD_NOT_FOUND);
    assertThat(error.error().message()).isEqualTo("Method not found");
    assertThat(error.error().data()).isEqualTo(Json.parse("{\"method\":\"x\"}"));
  }

  @Test
  void errorResponseWithNullId() {
    Message.ErrorResponse error = (Message.ErrorResponse) parse(
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}");
    assertThat(error.id()).isNull();
    assertThat(error.error()).isEqualTo(new JsonRpcError(JsonRpcError.PARSE_ERROR, "Parse error"));
  }

  @Test
  void errorResponseWithoutId() {
    Message.ErrorResponse error = (Message.ErrorResponse) parse(
        "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"}}");
    assertThat(error.id()).isNull();
  }

  @Test
  void integerAndStringIdsAreDistinct() {
    Message.Request one = (Message.Request) parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"}");
    Message.Request oneString = (Message.Request) parse("{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"m\"}");
    assertThat(one.id()).isNotEqualTo(oneString.id());
    assertThat(one.id().isString()).isFalse();
    assertThat(oneString.id().isString()).isTrue();
    assertThat(one.id().toString()).isEqualTo(oneString.id().toString());
    assertThat(text(one)).contains("\"id\":1");
    assertThat(text(oneString)).contains("\"id\":\"1\"");
  }

  @Test
  void hugeIntegerIdAccepted() {
    Message.Request request = (Message.Request) parse(
        "{\"jsonrpc\":\"2.0\",\"id\":99999999999999999999999,\"method\":\"m\"}");
    assertThat(request.id().toString()).isEqualTo("99999999999999999999999");
    assertThat(text(request)).contains("\"id\":99999999999999999999999");
  }

  @Test
  void negativeAndZeroIds() {
    assertThat(((Message.Request) parse("{\"jsonrpc\":\"2.0\",\"id\":-5,\"method\":\"m\"}")).id())
        .isEqualTo(RequestId.of(-5));
    assertThat(((Message.Request) parse("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"m\"}")).id())
        .isEqualTo(RequestId.of(0));
    assertThat(((Message.Request) parse("{\"jsonrpc\":\"2.0\",\"id\":\"\",\"method\":\"m\"}")).id())
        .isEqualTo(RequestId.of(""));
  }

  @Test
  void nullIdRequestInvalid() {
    assertRejected("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST, null);
  }

  @Test
  void floatIdInvalid() {
    assertRejected("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST, null);
    assertRejected("{\"jsonrpc\":\"2.0\",\"id\":1.0,\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST, null);
    assertRejected("{\"jsonrpc\":\"2.0\",\"id\":1e3,\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST, null);
  }

  @Test
  void nonScalarIdInvalid() {
    assertRejected("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST, null);
    assertRejected("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST, null);
    assertRejected("{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST, null);
  }

  @Test
  void missingJsonrpcInvalidWithIdPreserved() {
    ProtocolException e = rejected("{\"id\":7,\"method\":\"m\"}");
    assertThat(e.error().code()).isEqualTo(JsonRpcError.INVALID_REQUEST);
    assertThat(e.id()).isEqualTo(RequestId.of(7));
    assertThat(e.getMessage()).contains("jsonrpc");
    assertRejected("{\"id\":\"s\",\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST, RequestId.of("s"));
  }

  @Test
  void wrongJsonrpcVersionInvalid() {
    assertRejected("{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST, RequestId.of(7));
    assertRejected("{\"jsonrpc\":\"2.0 \",\"id\":7,\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST, RequestId.of(7));
    assertRejected("{\"jsonrpc\":[\"2.0\"],\"id\":7,\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST,
        RequestId.of(7));
    assertRejected("{\"jsonrpc\":null,\"id\":7,\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST, RequestId.of(7));
  }

  @Test
  void numericJsonrpcVersionInvalid() {
    assertRejected("{\"jsonrpc\":2.0,\"id\":7,\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST, RequestId.of(7));
  }

  @Test
  void missingJsonrpcWithUnreadableIdHasNoId() {
    assertRejected("{\"id\":1.5,\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST, null);
    assertRejected("{\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST, null);
  }

  @Test
  void malformedJsonIsParseError() {
    assertRejected("{\"jsonrpc\":", JsonRpcError.PARSE_ERROR, null);
    assertRejected("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"", JsonRpcError.PARSE_ERROR, null);
    assertRejected("{'jsonrpc':'2.0'}", JsonRpcError.PARSE_ERROR, null);
    assertRejected("not json", JsonRpcError.PARSE_ERROR, null);
    assertRejected("[{\"jsonrpc\":\"2.0\",\"method\":\"m\"},", JsonRpcError.PARSE_ERROR, null);
  }

  @Test
  void parseErrorMessage() {
    ProtocolException e = rejected("{\"jsonrpc\":");
    assertThat(e.error().message()).startsWith("Parse error");
    assertThat(e.getMessage()).isEqualTo(e.error().message());
  }

  @Test
  void trailingContentIsParseError() {
    assertRejected("{\"jsonrpc\":\"2.0\",\"method\":\"m\"} {}", JsonRpcError.PARSE_ERROR, null);
    assertRejected("{\"jsonrpc\":\"2.0\",\"method\":\"m\"}x", JsonRpcError.PARSE_ERROR, null);
  }

  @Test
  void whitespaceAroundMessageAllowed() {
    assertThat(parse(" \r\n\t{\"jsonrpc\":\"2.0\",\"method\":\"m\"}\n ")).isInstanceOf(Message.Notification.class);
  }

  @Test
  void emptyBodyIsParseError() {
    assertRejected("", JsonRpcError.PARSE_ERROR, null);
    assertRejected("   ", JsonRpcError.PARSE_ERROR, null);
  }

  @Test
  void nonObjectInvalid() {
    assertRejected("42", JsonRpcError.INVALID_REQUEST, null);
    assertRejected("\"x\"", JsonRpcError.INVALID_REQUEST, null);
    assertRejected("null", JsonRpcError.INVALID_REQUEST, null);
  }

  @Test
  void nonStringMethodInvalid() {
    assertRejected("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":5}", JsonRpcError.INVALID_REQUEST, RequestId.of(4));
    assertRejected("{\"jsonrpc\":\"2.0\",\"method\":null}", JsonRpcError.INVALID_REQUEST, null);
  }

  @Test
  void scalarParamsInvalid() {
    assertRejected("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"m\",\"params\":\"x\"}", JsonRpcError.INVALID_REQUEST,
        RequestId.of(4));
    assertRejected("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":3}", JsonRpcError.INVALID_REQUEST, null);
  }

  @Test
  void neitherRequestNorResponseInvalid() {
    assertRejected("{\"jsonrpc\":\"2.0\",\"id\":4}", JsonRpcError.INVALID_REQUEST, RequestId.of(4));
    assertRejected("{\"jsonrpc\":\"2.0\"}", JsonRpcError.INVALID_REQUEST, null);
    assertRejected("{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":\"boom\"}", JsonRpcError.INVALID_REQUEST, RequestId.of(4));
  }

  @Test
  void resultWithoutUsableIdInvalid() {
    assertRejected("{\"jsonrpc\":\"2.0\",\"result\":{}}", JsonRpcError.INVALID_REQUEST, null);
    assertRejected("{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":{}}", JsonRpcError.INVALID_REQUEST, null);
  }

  @Test
  void emptyBatchInvalid() {
    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> parseBody("[]"));
    assertThat(e.error().code()).isEqualTo(JsonRpcError.INVALID_REQUEST);
    assertThat(e.id()).isNull();
    assertThat(catchThrowableOfType(ProtocolException.class, () -> parseBody(" [ ] ")).error().code())
        .isEqualTo(JsonRpcError.INVALID_REQUEST);
  }

  @Test
  void arrayIsNotASingleMessage() {
    assertThat(catchThrowableOfType(ProtocolException.class,
        () -> parse("[{\"jsonrpc\":\"2.0\",\"method\":\"m\"}]")).error().code())
        .isEqualTo(JsonRpcError.INVALID_REQUEST);
  }

  @Test
  void singleBody() {
    MessageCodec.Body body = parseBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
    assertThat(body).isInstanceOf(MessageCodec.Body.Single.class);
    assertThat(((MessageCodec.Body.Single) body).message()).isInstanceOf(Message.Request.class);
  }

  @Test
  void batch() {
    MessageCodec.Body body = parseBody("""
        [{"jsonrpc":"2.0","id":1,"method":"tools/list"},
         {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":0}},
         {"jsonrpc":"2.0","id":"r","result":{}},
         {"jsonrpc":"2.0","id":2,"error":{"code":-32000,"message":"down"}}]
        """);
    assertThat(body).isInstanceOf(MessageCodec.Body.Batch.class);
    var messages = ((MessageCodec.Body.Batch) body).messages();
    assertThat(messages).hasSize(4);
    assertThat(messages.get(0)).isInstanceOf(Message.Request.class);
    assertThat(messages.get(1)).isInstanceOf(Message.Notification.class);
    assertThat(messages.get(2)).isInstanceOf(Message.Response.class);
    assertThat(messages.get(3)).isInstanceOf(Message.ErrorResponse.class);
    assertThat(((Message.Request) messages.get(0)).id()).isEqualTo(RequestId.of(1));
  }

  @Test
  void batchOfOne() {
    MessageCodec.Body body = parseBody("[{\"jsonrpc\":\"2.0\",\"method\":\"m\"}]");
    assertThat(((MessageCodec.Body.Batch) body).messages()).hasSize(1);
  }

  @Test
  void unknownMembersAndParamsPreservedExactly() {
    String wire = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"x\","
        + "\"arguments\":{\"z\":1,\"a\":[true,null,\"s\",-3,{\"nested\":{}}],\"m\":\"\u00e9\"},"
        + "\"_meta\":{\"progressToken\":\"p1\",\"custom\":{\"k\":\"v\"}}},\"resultType\":\"complete\","
        + "\"_meta\":{\"x\":1},\"zzz\":[]}";
    Message message = parse(wire);
    assertThat(text(message)).isEqualTo(wire);
  }

  @Test
  void responseUnknownMembersPreservedExactly() {
    String wire = "{\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"structuredContent\":{\"b\":2,"
        + "\"a\":1},\"_meta\":{\"io.modelcontextprotocol/related-task\":{\"taskId\":\"t\"}}},\"resultType\":\"final\","
        + "\"id\":\"q\",\"jsonrpc\":\"2.0\"}";
    assertThat(text(parse(wire))).isEqualTo(wire);
  }

  @Test
  void errorResponsePreservedExactly() {
    String wire =
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32002,\"message\":\"nope\",\"data\":{\"uri\":\"a\"},"
            + "\"extra\":true},\"_meta\":{}}";
    assertThat(text(parse(wire))).isEqualTo(wire);
  }

  @Test
  void escapesAndWhitespaceStayEquivalent() {
    String wire = "{ \"jsonrpc\" : \"2.0\", \"id\":1, \"method\":\"m\", \"params\": {\"s\":\"\\u00e9\\n\\\"\\u2028\","
        + "\"n\":1.5E3, \"big\":123456789012345678901234567890} }";
    Message message = parse(wire);
    assertThat(Json.parse(message.bytes())).isEqualTo(Json.parse(wire));
    assertThat(Json.parse(message.bytes()).get("params").get("s").asString()).isEqualTo("\u00e9\n\"\u2028");
  }

  @Test
  void highPrecisionDecimalsPreserved() {
    String wire = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"a\":0.10000000000000000001,"
        + "\"pi\":3.141592653589793238462643383279}}";
    assertThat(text(parse(wire))).contains("0.10000000000000000001", "3.141592653589793238462643383279");
  }

  @Test
  void duplicateKeysLastWins() {
    // documented here so a change is noticed: Jackson's default keeps the last duplicate
    Message.Request request = (Message.Request) parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"id\":2}");
    assertThat(request.id()).isEqualTo(RequestId.of(2));
  }

  @Test
  void requestWithIdReturnsCopy() {
    String wire =
        "{\"jsonrpc\":\"2.0\",\"id\":\"client-1\",\"method\":\"tools/call\",\"params\":{\"a\":1},\"_meta\":{}}";
    Message.Request original = (Message.Request) parse(wire);
    Message.Request rewritten = original.withId(RequestId.of(1001));

    assertThat(rewritten.id()).isEqualTo(RequestId.of(1001));
    assertThat(rewritten.method()).isEqualTo("tools/call");
    assertThat(text(rewritten))
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1001,\"method\":\"tools/call\",\"params\":{\"a\":1},\"_meta\":{}}");
    assertThat(original.id()).isEqualTo(RequestId.of("client-1"));
    assertThat(text(original)).isEqualTo(wire);
    assertThat(rewritten.node()).isNotSameAs(original.node());
    // the envelope is copied, the payload shared (never mutated, so a large one is not copied per hop)
    rewritten.node().put("extra", true);
    assertThat(text(original)).isEqualTo(wire);
    assertThat(rewritten.params()).isSameAs(original.params());
  }

  @Test
  void responseWithIdReturnsCopy() {
    String wire = "{\"jsonrpc\":\"2.0\",\"id\":1001,\"result\":{\"x\":[1]}}";
    Message.Response original = (Message.Response) parse(wire);
    Message.Response rewritten = original.withId(RequestId.of("client-1"));
    assertThat(text(rewritten)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"client-1\",\"result\":{\"x\":[1]}}");
    assertThat(rewritten.id()).isEqualTo(RequestId.of("client-1"));
    assertThat(text(original)).isEqualTo(wire);
    assertThat(original.id()).isEqualTo(RequestId.of(1001));
  }

  @Test
  void errorResponseWithIdReturnsCopy() {
    String wire = "{\"jsonrpc\":\"2.0\",\"id\":1001,\"error\":{\"code\":-32000,\"message\":\"down\"}}";
    Message.ErrorResponse original = (Message.ErrorResponse) parse(wire);
    Message.ErrorResponse rewritten = original.withId(RequestId.of(7));
    assertThat(text(rewritten)).isEqualTo(
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32000,\"message\":\"down\"}}");
    assertThat(rewritten.error()).isEqualTo(original.error());
    assertThat(text(original)).isEqualTo(wire);
  }

  @Test
  void withIdOnErrorWithNullId() {
    Message.ErrorResponse original = (Message.ErrorResponse) parse(
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"x\"}}");
    assertThat(text(original.withId(RequestId.of("a")))).contains("\"id\":\"a\"");
    assertThat(original.id()).isNull();
    assertThat(text(original)).contains("\"id\":null");
  }

  @Test
  void progressToken() {
    assertThat(token("{\"_meta\":{\"progressToken\":\"p1\"}}")).isEqualTo(Json.parse("\"p1\""));
    assertThat(token("{\"_meta\":{\"progressToken\":5}}")).isEqualTo(Json.parse("5"));
    assertThat(token("{\"_meta\":{\"progressToken\":null}}")).isNull();
    assertThat(token("{\"_meta\":{}}")).isNull();
    assertThat(token("{\"progressToken\":\"not-in-meta\"}")).isNull();
    assertThat(token("[1]")).isNull();
    assertThat(token("{\"_meta\":\"x\"}")).isNull();
  }

  @Test
  void progressTokenDistinguishesStringAndInteger() {
    assertThat(token("{\"_meta\":{\"progressToken\":\"5\"}}")).isNotEqualTo(token("{\"_meta\":{\"progressToken\":5}}"));
  }

  private static @Nullable JsonNode token(String params) {
    return ((Message.Request) parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":" + params
        + "}"))
        .progressToken();
  }
}
