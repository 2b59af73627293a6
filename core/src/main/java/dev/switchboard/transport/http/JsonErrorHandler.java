package dev.switchboard.transport.http;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises itself (headers too large, malformed HTTP) get the same shape as ours: the status plus a
 * JSON-RPC error body, never an HTML page. Since Jetty 12.0.8 bad messages also come through
 * {@link #generateResponse} (the old {@code badMessageError} hook is no longer called).
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) throws IOException {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpReplies.JSON);
    Content.Sink.write(response, true, ByteBuffer.wrap(body(code, message)));
    callback.succeeded();
  }

  private static byte[] body(int status, String reason) {
    String text = HttpStatus.getMessage(status) + (reason == null || reason.isBlank() ? "" : ": " + reason);
    return Json.bytes(Message.error(null, new JsonRpcError(JsonRpcError.INVALID_REQUEST, text)).node());
  }
}
