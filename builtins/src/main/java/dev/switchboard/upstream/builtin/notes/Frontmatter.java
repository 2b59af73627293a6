package dev.switchboard.upstream.builtin.notes;

import dev.switchboard.protocol.Json;
import dev.switchboard.upstream.builtin.ToolFailure;
import dev.switchboard.upstream.builtin.files.LineIndex;
import dev.switchboard.upstream.builtin.files.TextFile;
import dev.switchboard.upstream.builtin.yaml.Yaml;
import dev.switchboard.upstream.builtin.yaml.YamlException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A note's YAML frontmatter: finding the block, reading it as JSON, and changing top-level keys line by line, so
 * every other line (comments, key order, formatting) stays exactly as written. Stateless.
 */
final class Frontmatter {
  private Frontmatter() {}

  /** Offsets of a frontmatter block: its YAML text, and where the body after the closing line starts. */
  record Block(int contentStart, int contentEnd, int end) {}

  static @Nullable Block find(String text) {
    if (!text.startsWith("---")) {
      return null;
    }
    LineIndex lines = new LineIndex(text);
    if (!lines.line(0).stripTrailing().equals("---")) {
      return null;
    }
    for (int i = 1; i < lines.count(); i++) {
      String line = lines.line(i).stripTrailing();
      if (line.equals("---") || line.equals("...")) {
        return new Block(lines.next(0), lines.start(i), lines.next(i));
      }
    }
    return null;
  }

  /** Where the body starts: after the frontmatter, or 0. */
  static int bodyStart(String text) {
    Block block = find(text);
    return block == null ? 0 : block.end();
  }

  /** The frontmatter as an object, empty when there is none; {@link YamlException} when it is not a valid mapping. */
  static ObjectNode read(String text) {
    Block block = find(text);
    if (block == null) {
      return Json.object();
    }
    JsonNode node = Yaml.read(text.substring(block.contentStart(), block.contentEnd()));
    if (node.isNull()) {
      return Json.object();
    }
    if (!(node instanceof ObjectNode object)) {
      throw new YamlException(2, "frontmatter must be a mapping of keys to values, not a " + node.getNodeType());
    }
    return object;
  }

  /**
   * The file's text with {@code set} keys written (replacing their old lines, or added at the end) and
   * {@code remove} keys dropped. Refuses, changing nothing, when the result would not read back as valid YAML.
   */
  static String update(TextFile file, ObjectNode set, List<String> remove) {
    String text = file.text();
    Block block = find(text);
    List<String> lines = block == null ? new ArrayList<>() : split(text.substring(block.contentStart(),
        block.contentEnd()));
    for (var entry : set.properties()) {
      replace(lines, entry.getKey(), Yaml.entry(entry.getKey(), entry.getValue()));
    }
    remove.forEach(key -> replace(lines, key, null));
    String eol = file.lineEnding();
    String body = block == null ? text : text.substring(block.end());
    String updated = lines.isEmpty() ? body : "---" + eol + String.join(eol, lines) + eol + "---" + eol + body;
    try {
      read(updated);
    } catch (YamlException e) {
      throw new ToolFailure("The frontmatter would not be valid YAML after this change (" + e.getMessage()
          + "); nothing was written", e);
    }
    return updated;
  }

  /** Replaces the lines of {@code key} with {@code entry} (added at the end when absent), or drops them for null. */
  private static void replace(List<String> lines, String key, @Nullable String entry) {
    int from = -1;
    for (int i = 0; i < lines.size() && from < 0; i++) {
      from = key.equals(Yaml.topLevelKey(lines.get(i))) ? i : -1;
    }
    List<String> replacement = entry == null ? List.of() : Arrays.asList(entry.split("\n"));
    if (from < 0) {
      lines.addAll(replacement);
      return;
    }
    int to = end(lines, from);
    lines.subList(from, to).clear();
    lines.addAll(from, replacement);
  }

  /** The index after a key's last line: its value runs over deeper lines and same-level {@code - } items. */
  private static int end(List<String> lines, int from) {
    int to = from + 1;
    while (to < lines.size() && continuesValue(lines.get(to))) {
      to++;
    }
    while (to > from + 1 && lines.get(to - 1).isBlank()) {
      to--; // blank lines between keys stay where they are
    }
    return to;
  }

  private static boolean continuesValue(String line) {
    return line.isBlank() || line.startsWith(" ") || line.startsWith("\t") || line.equals("-")
        || line.startsWith("- ");
  }

  private static List<String> split(String yaml) {
    List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\r\n|\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }
}
