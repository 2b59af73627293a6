package dev.switchboard.cli.setup;

import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code import --rewrite}: in the clients' own files, each entry that Switchboard now serves under the same name
 * with the same definition becomes {@code <launcher> bridge NAME}. Each file is backed up before it is written; a dry
 * run prints the change per entry instead. Stateless.
 */
final class ClientRewrite {
  private ClientRewrite() {}

  /** One entry to replace in one client file. */
  record Edit(ServerOffer offer, ObjectNode replacement) {}

  /** The offers whose definition Switchboard's (merged) config holds under the same name, as bridge entries. */
  static List<Edit> plan(List<ServerOffer> offers, JsonNode servers, Path launcher) {
    return offers.stream().filter(o -> o.entry().equals(servers.get(o.name())))
        .map(o -> new Edit(o, bridgeEntry(o, launcher))).toList();
  }

  private static ObjectNode bridgeEntry(ServerOffer offer, Path launcher) {
    ObjectNode entry = Json.object();
    if (offer.original().has("type")) {
      entry.put("type", "stdio");
    }
    entry.put("command", launcher.toAbsolutePath().toString()).putArray("args").add("bridge").add(offer.name());
    return entry;
  }

  /** Prints the change per entry ({@code -} before, {@code +} after), file by file. */
  static void printDiff(List<Edit> edits, PrintWriter out) {
    byFile(edits).forEach((file, fileEdits) -> {
      out.println("--- " + file);
      out.println("+++ " + file + " (rewritten)");
      for (Edit edit : fileEdits) {
        String at = String.join(".", edit.offer().pointer()) + "." + edit.offer().name();
        out.println("- " + at + ": " + Json.text(edit.offer().original()));
        out.println("+ " + at + ": " + Json.text(edit.replacement()));
      }
    });
  }

  /** Writes each file after a backup; returns 0, or 4 (after saying which) when a file could not be written. */
  static int apply(List<Edit> edits, Clock clock, PrintWriter out, PrintWriter err) {
    for (Map.Entry<Path, List<Edit>> file : byFile(edits).entrySet()) {
      try {
        ObjectNode root = JsonFiles.readObject(file.getKey());
        for (Edit edit : file.getValue()) {
          container(root, edit.offer()).set(edit.offer().name(), edit.replacement());
        }
        Path backup = JsonFiles.backup(file.getKey(), clock);
        JsonFiles.writeAtomically(file.getKey(), JsonFiles.prettyBytes(root));
        out.println("Rewrote " + file.getKey() + " (previous version saved as " + backup + "): "
            + file.getValue().stream().map(e -> e.offer().name()).collect(Collectors.joining(", "))
            + " now launch switchboard bridge.");
      } catch (IOException | UnusableFileException e) {
        err.println("Cannot rewrite " + file.getKey() + ": " + e.getMessage());
        return 4;
      }
    }
    return 0;
  }

  private static ObjectNode container(ObjectNode root, ServerOffer offer) throws UnusableFileException {
    JsonNode node = root;
    for (String key : offer.pointer()) {
      node = node.path(key);
    }
    if (!(node instanceof ObjectNode servers)) {
      throw new UnusableFileException(offer.file(), "\"" + String.join(".", offer.pointer())
          + "\" changed while importing");
    }
    return servers;
  }

  private static Map<Path, List<Edit>> byFile(List<Edit> edits) {
    return edits.stream().collect(Collectors.groupingBy(e -> e.offer().file(), LinkedHashMap::new,
        Collectors.toList()));
  }
}
