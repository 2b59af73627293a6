package dev.switchboard.transport.http;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Writes complete, non-streaming answers: JSON bodies, JSON-RPC errors with a status, empty statuses. */
final class HttpReplies {
  static final String JSON = "application/json";

  private HttpReplies() {}

  static void json(Response response, int status, JsonNode body) throws IOException {
    json(response, status, Json.bytes(body));
  }

  static void json(Response response, int status, byte[] body) throws IOException {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
    Content.Sink.write(response, true, ByteBuffer.wrap(body));
  }

  /** A JSON-RPC error as the whole body, e.g. 404 with -32004 for an unknown session. */
  static void error(Response response, int status, JsonRpcError error, @Nullable RequestId id) throws IOException {
    json(response, status, Message.error(id, error).node());
  }

  static void error(Response response, int status, int code, String message) throws IOException {
    error(response, status, new JsonRpcError(code, message), null);
  }

  static void empty(Response response, int status) throws IOException {
    response.setStatus(status);
    Content.Sink.write(response, true, ByteBuffer.allocate(0));
  }
}
