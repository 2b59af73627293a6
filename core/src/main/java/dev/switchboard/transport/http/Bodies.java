package dev.switchboard.transport.http;

import dev.switchboard.gateway.GatewayException;
import dev.switchboard.gateway.Refusal;
import dev.switchboard.protocol.JsonRpcError;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body up to a limit. Memory follows the bytes that arrive, not the declared Content-Length: the
 * buffer starts small and grows (never past the declared length), each growth reserved from the gateway-wide
 * {@link BodyBudget}. A body declared over the limit is refused with 413 before it is buffered — at once, without
 * {@code 100 Continue}, when the client waits for one; past the budget the request is refused with 503.
 */
final class Bodies {
  /** The first buffer of a body: what a body smaller than this costs, whatever it declares. */
  static final int INITIAL_CAPACITY = 8192;
  private static final long DRAIN_LIMIT = 1 << 20;
  /** The largest array the JVM reliably allocates. */
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private Bodies() {}

  private static final String READ = Bodies.class.getName() + ".read";

  /** Whether this request's body was read to its end (so the connection may carry another request). */
  static boolean wasRead(Request request) {
    return request.getAttribute(READ) != null;
  }

  static byte[] read(Request request, long limit, BodyBudget budget) throws IOException {
    long declared = request.getLength();
    if (declared > limit) {
      if (expectsContinue(request)) {
        // the client sends nothing until told to; reading would tell it (100 Continue), so refuse without reading
        throw tooLarge(limit);
      }
      try (InputStream in = Request.asInputStream(request)) {
        throw tooLarge(in, limit);
      }
    }
    // a body of unknown length may hold one byte over the limit: that byte is how it is known to be too large
    long most = Math.min(declared >= 0 ? declared : limit + 1, MAX_ARRAY);
    byte[] buffer = new byte[0];
    long reserved = 0;
    try (InputStream in = Request.asInputStream(request)) {
      int size = 0;
      while (true) {
        if (size == buffer.length) {
          if (buffer.length >= most) {
            if (in.read() < 0) { // full: only the end may follow (a declared length is enforced by Jetty)
              break;
            }
            throw tooLarge(in, limit);
          }
          int capacity = (int) Math.min(most, Math.max(INITIAL_CAPACITY, 2L * buffer.length));
          if (!budget.tryReserve(capacity - buffer.length)) {
            throw overloaded(budget);
          }
          reserved += capacity - buffer.length;
          buffer = Arrays.copyOf(buffer, capacity);
        }
        int n = in.read(buffer, size, buffer.length - size);
        if (n < 0) {
          break;
        }
        size += n;
        if (size > limit) {
          throw tooLarge(in, limit);
        }
      }
      request.setAttribute(READ, true);
      return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    } finally {
      budget.release(reserved);
    }
  }

  private static boolean expectsContinue(Request request) {
    return request.getHeaders().contains(HttpHeader.EXPECT, HttpHeaderValue.CONTINUE.asString());
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
    return new GatewayException(Refusal.BODY_TOO_LARGE, new JsonRpcError(JsonRpcError.INVALID_REQUEST,
        "Payload Too Large: the body exceeds gateway.limits.maxBodyBytes (" + limit + " bytes)"));
  }

  private static GatewayException overloaded(BodyBudget budget) {
    return new GatewayException(Refusal.OVERLOADED, new JsonRpcError(JsonRpcError.SERVER_ERROR,
        "Service Unavailable: request bodies being received use the gateway's memory budget for them ("
            + budget.limit() + " bytes); retry later"));
  }
}
