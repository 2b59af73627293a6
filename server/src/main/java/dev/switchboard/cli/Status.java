package dev.switchboard.cli;

import dev.switchboard.daemon.Instance;
import dev.switchboard.daemon.StateFile;
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

  static void running(PrintWriter out, Instance.Running running, Optional<JsonNode> health) {
    out.println("✅ Switchboard is running");
    Optional<StateFile> state = running.state();
    state.ifPresent(s -> out.println("URL: " + s.url()));
    out.println("Active sessions: " + health.map(h -> h.path("activeSessions").asString("?")).orElse("?"));
    out.println("Process ID: " + running.process().pid());
    health.ifPresent(h -> out.println("Uptime: " + uptime(h.path("uptimeSeconds").asLong())));
    state.ifPresent(s -> out.println("Log: " + s.logFile()));
    health.ifPresent(h -> servers(out, h));
    if (health.isEmpty()) {
      out.println("(the daemon did not answer /health; it may be starting or stopping)");
    }
  }

  /** Each server's state from {@code /health}; a failed one says why, from the start (not at its first client). */
  static void servers(PrintWriter out, JsonNode health) {
    out.println("Servers:");
    for (JsonNode s : health.path("servers")) {
      String error = s.has("error") ? "  " + s.path("error").asString() : "";
      out.printf("  %-20s %-8s %d connection(s)%s%n", s.path("name").asString(), s.path("state").asString(),
          s.path("connections").asInt(), error);
    }
  }

  static String uptime(long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    if (d.toHours() > 0) {
      return d.toHours() + "h " + d.toMinutesPart() + "m";
    }
    return d.toMinutes() > 0 ? d.toMinutes() + "m " + d.toSecondsPart() + "s" : seconds + "s";
  }
}
