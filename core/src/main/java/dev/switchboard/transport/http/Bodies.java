package dev.switchboard.transport.http;

import dev.switchboard.gateway.GatewayException;
import dev.switchboard.protocol.JsonRpcError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.server.Request;

/** Reads a request body up to a limit; a larger body is refused with 413 before it is buffered. */
final class Bodies {
  private static final long DRAIN_LIMIT = 1 << 20;

  private Bodies() {}

  private static final String READ = Bodies.class.getName() + ".read";

  /** Whether this request's body was read to its end (so the connection may carry another request). */
  static boolean wasRead(Request request) {
    return request.getAttribute(READ) != null;
  }

  static byte[] read(Request request, long limit) throws IOException {
    long declared = request.getLength();
    try (InputStream in = Request.asInputStream(request)) {
      if (declared > limit) {
        throw tooLarge(in, limit);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (out.size() + n > limit) {
          throw tooLarge(in, limit);
        }
        out.write(buffer, 0, n);
      }
      request.setAttribute(READ, Boolean.TRUE);
      return out.toByteArray();
    }
  }

  /**
   * Reads and drops a bounded remainder of the body first: a client still sending when the answer comes often never
   * sees it. Past that bound the connection is closed after the answer (the caller sets {@code Connection: close}).
   */
  private static GatewayException tooLarge(InputStream in, long limit) throws IOException {
    byte[] sink = new byte[8192];
    long left = DRAIN_LIMIT;
    int n;
    while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
      left -= n;
    }
    return tooLarge(limit);
  }

  private static GatewayException tooLarge(long limit) {
    return new GatewayException(413, new JsonRpcError(JsonRpcError.INVALID_REQUEST,
        "Payload Too Large: the body exceeds gateway.limits.maxBodyBytes (" + limit + " bytes)"));
  }
}
