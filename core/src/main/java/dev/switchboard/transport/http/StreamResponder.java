package dev.switchboard.transport.http;

import dev.switchboard.gateway.EventStream;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.SseWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;

/**
 * Writes one {@link EventStream} to one HTTP response, on the request's own virtual thread. A POST whose answers
 * arrive with nothing before them (and within one heartbeat) gets a plain JSON body; anything else becomes an SSE
 * stream with event ids (for {@code Last-Event-ID}), an optional priming event, and comment heartbeats while idle.
 * A client that goes away only detaches: the stream keeps its events for a resuming GET. Every write has a deadline
 * ({@link #WRITE_TIMEOUT}, {@link ResponseWrites}): a client that reads nothing fails the write, its connection is closed and the stream is
 * released, rather than holding a thread and the stream's events until the connection's idle timeout. A stream the
 * gateway cut off (the client fell {@code limits.maxStreamEvents} behind) ends the response. Not thread safe.
 */
final class StreamResponder {
  private static final Logger LOG = LoggerFactory.getLogger(StreamResponder.class);
  static final long RETRY_MILLIS = 1000;
  /** How long a client may take to accept one {@link ResponseWrites#SLICE} of a stream before its connection is given up. */
  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

  private final Response response;
  private final EventStream stream;
  private final int token;
  private final Duration heartbeat;
  private final Duration writeTimeout;

  /** {@code token}: this consumer's claim on the stream, from {@link EventStream#attach()} or takeOver. */
  StreamResponder(Response response, EventStream stream, int token, Duration heartbeat) {
    this(response, stream, token, heartbeat, WRITE_TIMEOUT);
  }

  StreamResponder(Response response, EventStream stream, int token, Duration heartbeat, Duration writeTimeout) {
    this.response = response;
    this.stream = stream;
    this.token = token;
    this.heartbeat = heartbeat;
    this.writeTimeout = writeTimeout;
  }

  /** Answers a POST: JSON when possible, else SSE. {@code batch} wraps JSON answers in an array. */
  void answer(boolean batch, boolean priming) throws IOException, InterruptedException {
    EventStream.Batch first = stream.await(0, heartbeat, token);
    if (first.finished() && !first.cutOff() && allResponses(first.events())) {
      try {
        byte[] body = batch ? array(first.events()) : first.events().get(0).message().bytes();
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpReplies.JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length); // sliced writes still send a length
        write(true, body);
        stream.delivered(last(first.events()));
      } finally {
        stream.detach(token);
      }
      return;
    }
    sse(first, 0, priming);
  }

  /** Streams from {@code cursor} on (a resumed or standalone stream). */
  void stream(long cursor, boolean priming) throws IOException, InterruptedException {
    sse(new EventStream.Batch(List.of(), false, false), cursor, priming);
  }

  private void sse(EventStream.Batch first, long from, boolean priming) throws IOException, InterruptedException {
    startSse();
    long cursor = from;
    try {
      // commit the headers now: a client waiting on a quiet stream must not wait a heartbeat to see it opened
      write(false, priming ? primingEvent(cursor) : new byte[0]);
      EventStream.Batch batch = first;
      while (true) {
        cursor = writeAll(batch.events(), cursor);
        if (batch.finished() || batch.cutOff() || batch.displaced()) {
          logCutOff(batch);
          break;
        }
        batch = stream.await(cursor, heartbeat, token);
        if (batch.events().isEmpty() && !batch.finished() && !batch.cutOff()) {
          write(false, SseWriter.heartbeat());
        }
      }
      write(true, new byte[0]);
    } catch (IOException e) {
      LOG.debug("client left stream {}: {}", stream.id(), e.toString());
      throw e;
    } finally {
      stream.detach(token);
    }
  }

  private long writeAll(List<EventStream.Event> events, long cursor) throws IOException, InterruptedException {
    if (events.isEmpty()) {
      return cursor;
    }
    for (EventStream.Event e : events) {
      write(false, SseWriter.encodeJson(e.id(), null, e.message().bytes()));
      stream.delivered(e.seq());
    }
    return last(events);
  }

  private void startSse() {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, no-transform");
    response.getHeaders().put("X-Accel-Buffering", "no");
  }

  private void write(boolean last, byte[] bytes) throws IOException, InterruptedException {
    ResponseWrites.write(response, last, bytes, writeTimeout, "stream " + stream.id());
  }

  /** SEP-1699: an event with an id and empty data, plus how long to wait before reconnecting. */
  private byte[] primingEvent(long cursor) {
    String id = stream.id() + "-" + cursor;
    return ("id: " + id + "\nretry: " + RETRY_MILLIS + "\ndata: \n\n").getBytes(
        java.nio.charset.StandardCharsets.UTF_8);
  }

  private void logCutOff(EventStream.Batch batch) {
    if (batch.cutOff()) {
      LOG.debug("stream {} ends: it was cut off (the cut itself is logged when it happens)", stream.id());
    }
  }

  private static boolean allResponses(List<EventStream.Event> events) {
    for (EventStream.Event e : events) {
      if (!(e.message() instanceof Message.Response || e.message() instanceof Message.ErrorResponse)) {
        return false;
      }
    }
    return !events.isEmpty();
  }

  private static byte[] array(List<EventStream.Event> events) {
    ArrayNode array = Json.NODES.arrayNode();
    events.forEach(e -> array.add(e.message().node()));
    return Json.bytes(array);
  }

  private static long last(List<EventStream.Event> events) {
    return events.get(events.size() - 1).seq();
  }
}
