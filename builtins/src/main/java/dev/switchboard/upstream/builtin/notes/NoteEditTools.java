package dev.switchboard.upstream.builtin.notes;

import dev.switchboard.protocol.Json;
import dev.switchboard.upstream.builtin.Args;
import dev.switchboard.upstream.builtin.InvalidArgumentException;
import dev.switchboard.upstream.builtin.Schema;
import dev.switchboard.upstream.builtin.Tool;
import dev.switchboard.upstream.builtin.ToolContext;
import dev.switchboard.upstream.builtin.ToolResults;
import dev.switchboard.upstream.builtin.files.TextFile;
import java.nio.file.Files;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The notes server's tools that change notes: create, append, replace a section, update frontmatter, move, delete.
 * Each edit is atomic, keeps the note's encoding and line endings, and accepts {@code expectedVersion} to refuse
 * when the note changed since the client read it. Stateless.
 */
final class NoteEditTools {
  private static final String VERSION = "Refuse (writing nothing) unless the note is still at this version, "
      + "as returned by read_note";

  private final Vault vault;

  NoteEditTools(Vault vault) {
    this.vault = vault;
  }

  List<Tool> tools() {
    return List.of(
        new Tool("create_note", "Create a note (folders are created as needed). Refuses to replace an existing "
            + "note unless overwrite is true.", Schema.object().string("path", "Path in the vault ('.md' optional)")
                .string("content", "Markdown text").object("frontmatter", "Frontmatter keys to write, as JSON")
                .bool("overwrite", "Replace an existing note (default false)").required("path").build(), this::create),
        new Tool("append_note", "Append text to the end of a note, or to the end of one section.",
            Schema.object().string("path", "The note's path").string("content", "Markdown text to add")
                .string("heading", "Add at the end of this section instead, e.g. 'Log' or 'Project > Log'")
                .bool("createIfMissing", "Create the note when it does not exist (default false)")
                .string("expectedVersion", VERSION).required("path", "content").build(), this::append),
        new Tool("replace_section", "Replace the text under a heading (up to the next heading of the same or a "
            + "higher level); the heading line stays.", Schema.object().string("path", "The note's path")
                .string("heading", "The heading, e.g. 'Tasks' or 'Project > Tasks'")
                .string("content", "The section's new text").string("expectedVersion", VERSION)
                .required("path", "heading", "content").build(), this::replaceSection),
        new Tool("update_frontmatter", "Set or remove frontmatter keys; other keys, comments and order are kept.",
            Schema.object().string("path", "The note's path").object("set", "Keys to set, with JSON values")
                .strings("remove", "Keys to remove").string("expectedVersion", VERSION).required("path").build(),
            this::updateFrontmatter),
        new Tool("move_note", "Move or rename a note, rewriting [[wikilinks]] and Markdown links that point to it.",
            Schema.object().string("from", "The note's current path")
                .string("to", "The new path; ending in '/' moves it into that folder under the same name")
                .bool("updateLinks", "Rewrite links in other notes (default true)").required("from", "to").build(),
            this::move),
        new Tool("delete_note", "Delete a note by moving it to the vault's .trash folder, from where move_note can "
            + "restore it.", Schema.object().string("path", "The note's path").required("path").build(),
            this::delete));
  }

  private JsonNode create(JsonNode args, ToolContext ctx) throws Exception {
    Vault.Location note = vault.locate(Args.string(args, "path"));
    String content = Args.string(args, "content", "");
    ObjectNode frontmatter = Args.object(args, "frontmatter");
    if (frontmatter != null && !frontmatter.isEmpty()) {
      TextFile draft = new TextFile(note.file(), content, java.nio.charset.StandardCharsets.UTF_8, false,
          content.contains("\r\n") ? "\r\n" : "\n", "", java.time.Instant.EPOCH, 0);
      content = Frontmatter.update(draft, frontmatter, List.of());
    }
    boolean existed = Files.exists(note.file());
    TextFile written = vault.create(note, content, Args.bool(args, "overwrite", false));
    return ToolResults.json(written(note.path(), written, true).put("created", !existed));
  }

  private JsonNode append(JsonNode args, ToolContext ctx) throws Exception {
    Vault.Location note = vault.locate(Args.string(args, "path"));
    String content = Args.string(args, "content");
    String heading = Args.optString(args, "heading");
    if (Args.bool(args, "createIfMissing", false) && !Files.exists(note.file()) && heading == null) {
      TextFile created = vault.create(note, content.endsWith("\n") ? content : content + "\n", false);
      return ToolResults.json(written(note.path(), created, true).put("created", true));
    }
    return edit(note, args, file -> heading == null ? Sections.appendToEnd(file, content)
        : Sections.append(file, heading, content));
  }

  private JsonNode replaceSection(JsonNode args, ToolContext ctx) throws Exception {
    Vault.Location note = vault.locate(Args.string(args, "path"));
    String heading = Args.string(args, "heading");
    String content = Args.string(args, "content", "");
    return edit(note, args, file -> Sections.replace(file, heading, content));
  }

  private JsonNode updateFrontmatter(JsonNode args, ToolContext ctx) throws Exception {
    Vault.Location note = vault.locate(Args.string(args, "path"));
    ObjectNode set = Args.object(args, "set");
    List<String> remove = Args.strings(args, "remove");
    if ((set == null || set.isEmpty()) && remove.isEmpty()) {
      throw new InvalidArgumentException("set", "Give keys to 'set' (an object) and/or to 'remove' (a list)");
    }
    ObjectNode toSet = set == null ? Json.object() : set;
    return edit(note, args, file -> Frontmatter.update(file, toSet, remove));
  }

  private JsonNode move(JsonNode args, ToolContext ctx) throws Exception {
    NoteMover.Result moved = NoteMover.move(vault, Args.string(args, "from"), Args.string(args, "to"),
        Args.bool(args, "updateLinks", true));
    ObjectNode result = Json.object().put("from", moved.from()).put("to", moved.to());
    ArrayNode updated = result.putArray("linksUpdatedIn");
    moved.updated().forEach(updated::add);
    if (!moved.failed().isEmpty()) {
      ArrayNode failed = result.putArray("linksNotUpdated");
      moved.failed().forEach(failed::add);
    }
    return ToolResults.json(result);
  }

  private JsonNode delete(JsonNode args, ToolContext ctx) throws Exception {
    Vault.Location note = vault.locate(Args.string(args, "path"));
    int linking = (int) vault.index().backlinks(note.path()).stream().map(NoteIndex.Backlink::source).distinct()
        .count();
    String trashed = vault.trash(note);
    return ToolResults.json(Json.object().put("path", note.path()).put("trashedTo", trashed)
        .put("notesLinkingToIt", linking)
        .put("restore", "move_note from '" + trashed + "' to '" + note.path() + "'"));
  }

  private JsonNode edit(Vault.Location note, JsonNode args, Vault.Change change) throws Exception {
    TextFile before = vault.read(note);
    TextFile after = vault.edit(note, Args.optString(args, "expectedVersion"), change);
    return ToolResults.json(written(note.path(), after, !after.version().equals(before.version())));
  }

  private static ObjectNode written(String path, TextFile file, boolean changed) {
    return Json.object().put("path", path).put("version", file.version()).put("size", file.size())
        .put("modified", file.modified().toString()).put("changed", changed);
  }
}
