package dev.switchboard.upstream.builtin.notes;

import dev.switchboard.protocol.Json;
import dev.switchboard.upstream.builtin.Args;
import dev.switchboard.upstream.builtin.Schema;
import dev.switchboard.upstream.builtin.Tool;
import dev.switchboard.upstream.builtin.ToolContext;
import dev.switchboard.upstream.builtin.ToolResults;
import dev.switchboard.upstream.builtin.files.TextFile;
import dev.switchboard.upstream.builtin.yaml.YamlException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code read_note} tool: a note's content (whole, or one section) with its frontmatter as JSON, tags,
 * headings, outgoing links (resolved where they can be) and the version a later edit can name. Stateless.
 */
final class NoteReadTool {
  private final Vault vault;

  NoteReadTool(Vault vault) {
    this.vault = vault;
  }

  Tool tool() {
    return new Tool("read_note", "Read a note: content, frontmatter as JSON, tags, headings, outgoing links, and "
        + "its version (pass it as expectedVersion to an edit to refuse if the note changed meanwhile).",
        Schema.object().string("path", "The note's path in the vault ('.md' optional)")
            .string("section", "Only this heading's section, e.g. 'Tasks' or 'Project > Tasks'")
            .bool("includeContent", "Include the text (default true)").required("path").build(),
        this::read);
  }

  private JsonNode read(JsonNode args, ToolContext ctx) throws Exception {
    Vault.Location location = vault.locate(Args.string(args, "path"));
    TextFile file = vault.read(location);
    Note note = Note.parse(location.path(), file);
    ObjectNode result = Json.object().put("path", location.path()).put("title", note.title())
        .put("version", file.version()).put("modified", file.modified().toString()).put("size", file.size())
        .put("lineEnding", file.lineEnding().equals("\r\n") ? "crlf" : "lf")
        .put("encoding", file.charset().name() + (file.bom() ? " with BOM" : ""));
    frontmatter(file, result);
    ArrayNode tags = result.putArray("tags");
    note.tags().forEach(tags::add);
    headings(file.text(), result.putArray("headings"));
    links(note, result.putArray("links"));
    if (Args.bool(args, "includeContent", true)) {
      String section = Args.optString(args, "section");
      result.put("content", section == null ? file.text() : section(file.text(), section));
    }
    return ToolResults.json(result);
  }

  private static void frontmatter(TextFile file, ObjectNode result) {
    try {
      result.set("frontmatter", Frontmatter.read(file.text()));
    } catch (YamlException e) {
      result.putObject("frontmatter");
      result.put("frontmatterError", e.getMessage());
    }
  }

  private static void headings(String text, ArrayNode into) {
    MarkdownScan.scan(text, Frontmatter.bodyStart(text)).headings().forEach(h -> into.addObject()
        .put("level", h.level()).put("text", h.text()).put("line", h.line() + 1));
  }

  private void links(Note note, ArrayNode into) {
    for (NoteLink link : note.links()) {
      ObjectNode item = into.addObject().put("target", link.target()).put("line", link.line())
          .put("kind", link.wiki() ? "wikilink" : "markdown").put("embed", link.embed());
      String resolved = vault.index().resolve(link.target(), note.path());
      if (resolved == null) {
        item.putNull("resolved");
      } else {
        item.put("resolved", resolved);
      }
      if (link.subpath() != null) {
        item.put("subpath", link.subpath());
      }
      if (link.alias() != null) {
        item.put("alias", link.alias());
      }
    }
  }

  private static String section(String text, String heading) {
    Sections.Section section = Sections.find(text, heading);
    return text.substring(section.heading().start(), section.bodyEnd());
  }
}
