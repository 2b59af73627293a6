package dev.switchboard.cli.setup;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stdio server a client file offers for import: its name, its normalized entry (see {@link StdioEntry}), where it
 * came from, and notes about what did not carry over. Immutable apart from the JSON node, which nobody mutates.
 */
record ServerOffer(String name, ObjectNode entry, String source, List<String> notes) {
  ServerOffer {
    notes = List.copyOf(notes);
  }
}
