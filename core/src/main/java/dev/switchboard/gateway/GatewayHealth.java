package dev.switchboard.gateway;

import dev.switchboard.protocol.Json;
import dev.switchboard.upstream.BackendState;
import dev.switchboard.upstream.BackendStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bodies of {@code GET /health} and {@code GET /ready}, made from what the {@link Gateway} reports. Stateless:
 * any thread.
 */
final class GatewayHealth {
  private GatewayHealth() {}

  /** The gateway-wide figures at the top of {@code /health}. */
  record Figures(boolean stopping, String version, long uptimeSeconds, int activeSessions, int children,
      int waitingForInput) {}

  static ObjectNode health(Figures f, List<BackendStatus> servers, List<GroupStatus> groups,
      Map<String, Route> routes) {
    ObjectNode out = Json.object().put("status", f.stopping() ? "stopping" : "ok").put("version", f.version())
        .put("uptimeSeconds", f.uptimeSeconds()).put("activeSessions", f.activeSessions())
        .put("children", f.children()).put("waitingForInput", f.waitingForInput());
    var list = out.putArray("servers");
    servers.forEach(s -> server(list.addObject(), s, routes.get(s.name())));
    var groupList = out.putArray("groups");
    groups.forEach(g -> group(groupList.addObject(), g));
    return out;
  }

  /** Not ready while a server failed or crash-loops, or the gateway is stopping; with the reasons. */
  static ObjectNode readiness(List<BackendStatus> servers, boolean stopping) {
    ObjectNode out = Json.object();
    var blocked = out.putArray("notReady");
    servers.stream().filter(s -> s.state() == BackendState.FAILED || s.state() == BackendState.CRASH_LOOP)
        .forEach(s -> blocked.addObject().put("name", s.name()).put("state", state(s.state()))
            .put("error", Objects.requireNonNullElse(s.lastError(), "")));
    if (stopping) {
      blocked.addObject().put("name", "switchboard").put("state", "stopping");
    }
    return out.put("status", blocked.isEmpty() ? "ready" : "not-ready");
  }

  private static void server(ObjectNode node, BackendStatus s, @org.jspecify.annotations.Nullable Route route) {
    node.put("name", s.name()).put("kind", s.kind()).put("state", state(s.state())).put("connections",
        s.connections());
    Optional.ofNullable(route).ifPresent(r -> node.put("sharing",
        r.backend().policy().sharing().name().toLowerCase(Locale.ROOT)));
    if (s.lastError() != null) {
      node.put("error", s.lastError());
    }
  }

  /** A group: its state, client sessions, and each member with whether it is in the lists. */
  private static void group(ObjectNode node, GroupStatus g) {
    node.put("name", g.name()).put("state", state(g.status().state())).put("connections", g.status().connections());
    var members = node.putArray("members");
    g.members().forEach((name, up) -> members.addObject().put("name", name).put("available", up));
    if (g.status().lastError() != null) {
      node.put("error", g.status().lastError());
    }
  }

  private static String state(BackendState state) {
    return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
