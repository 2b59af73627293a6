package dev.switchboard.cli;

import dev.switchboard.daemon.Instance;
import dev.switchboard.daemon.StateFile;
import dev.switchboard.protocol.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** How the CLI words a daemon's state, in the seed's shape ({@code ✅ Switchboard is running} / {@code URL: …}). */
final class Status {
  private Status() {}

  static void alreadyRunning(PrintWriter out, Instance.Running running) {
    out.println("✅ Switchboard is already running");
    running.state().ifPresent(s -> out.println("URL: " + s.url()));
    out.println("Process ID: " + running.process().pid());
  }

  static void running(PrintWriter out, Instance.Running running, Optional<JsonNode> health,
      Optional<JsonNode> stats) {
    out.println("✅ Switchboard is running");
    Optional<StateFile> state = running.state();
    state.ifPresent(s -> out.println("URL: " + s.url()));
    out.println("Active sessions: " + health.map(h -> h.path("activeSessions").asString("?")).orElse("?"));
    out.println("Process ID: " + running.process().pid());
    health.ifPresent(h -> out.println("Uptime: " + uptime(h.path("uptimeSeconds").asLong())));
    state.ifPresent(s -> out.println("Log: " + s.logFile()));
    health.ifPresent(h -> servers(out, h, stats.map(s -> s.path("servers")).orElse(Json.object())));
    if (health.isEmpty()) {
      out.println("(the daemon did not answer /health; it may be starting or stopping)");
    }
  }

  /** Each server's state from {@code /health}; a failed one says why, from the start (not at its first client). */
  static void servers(PrintWriter out, JsonNode health) {
    servers(out, health, Json.object());
  }

  /**
   * As above, with each server's calls, failed calls, p50/p99 latency and restarts (children started in place of one
   * that crashed) from {@code /admin/stats} ({@code figures}, by server name; a server without figures has had no
   * calls), the status page's figures.
   */
  static void servers(PrintWriter out, JsonNode health, JsonNode figures) {
    out.printf("Servers:%17s %-8s %6s %7s %7s %9s %9s %8s%n", "", "state", "conns", "calls", "errors", "p50", "p99",
        "restarts");
    for (JsonNode s : health.path("servers")) {
      String error = s.has("error") ? "  " + s.path("error").asString() : "";
      JsonNode f = figures.path(s.path("name").asString());
      out.printf("  %-22s %-8s %6d %7d %7d %9s %9s %8d%s%n", s.path("name").asString(), s.path("state").asString(),
          s.path("connections").asInt(), f.path("calls").asLong(), f.path("errors").asLong(), millis(f.get("p50Ms")),
          millis(f.get("p99Ms")), f.path("restarts").asLong(), error);
    }
    groups(out, health, figures);
  }

  /** Each group's state, members out of its lists, and the figures of the requests it routed to its members. */
  private static void groups(PrintWriter out, JsonNode health, JsonNode figures) {
    if (health.path("groups").isEmpty()) {
      return;
    }
    out.printf("Groups:%18s %-8s %6s %7s %7s %9s %9s%n", "", "state", "sessns", "calls", "errors", "p50", "p99");
    for (JsonNode g : health.path("groups")) {
      JsonNode f = figures.path(g.path("name").asString());
      java.util.List<String> down = new java.util.ArrayList<>();
      g.path("members").forEach(m -> {
        if (!m.path("available").asBoolean(true)) {
          down.add(m.path("name").asString());
        }
      });
      out.printf("  %-22s %-8s %6d %7d %7d %9s %9s%s%n", g.path("name").asString(), g.path("state").asString(),
          g.path("connections").asInt(), f.path("calls").asLong(), f.path("errors").asLong(), millis(f.get("p50Ms")),
          millis(f.get("p99Ms")), down.isEmpty() ? "" : "  out: " + String.join(", ", down));
    }
  }

  private static String millis(@org.jspecify.annotations.Nullable JsonNode ms) {
    return ms == null || !ms.isNumber() ? "-" : ms.asDouble() + "ms";
  }

  static String uptime(long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    if (d.toHours() > 0) {
      return d.toHours() + "h " + d.toMinutesPart() + "m";
    }
    return d.toMinutes() > 0 ? d.toMinutes() + "m " + d.toSecondsPart() + "s" : seconds + "s";
  }
}
