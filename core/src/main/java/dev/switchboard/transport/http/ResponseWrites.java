package dev.switchboard.transport.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.FutureCallback;

/**
 * Blocking writes to a streaming response with a deadline per slice: a client that takes nothing within it gets its
 * connection closed and the writer an {@link IOException}, as if it had hung up — rather than holding a thread and
 * a stream's events until the connection's idle timeout. Stateless.
 */
final class ResponseWrites {
  /** Writes are cut into slices this large, so the deadline measures progress, not the size of an answer. */
  static final int SLICE = 64 * 1024;

  private ResponseWrites() {}

  static void write(Response response, boolean last, byte[] bytes, Duration timeout, String what)
      throws IOException, InterruptedException {
    int offset = 0;
    do {
      int n = Math.min(SLICE, bytes.length - offset);
      slice(response, last && offset + n == bytes.length, ByteBuffer.wrap(bytes, offset, n), timeout, what);
      offset += n;
    } while (offset < bytes.length);
  }

  private static void slice(Response response, boolean last, ByteBuffer slice, Duration timeout, String what)
      throws IOException, InterruptedException {
    int size = slice.remaining();
    FutureCallback done = new FutureCallback();
    response.write(last, slice, done);
    try {
      done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      FutureCallback.rethrow(e);
    } catch (TimeoutException e) {
      IOException failure = new IOException("the client did not take " + size + " bytes within "
          + timeout.toMillis() + " ms; " + what + " given up");
      response.getRequest().getConnectionMetaData().getConnection().getEndPoint().close(failure);
      throw failure;
    }
  }
}
