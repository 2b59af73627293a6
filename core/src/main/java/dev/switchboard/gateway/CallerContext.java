package dev.switchboard.gateway;

import dev.switchboard.protocol.RequestMeta;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a 2026-07-28 child is told about the caller of each request it gets: it takes no context from a handshake, so
 * the request carries its own caller's capabilities, client info and log level, whatever the client itself put in
 * {@code _meta}. Stateless.
 */
final class CallerContext {
  private CallerContext() {}

  /**
   * Writes {@code caller}'s context into {@code meta}; no level when the caller set none here (the child's adapter then
   * keeps the one it was sent).
   */
  static void stamp(ObjectNode meta, Caller caller, JsonNode capabilities) {
    meta.set(RequestMeta.CLIENT_CAPABILITIES, capabilities);
    JsonNode info = caller.declaredClientInfo();
    if (info != null) {
      meta.set(RequestMeta.CLIENT_INFO, info);
    }
    int level = caller.logLevel();
    if (level >= 0 && level < LogLevels.SILENT) {
      meta.put(RequestMeta.LOG_LEVEL, LogLevels.NAMES.get(level));
    } else {
      meta.remove(RequestMeta.LOG_LEVEL);
    }
  }
}
