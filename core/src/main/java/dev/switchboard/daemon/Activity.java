package dev.switchboard.daemon;

import dev.switchboard.protocol.Json;
import dev.switchboard.upstream.builtin.Introspection.SessionInfo;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a daemon is busy with, as {@code GET /admin/activity} reports it: its state, the requests in flight in all and
 * by server, and how long a graceful stop waits for them. Stateless.
 */
final class Activity {
  private Activity() {}

  static ObjectNode of(DaemonState state, List<SessionInfo> sessions, Duration grace) {
    Map<String, Integer> byServer = new TreeMap<>();
    sessions.stream().filter(s -> s.inFlight() > 0).forEach(s -> byServer.merge(s.server(), s.inFlight(),
        Integer::sum));
    ObjectNode out = Json.object().put("state", state.name().toLowerCase(Locale.ROOT))
        .put("inFlight", byServer.values().stream().mapToInt(Integer::intValue).sum())
        .put("graceSeconds", grace.toSeconds());
    ObjectNode servers = out.putObject("servers");
    byServer.forEach(servers::put);
    return out;
  }
}
