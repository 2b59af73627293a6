package dev.switchboard.cli.setup;

import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stdio server a client file offers for import: its name, its normalized entry (see {@link StdioEntry}), where it
 * came from (for people, and as the file and the keys leading to its servers object, for {@code --rewrite}), the
 * entry as the file has it, and notes about what did not carry over. Immutable apart from the JSON nodes, which
 * nobody mutates.
 */
record ServerOffer(String name, ObjectNode entry, String source, List<String> notes, Path file, List<String> pointer,
    JsonNode original) {
  ServerOffer {
    notes = List.copyOf(notes);
    pointer = List.copyOf(pointer);
  }
}
