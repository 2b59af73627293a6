package dev.switchboard.upstream.builtin.notes;

import dev.switchboard.upstream.builtin.files.TextFile;
import dev.switchboard.upstream.builtin.yaml.YamlException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the index keeps of one note: identity, title, tags, links, file facts, and the lower-cased text that search
 * scans. Immutable; a changed note is replaced whole.
 *
 * @param path vault-relative, {@code /}-separated, with {@code .md}
 * @param name the file name without {@code .md}, which {@code [[links]]} use
 * @param folded the whole text, lower-cased, for case-insensitive search
 * @param titles title, file name and aliases, lower-cased, one per line, for title matches
 * @param frontmatterError why the frontmatter could not be read, or null
 */
record Note(String path, String name, String title, List<String> aliases, List<String> tags, List<NoteLink> links,
    Instant modified, long size, String version, String folded, String titles, @Nullable String frontmatterError) {

  /** Parses a note read from disk. Never throws: bad frontmatter is recorded, not fatal. */
  static Note parse(String path, TextFile file) {
    String text = file.text();
    ObjectNode frontmatter;
    String error = null;
    try {
      frontmatter = Frontmatter.read(text);
    } catch (YamlException e) {
      frontmatter = dev.switchboard.protocol.Json.object();
      error = e.getMessage();
    }
    MarkdownScan.Scan scan = MarkdownScan.scan(text, Frontmatter.bodyStart(text));
    List<String> tags = new ArrayList<>();
    Tags.fromFrontmatter(frontmatter, tags);
    scan.tags().forEach(t -> Tags.addUnique(tags, t));
    String name = nameOf(path);
    JsonNode titleNode = frontmatter.path("title");
    String title = titleNode.isString() && !titleNode.asString().isBlank() ? titleNode.asString().strip() : name;
    List<String> aliases = aliases(frontmatter);
    String titles = (title + "\n" + name + "\n" + String.join("\n", aliases)).toLowerCase(Locale.ROOT);
    return new Note(path, name, title, List.copyOf(aliases), List.copyOf(tags), List.copyOf(scan.links()),
        file.modified(), file.size(), file.version(), text.toLowerCase(Locale.ROOT), titles, error);
  }

  static String nameOf(String path) {
    String file = path.substring(path.lastIndexOf('/') + 1);
    return file.regionMatches(true, file.length() - 3, ".md", 0, 3) ? file.substring(0, file.length() - 3) : file;
  }

  String folder() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static List<String> aliases(ObjectNode frontmatter) {
    List<String> out = new ArrayList<>();
    for (String key : List.of("aliases", "alias")) {
      JsonNode value = frontmatter.path(key);
      if (value.isArray()) {
        value.forEach(v -> {
          if (v.isString()) {
            out.add(v.asString());
          }
        });
      } else if (value.isString()) {
        out.add(value.asString());
      }
    }
    return out;
  }
}
