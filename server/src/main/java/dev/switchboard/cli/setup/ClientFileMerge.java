package dev.switchboard.cli.setup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges Switchboard entries into a client's config tree in place: new names are added, identical ones left, and a
 * different entry of the same name is kept unless the caller asked to replace it. Every other key and entry of the
 * file stays as it was. Stateless.
 */
final class ClientFileMerge {
  /** What happened to one name. */
  enum Outcome {
    ADDED("added"),
    UNCHANGED("unchanged"),
    REPLACED("replaced"),
    KEPT("kept");

    final String label;

    Outcome(String label) {
      this.label = label;
    }
  }

  record Change(String name, Outcome outcome) {}

  private ClientFileMerge() {}

  /** Throws {@link IllegalArgumentException} when {@code key} exists but is not an object. */
  static List<Change> merge(ObjectNode root, String key, Map<String, ObjectNode> entries, boolean replace) {
    JsonNode node = root.get(key);
    if (node != null && !node.isObject()) {
      throw new IllegalArgumentException("\"" + key + "\" is not an object");
    }
    ObjectNode servers = node == null ? root.putObject(key) : (ObjectNode) node;
    List<Change> changes = new ArrayList<>();
    entries.forEach((name, entry) -> {
      JsonNode present = servers.get(name);
      Outcome outcome = present == null ? Outcome.ADDED : present.equals(entry) ? Outcome.UNCHANGED
          : replace ? Outcome.REPLACED : Outcome.KEPT;
      if (outcome == Outcome.ADDED || outcome == Outcome.REPLACED) {
        servers.set(name, entry);
      }
      changes.add(new Change(name, outcome));
    });
    return changes;
  }

  static boolean changesFile(List<Change> changes) {
    return changes.stream().anyMatch(c -> c.outcome() == Outcome.ADDED || c.outcome() == Outcome.REPLACED);
  }
}
