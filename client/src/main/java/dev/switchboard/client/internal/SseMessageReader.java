package dev.switchboard.client.internal;

import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.SseReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The JSON-RPC messages in one Server-Sent Events stream: {@code message} events with JSON data. Events with empty
 * data (the priming event that only carries an id and a retry) and data that is not a JSON-RPC message are skipped.
 * Not thread safe: owned by the thread that reads the stream.
 */
public final class SseMessageReader {
  private static final System.Logger LOG = System.getLogger(SseMessageReader.class.getName());

  private final SseReader events;

  public SseMessageReader(InputStream in) {
    this.events = new SseReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
  }

  /** The next message, or null when the stream ends. */
  public @Nullable Message next() throws IOException {
    SseEvent event;
    while ((event = events.next()) != null) {
      if (event.type().equals("message") && !event.data().isBlank()) {
        Message message = parse(event.data());
        if (message != null) {
          return message;
        }
      }
    }
    return null;
  }

  /** The id of the last event seen, for {@code Last-Event-ID} when resuming. */
  public @Nullable String lastEventId() {
    String id = events.lastEventId();
    return id == null || id.isEmpty() ? null : id;
  }

  /** The reconnection delay the server asked for, or -1. */
  public long retryMillis() {
    return events.retryMillis();
  }

  private static @Nullable Message parse(String data) {
    try {
      return MessageCodec.parse(data.getBytes(StandardCharsets.UTF_8));
    } catch (ProtocolException e) {
      LOG.log(System.Logger.Level.DEBUG, "skipped an SSE event that is not a JSON-RPC message: {0}", e.getMessage());
      return null;
    }
  }
}
