package dev.switchboard.protocol;

import java.io.IOException;
import java.io.Reader;
import org.jspecify.annotations.Nullable;

/**
 * A Server-Sent Events parser after the WHATWG "event stream interpretation": fields {@code event}, {@code data}
 * (joined across lines), {@code id}, {@code retry}, comments, CR / LF / CRLF line ends and a leading BOM. It reads a
 * character stream and returns dispatched events one by one. Not thread safe: one reader per stream.
 */
public final class SseReader {
  private final Reader in;
  private final StringBuilder line = new StringBuilder();
  private final StringBuilder data = new StringBuilder();
  private @Nullable String eventType;
  private @Nullable String lastEventId;
  private long retryMillis = -1;
  private boolean first = true;
  private boolean pendingCr;
  private boolean sawData;

  public SseReader(Reader in) {
    this.in = in;
  }

  /** The last event id the stream set; what a reconnect sends as {@code Last-Event-ID}. */
  public @Nullable String lastEventId() {
    return lastEventId;
  }

  /** The last {@code retry} the stream sent, or -1. */
  public long retryMillis() {
    return retryMillis;
  }

  /** The next dispatched event, or null at the end of the stream (an unterminated last event is discarded). */
  public @Nullable SseEvent next() throws IOException {
    String text;
    while ((text = readLine()) != null) {
      SseEvent event = text.isEmpty() ? dispatch() : field(text);
      if (event != null) {
        return event;
      }
    }
    return null;
  }

  private @Nullable SseEvent field(String text) {
    if (text.charAt(0) == ':') {
      return null;
    }
    int colon = text.indexOf(':');
    String name = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    apply(name, value);
    return null;
  }

  private void apply(String name, String value) {
    switch (name) {
      case "event" -> eventType = value;
      case "data" -> {
        data.append(value).append('\n');
        sawData = true;
      }
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          lastEventId = value;
        }
      }
      case "retry" -> {
        if (!value.isEmpty() && value.length() < 19 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
          retryMillis = Long.parseLong(value); // ASCII digits only, as the standard says; absurd values ignored
        }
      }
      default -> {} // unknown fields are ignored, as the standard says
    }
  }

  private @Nullable SseEvent dispatch() {
    if (!sawData) {
      eventType = null;
      return null;
    }
    String body = data.substring(0, data.length() - 1);
    SseEvent event = new SseEvent(lastEventId, eventType, body);
    data.setLength(0);
    eventType = null;
    sawData = false;
    return event;
  }

  private @Nullable String readLine() throws IOException {
    line.setLength(0);
    int c;
    while ((c = in.read()) >= 0) {
      if (first) {
        first = false;
        if (c == '\uFEFF') {
          continue;
        }
      }
      if (pendingCr) {
        pendingCr = false;
        if (c == '\n') {
          continue;
        }
      }
      if (c == '\r' || c == '\n') {
        pendingCr = c == '\r';
        return line.toString();
      }
      line.append((char) c);
    }
    return null;
  }
}
