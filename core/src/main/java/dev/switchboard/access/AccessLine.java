package dev.switchboard.access;

import dev.switchboard.gateway.RequestEvents;
import dev.switchboard.gateway.Session;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonSize;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The access log's lines as JSON objects, one field per fact, absent facts left out. Stateless. */
final class AccessLine {
  private AccessLine() {}

  /** A client request that reached a server, and how it ended. */
  static ObjectNode request(Instant time, RequestEvents.Exchange e, boolean payloads) {
    var session = e.session();
    ObjectNode line = start(time, "request", session.origin().address(), session.principal());
    line.put("session", session.logId()).put("transport", session.origin().transport())
        .put("era", session.protocolVersion()).put("server", e.server()).put("method", e.request().method());
    optional(line, "tool", e.tool());
    line.put("outcome", e.outcome().name().toLowerCase(Locale.ROOT));
    if (e.answer() instanceof Message.ErrorResponse error) {
      line.put("error", error.error().code());
    }
    line.put("durationMs", millis(e.nanos())).put("upstreamMs", millis(e.upstreamNanos()))
        .put("bytesIn", JsonSize.of(e.request().node()))
        .put("bytesOut", JsonSize.of(e.answer().node())).put("traceparent", e.traceparent());
    if (payloads) {
      line.set("arguments", Payloads.redacted(withoutMeta(e.request().params())));
      line.set(e.answer() instanceof Message.ErrorResponse ? "errorDetail" : "result",
          Payloads.redacted(e.answer().node().path(e.answer() instanceof Message.ErrorResponse ? "error" : "result")));
    }
    return line;
  }

  /** An HTTP exchange: what the listener knows of it. */
  static ObjectNode http(HttpExchange h) {
    ObjectNode line = start(h.time(), "http", h.client(), h.key());
    optional(line, "session", h.session());
    line.put("transport", h.transport());
    optional(line, "era", h.era());
    optional(line, "server", h.server());
    line.put("httpMethod", h.httpMethod()).put("path", h.path()).put("status", h.status())
        .put("durationMs", millis(h.nanos())).put("bytesIn", h.bytesIn()).put("bytesOut", h.bytesOut());
    optional(line, "traceparent", h.traceparent());
    return line;
  }

  /**
   * A message a frame wire carried ({@code direction} {@code in} from the client, {@code out} to it): what an HTTP
   * line says of an exchange, with the message's type, method and id.
   */
  static ObjectNode message(Instant time, Session session, Message message, boolean fromClient) {
    ObjectNode line = start(time, "message", session.origin().address(), session.principal());
    line.put("session", session.logId()).put("transport", session.origin().transport())
        .put("era", session.protocolVersion()).put("server", session.server())
        .put("direction", fromClient ? "in" : "out");
    switch (message) {
      case Message.Request r -> id(line.put("type", "request").put("method", r.method()), r.id());
      case Message.Notification n -> line.put("type", "notification").put("method", n.method());
      case Message.Response r -> id(line.put("type", "response"), r.id());
      case Message.ErrorResponse e -> id(line.put("type", "error").put("error", e.error().code()), e.id());
    }
    return line.put(fromClient ? "bytesIn" : "bytesOut", JsonSize.of(message.node()));
  }

  private static void id(ObjectNode line, @Nullable RequestId id) {
    if (id != null) {
      line.set("id", id.value());
    }
  }

  private static ObjectNode start(Instant time, String kind, String client, @Nullable String key) {
    ObjectNode line = Json.object().put("time", time.toString()).put("kind", kind);
    optional(line, "client", client.isEmpty() ? null : client);
    optional(line, "key", key);
    return line;
  }

  private static void optional(ObjectNode line, String field, @Nullable String value) {
    if (value != null) {
      line.put(field, value);
    }
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }

  private static JsonNode withoutMeta(@Nullable JsonNode params) {
    if (!(params instanceof ObjectNode object) || !object.has("_meta")) {
      return params == null ? Json.object() : params;
    }
    ObjectNode copy = object.deepCopy();
    copy.remove("_meta");
    return copy;
  }
}
