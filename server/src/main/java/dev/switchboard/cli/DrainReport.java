package dev.switchboard.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Words a daemon's {@code /admin/activity} answer for {@code stop}: what it is still waiting for. Stateless. */
final class DrainReport {
  private DrainReport() {}

  /** E.g. "waiting for 1 request in flight (server everything) to finish, up to 16 s"; empty when none is. */
  static Optional<String> describe(JsonNode activity) {
    int inFlight = activity.path("inFlight").asInt(0);
    if (inFlight <= 0) {
      return Optional.empty();
    }
    List<String> servers = new ArrayList<>();
    activity.path("servers").properties().forEach(e -> servers.add(e.getKey() + (activity.path("servers").size() > 1
        ? ": " + e.getValue().asInt() : "")));
    String where = servers.isEmpty() ? "" : " (server" + (servers.size() > 1 ? "s " : " ") + String.join(", ", servers)
        + ")";
    return Optional.of("waiting for " + inFlight + (inFlight == 1 ? " request" : " requests") + " in flight" + where
        + " to finish, up to " + activity.path("graceSeconds").asLong() + " s");
  }
}
