package dev.switchboard.transport.http;

import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.SseWriter;
import dev.switchboard.transport.OutboxWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;

/**
 * An outbox written as a long-lived SSE response, for the wires whose answers all travel on one stream (legacy
 * HTTP+SSE, the seed's {@code GET /sse}): one {@code event: message} per JSON-RPC message, comment heartbeats while
 * quiet, every write with a deadline. Not thread safe: the request's own thread writes.
 */
final class SseFrames implements OutboxWriter.Frames {
  private final Response response;
  private final Duration heartbeat;
  private final String what;
  private long lastWrite = System.nanoTime();

  SseFrames(Response response, Duration heartbeat, String what) {
    this.response = response;
    this.heartbeat = heartbeat;
    this.what = what;
  }

  /** Sends the headers and the wire's opening event ({@code endpoint}, {@code connected}). */
  void open(String event, String data) throws IOException {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, no-transform");
    response.getHeaders().put("X-Accel-Buffering", "no");
    send(SseWriter.encode(null, event, data));
  }

  @Override
  public void write(Message message) throws IOException {
    send(SseWriter.encodeJson(null, "message", message.bytes()));
  }

  @Override
  public void flush() {
    // every write above is already on its way
  }

  @Override
  public void idle() throws IOException {
    if (System.nanoTime() - lastWrite >= heartbeat.toNanos()) {
      send(SseWriter.heartbeat());
    }
  }

  /** Ends the response cleanly (the client may still be reading). */
  void close() throws IOException {
    send(new byte[0], true);
  }

  private void send(byte[] bytes) throws IOException {
    send(bytes, false);
  }

  private void send(byte[] bytes, boolean last) throws IOException {
    try {
      ResponseWrites.write(response, last, bytes, StreamResponder.WRITE_TIMEOUT, what);
      lastWrite = System.nanoTime();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted writing " + what);
    }
  }
}
