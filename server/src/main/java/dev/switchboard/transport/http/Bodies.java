package dev.switchboard.transport.http;

import dev.switchboard.gateway.GatewayException;
import dev.switchboard.protocol.JsonRpcError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.server.Request;

/** Reads a request body up to a limit; a larger body is refused with 413 before it is buffered. */
final class Bodies {
  private Bodies() {}

  static byte[] read(Request request, long limit) throws IOException {
    long declared = request.getLength();
    if (declared > limit) {
      throw tooLarge(limit);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
    try (InputStream in = Request.asInputStream(request)) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (out.size() + n > limit) {
          throw tooLarge(limit);
        }
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }

  private static GatewayException tooLarge(long limit) {
    return new GatewayException(413, new JsonRpcError(JsonRpcError.INVALID_REQUEST,
        "Payload Too Large: the body exceeds gateway.limits.maxBodyBytes (" + limit + " bytes)"));
  }
}
