package dev.switchboard.gateway;

import dev.switchboard.protocol.Message;
import java.util.List;

/** The MCP (syslog) log levels in order, and the per-session filter a shared server needs. */
final class LogLevels {
  static final List<String> NAMES = List.of("debug", "info", "notice", "warning", "error", "critical", "alert",
      "emergency");
  /** A session that never called {@code logging/setLevel}: it gets whatever the server sends. */
  static final int UNSET = -1;
  /** Above every level: a 2026-07-28 request without {@code logLevel} in its {@code _meta} gets no log messages. */
  static final int SILENT = NAMES.size();

  private LogLevels() {}

  static int of(String name) {
    return NAMES.indexOf(name);
  }

  /**
   * A session's {@code logging/setLevel}, kept by the gateway (for a server it shares or starts per call): records
   * the level and returns it, or answers -32602 for an unknown level and returns -1.
   */
  static int apply(Caller session, Message.Request request, EventStream out) {
    int level = of(request.node().path("params").path("level").asString(""));
    if (level < 0) {
      out.offer(Message.error(request.id(), Errors.invalidParams("Invalid log level; expected one of " + NAMES)));
      return -1;
    }
    session.logLevel(level);
    return level;
  }

  /** Whether {@code notifications/message} passes a session's level. */
  static boolean admits(int sessionLevel, Message.Notification message) {
    if (sessionLevel == UNSET) {
      return true;
    }
    if (sessionLevel == SILENT) {
      return false;
    }
    int level = of(message.node().path("params").path("level").asString("info"));
    return level < 0 || level >= sessionLevel;
  }
}
