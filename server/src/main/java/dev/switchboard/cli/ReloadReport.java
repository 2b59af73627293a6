package dev.switchboard.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Prints a daemon's reload answer (or its dry run) for people: the settings applied live and those that keep their
 * running values until {@code switchboard restart}, each by its config path. Stateless.
 */
final class ReloadReport {
  private ReloadReport() {}

  /** Whether the answer names settings that wait for a restart. */
  static boolean restartNeeded(JsonNode answer) {
    return answer.path("restartNeeded").asBoolean(false);
  }

  /** With {@code dryRun}, worded as what a reload would do. */
  static void print(JsonNode answer, boolean dryRun, PrintWriter out) {
    List<String> applied = paths(answer, "applied");
    List<String> restart = paths(answer, "needsRestart");
    if (applied.isEmpty() && restart.isEmpty()) {
      out.println(dryRun ? "The running Switchboard already uses this configuration." : "No setting changed.");
      return;
    }
    if (!applied.isEmpty()) {
      out.println((dryRun ? "Would apply live: " : "Applied live: ") + String.join(", ", applied));
    }
    if (!restart.isEmpty()) {
      out.println("Needs a restart (switchboard restart; the running values stay until then): "
          + String.join(", ", restart));
    }
  }

  private static List<String> paths(JsonNode answer, String field) {
    List<String> out = new ArrayList<>();
    answer.path(field).forEach(p -> out.add(p.asString()));
    return out;
  }
}
