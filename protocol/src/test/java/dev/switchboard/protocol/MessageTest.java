package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The factories that build messages from scratch, and what they put on the wire. */
class MessageTest {
  private static String text(Message message) {
    return new String(message.bytes(), StandardCharsets.UTF_8);
  }

  @Test
  void request() {
    Message.Request request = Message.request(RequestId.of(1), "tools/list", Json.parse("{\"cursor\":\"c\"}"));
    assertThat(text(request)).isEqualTo(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":\"c\"}}");
    Message.Request parsed = (Message.Request) MessageCodec.parse(request.bytes());
    assertThat(parsed.id()).isEqualTo(request.id());
    assertThat(parsed.method()).isEqualTo("tools/list");
    assertThat(parsed.bytes()).isEqualTo(request.bytes());
  }

  @Test
  void requestWithoutParams() {
    assertThat(text(Message.request(RequestId.of("x"), "ping", null)))
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"ping\"}");
  }

  @Test
  void notification() {
    assertThat(text(Message.notification("notifications/initialized", null)))
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    assertThat(text(Message.notification("n", Json.parse("{}"))))
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"n\",\"params\":{}}");
  }

  @Test
  void response() {
    Message.Response response = Message.response(RequestId.of(9), Json.parse("{}"));
    assertThat(text(response)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}");
    Message.Response parsed = (Message.Response) MessageCodec.parse(response.bytes());
    assertThat(parsed.id()).isEqualTo(response.id());
    assertThat(parsed.bytes()).isEqualTo(response.bytes());
  }

  @Test
  void error() {
    Message.ErrorResponse error = Message.error(RequestId.of(9),
        new JsonRpcError(JsonRpcError.METHOD_NOT_FOUND, "Method not found"));
    assertThat(text(error))
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":9,\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}");
  }

  @Test
  void errorWithoutIdHasNullId() {
    Message.ErrorResponse error = Message.error(null, new JsonRpcError(JsonRpcError.PARSE_ERROR, "Parse error",
        Json.parse("\"detail\"")));
    assertThat(text(error)).isEqualTo(
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\",\"data\":\"detail\"}}");
    Message parsed = MessageCodec.parse(error.bytes());
    assertThat(parsed).isInstanceOf(Message.ErrorResponse.class);
    assertThat(((Message.ErrorResponse) parsed).id()).isNull();
    assertThat(((Message.ErrorResponse) parsed).error()).isEqualTo(error.error());
  }

  @Test
  void jsonRpcErrorFrom() {
    assertThat(JsonRpcError.from(Json.parse("{\"code\":-32602,\"message\":\"bad\",\"data\":[1]}")))
        .isEqualTo(new JsonRpcError(-32602, "bad", Json.parse("[1]")));
    assertThat(JsonRpcError.from(Json.parse("{}")))
        .isEqualTo(new JsonRpcError(JsonRpcError.INTERNAL_ERROR, ""));
  }

  @Test
  void jsonRpcErrorToNode() {
    assertThat(Json.text(new JsonRpcError(-32000, "down").toNode())).isEqualTo(
        "{\"code\":-32000,\"message\":\"down\"}");
    assertThat(Json.text(new JsonRpcError(-32000, "down", Json.parse("{\"a\":1}")).toNode()))
        .isEqualTo("{\"code\":-32000,\"message\":\"down\",\"data\":{\"a\":1}}");
  }

  @Test
  void errorCodes() {
    assertThat(JsonRpcError.PARSE_ERROR).isEqualTo(-32700);
    assertThat(JsonRpcError.INVALID_REQUEST).isEqualTo(-32600);
    assertThat(JsonRpcError.METHOD_NOT_FOUND).isEqualTo(-32601);
    assertThat(JsonRpcError.INVALID_PARAMS).isEqualTo(-32602);
    assertThat(JsonRpcError.INTERNAL_ERROR).isEqualTo(-32603);
  }
}
