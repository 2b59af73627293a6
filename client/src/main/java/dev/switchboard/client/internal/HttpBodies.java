package dev.switchboard.client.internal;

import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import dev.switchboard.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Small helpers for HTTP answers: content types, bounded reads, and the messages in a JSON body. Stateless. */
public final class HttpBodies {
  /** No JSON-RPC answer to one request is expected to be larger; bigger bodies are refused, not buffered. */
  public static final int MAX_JSON_BODY = 64 * 1024 * 1024;
  private static final int SNIPPET = 512;

  private HttpBodies() {}

  public static boolean isEventStream(HttpResponse<?> response) {
    return mediaType(response).equals("text/event-stream");
  }

  public static boolean isJson(HttpResponse<?> response) {
    String type = mediaType(response);
    return type.equals("application/json") || type.endsWith("+json");
  }

  /** Reads a whole body, refusing one over {@code limit} bytes. */
  public static byte[] read(InputStream in, int limit) throws IOException {
    byte[] bytes = in.readNBytes(limit + 1);
    if (bytes.length > limit) {
      throw new IOException("response body larger than " + limit + " bytes");
    }
    return bytes;
  }

  /** The start of a body as text, for error messages. */
  public static String snippet(byte[] bytes) {
    String text = new String(bytes, 0, Math.min(bytes.length, SNIPPET), StandardCharsets.UTF_8).strip();
    return bytes.length > SNIPPET ? text + "…" : text;
  }

  /** The messages of a JSON body (one or a batch); empty when the body is not JSON-RPC. */
  public static List<Message> messages(byte[] body) {
    try {
      return switch (MessageCodec.parseBody(body)) {
        case MessageCodec.Body.Single single -> List.of(single.message());
        case MessageCodec.Body.Batch batch -> batch.messages();
      };
    } catch (ProtocolException e) {
      return List.of();
    }
  }

  private static String mediaType(HttpResponse<?> response) {
    String type = response.headers().firstValue("Content-Type").orElse("");
    return type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
  }
}
