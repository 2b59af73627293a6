package dev.switchboard.metrics;

import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status page's JSON: each server's and group's state with its sessions and request figures (a server's children
 * restarted after a crash too), each open session with its client, wire, era, key name and work in flight, and the
 * last failed requests. Built per request from the gateway and the metrics; stateless.
 */
public final class StatusReport {
  private StatusReport() {}

  public static ObjectNode of(Gateway gateway, GatewayMetrics metrics) {
    ObjectNode out = gateway.health();
    Map<String, Long> sessions = gateway.sessionRegistry().all().stream()
        .collect(Collectors.groupingBy(Session::server, Collectors.counting()));
    ObjectNode figures = ServerFigures.json(metrics.figures());
    for (String section : new String[] {"servers", "groups"}) {
      for (JsonNode entry : out.path(section)) {
        add((ObjectNode) entry, sessions, figures);
      }
    }
    restarts(out, restarts(gateway));
    var list = out.putArray("sessions");
    gateway.sessionRegistry().all().forEach(s -> session(list.addObject(), s));
    out.set("recentErrors", metrics.recentErrors());
    return out;
  }

  /**
   * Each configured server's children started in place of one that crashed, by server: the figure the page and
   * {@code GET /admin/stats} ({@code switchboard status}) show.
   */
  public static Map<String, Long> restarts(Gateway gateway) {
    Map<String, Long> out = new LinkedHashMap<>();
    gateway.childCounts().forEach((server, c) -> out.put(server, c.restarts()));
    return out;
  }

  private static void restarts(ObjectNode out, Map<String, Long> restarts) {
    for (JsonNode entry : out.path("servers")) {
      ((ObjectNode) entry).put("restarts", restarts.getOrDefault(entry.path("name").asString(), 0L));
    }
  }

  /** A server's or group's sessions and request figures (a group's: the requests it routed to members). */
  private static void add(ObjectNode s, Map<String, Long> sessions, ObjectNode figures) {
    String name = s.path("name").asString();
    s.put("sessions", sessions.getOrDefault(name, 0L));
    JsonNode f = figures.path(name);
    s.put("calls", f.path("calls").asLong()).put("errors", f.path("errors").asLong());
    if (f.has("p50Ms")) {
      s.set("p50Ms", f.get("p50Ms"));
      s.set("p99Ms", f.get("p99Ms"));
    }
  }

  private static void session(ObjectNode node, Session s) {
    node.put("id", s.logId()).put("server", s.server())
        .put("client", s.clientInfo().path("name").asString("")).put("clientVersion",
            s.clientInfo().path("version").asString("")).put("transport", s.origin().transport())
        .put("era", s.protocolVersion()).put("key", s.principal())
        .put("ageSeconds", Duration.between(s.created(), Instant.now()).toSeconds()).put("inFlight", s.inFlight());
  }
}
