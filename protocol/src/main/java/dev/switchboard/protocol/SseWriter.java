package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Encodes Server-Sent Events to bytes. CR and LF are stripped from {@code id} and {@code event} so a value can never
 * inject a field; multi-line data becomes several {@code data:} lines. Stateless and thread safe.
 */
public final class SseWriter {
  private static final byte[] HEARTBEAT = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);

  private SseWriter() {}

  public static byte[] encode(@Nullable String id, @Nullable String event, String data) {
    StringBuilder out = new StringBuilder(data.length() + 48);
    if (event != null) {
      out.append("event: ").append(singleLine(event)).append('\n');
    }
    if (id != null) {
      out.append("id: ").append(singleLine(id)).append('\n');
    }
    appendData(out, data);
    return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * As {@link #encode} with {@code data} the UTF-8 bytes of compact JSON, which has no line break (a JSON string
   * escapes them): one {@code data:} line made of the bytes as they are, with no decoding and re-encoding per event.
   * Data with a line break after all takes the general path.
   */
  public static byte[] encodeJson(@Nullable String id, @Nullable String event, byte[] json) {
    for (byte b : json) {
      if (b == '\n' || b == '\r') {
        return encode(id, event, new String(json, StandardCharsets.UTF_8));
      }
    }
    StringBuilder head = new StringBuilder(48);
    if (event != null) {
      head.append("event: ").append(singleLine(event)).append('\n');
    }
    if (id != null) {
      head.append("id: ").append(singleLine(id)).append('\n');
    }
    byte[] start = head.append("data: ").toString().getBytes(StandardCharsets.UTF_8);
    byte[] out = java.util.Arrays.copyOf(start, start.length + json.length + 2);
    System.arraycopy(json, 0, out, start.length, json.length);
    out[out.length - 2] = '\n';
    out[out.length - 1] = '\n';
    return out;
  }

  /** A {@code retry:} field telling the client how long to wait before reconnecting. */
  public static byte[] retry(long millis) {
    return ("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** A comment line: ignored by parsers, keeps idle connections and proxies alive. */
  public static byte[] heartbeat() {
    return HEARTBEAT.clone();
  }

  private static void appendData(StringBuilder out, String data) {
    int start = 0;
    for (int i = 0; i < data.length(); i++) {
      char c = data.charAt(i);
      if (c == '\r' || c == '\n') {
        out.append("data: ").append(data, start, i).append('\n');
        if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    out.append("data: ").append(data, start, data.length()).append('\n');
  }

  static String singleLine(String value) {
    return value.indexOf('\r') < 0 && value.indexOf('\n') < 0 ? value : value.replace("\r", "").replace("\n", "");
  }
}
