package dev.switchboard.gateway;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * W3C trace context on MCP requests: a {@code traceparent} travels to the server in {@code params._meta.traceparent}.
 * The request's own value wins, then the HTTP header's, and one is made when neither is valid. Stateless and thread
 * safe.
 */
public final class TraceContext {
  public static final String KEY = "traceparent";
  /** Version 00: trace id and parent id in lower-case hex, neither all zeros (checked separately), then flags. */
  private static final Pattern VALID = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
  private static final String ZERO_TRACE = "00-" + "0".repeat(32);
  private static final String ZERO_PARENT = "0".repeat(16);

  private TraceContext() {}

  /** Whether {@code value} is a {@code traceparent} this gateway passes on as it is. */
  public static boolean isValid(@Nullable String value) {
    return value != null && VALID.matcher(value).matches() && !value.startsWith(ZERO_TRACE)
        && !value.startsWith(ZERO_PARENT, 36);
  }

  /**
   * A new {@code traceparent}: a random trace and parent id, sampled flag off. Trace ids are labels, not secrets (as
   * in OpenTelemetry's id generator): a thread's own generator spares every request a global lock and a read of
   * {@code /dev/urandom}.
   */
  public static String fresh() {
    byte[] ids = new byte[24];
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < ids.length; i += 8) {
      long bits = random.nextLong();
      for (int b = 0; b < 8; b++) {
        ids[i + b] = (byte) (bits >>> (8 * b));
      }
    }
    ids[0] |= 1; // never all zeros
    ids[16] |= 1;
    HexFormat hex = HexFormat.of();
    return "00-" + hex.formatHex(ids, 0, 16) + "-" + hex.formatHex(ids, 16, 24) + "-00";
  }

  /** {@code params._meta.traceparent} of a message when it is valid, else null. */
  public static @Nullable String of(Message message) {
    JsonNode value = message.node().path("params").path("_meta").get(KEY);
    String text = value != null && value.isString() ? value.asString() : null;
    return isValid(text) ? text : null;
  }

  /**
   * {@code request} carrying the HTTP header's {@code traceparent} in its {@code _meta} when it has no valid one of
   * its own and the header is valid; otherwise {@code request} itself. The payload is copied, never changed.
   */
  public static Message.Request adopt(Message.Request request, @Nullable String header) {
    String value = header == null ? "" : header.strip();
    if (!isValid(value) || of(request) != null) {
      return request;
    }
    ObjectNode copy = Message.shallowCopy(request.node());
    meta(copy).put(KEY, value);
    return new Message.Request(request.id(), request.method(), copy);
  }

  /** As {@link #adopt(Message.Request, String)} for a request; any other message is returned as it is. */
  public static Message adopt(Message message, @Nullable String header) {
    return message instanceof Message.Request r ? adopt(r, header) : message;
  }

  /** Sets {@code _meta.traceparent} in an outgoing request (already a copy) to its valid value or a fresh one. */
  static String stamp(ObjectNode meta) {
    JsonNode value = meta.get(KEY);
    String text = value != null && value.isString() ? value.asString() : null;
    String kept = text != null && isValid(text) ? text : fresh();
    meta.put(KEY, kept);
    return kept;
  }

  /** The {@code params._meta} of {@code envelope}, both copied so the shared payload stays as it was. */
  static ObjectNode meta(ObjectNode envelope) {
    ObjectNode params = copyOf(envelope.get("params"));
    envelope.set("params", params);
    ObjectNode meta = copyOf(params.get("_meta"));
    params.set("_meta", meta);
    return meta;
  }

  private static ObjectNode copyOf(@Nullable JsonNode node) {
    ObjectNode copy = Json.object();
    if (node instanceof ObjectNode o) {
      copy.setAll(o);
    }
    return copy;
  }
}
