package dev.switchboard.upstream.builtin.notes;

import dev.switchboard.protocol.Json;
import dev.switchboard.upstream.builtin.Args;
import dev.switchboard.upstream.builtin.InvalidArgumentException;
import dev.switchboard.upstream.builtin.Schema;
import dev.switchboard.upstream.builtin.Tool;
import dev.switchboard.upstream.builtin.ToolContext;
import dev.switchboard.upstream.builtin.ToolFailure;
import dev.switchboard.upstream.builtin.ToolResults;
import dev.switchboard.upstream.builtin.files.Globs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The notes server's tools that list and find notes: list, search, tags, backlinks, recent. Stateless. */
final class NoteQueryTools {
  private final Vault vault;

  NoteQueryTools(Vault vault) {
    this.vault = vault;
  }

  List<Tool> tools() {
    return List.of(
        new Tool("list_notes", "List notes in the vault or a folder, filtered by a glob, sorted and paged.",
            Schema.object().string("folder", "Folder inside the vault (default: the whole vault)")
                .string("glob", "Glob on the note's vault path, e.g. 'Projects/**/*.md'; without '/', on the file "
                    + "name, e.g. '2024-*'")
                .bool("recursive", "Include sub-folders (default true)")
                .oneOf("sort", "Sort key (default path)", "path", "title", "modified", "size")
                .oneOf("order", "asc or desc (default: asc for path and title, desc otherwise)", "asc", "desc")
                .integer("limit", "Page size (default 100)", 1, 1000)
                .integer("offset", "Notes to skip, for paging (default 0)", 0, Integer.MAX_VALUE).build(),
            this::list),
        new Tool("search_notes", "Full-text search: case-insensitive words that must all occur, \"exact phrases\", "
            + "-excluded words, #tag filters. Ranked; each hit has matching lines with line numbers.",
            Schema.object().string("query", "e.g. 'budget \"next quarter\" -draft #work'")
                .strings("tags", "Only notes with all of these tags (nested tags count)")
                .string("folder", "Only notes under this folder")
                .integer("limit", "Results per page (default 20)", 1, 200)
                .integer("offset", "Results to skip, for paging (default 0)", 0, Integer.MAX_VALUE)
                .integer("snippets", "Matching lines per note (default 3)", 0, 20).build(),
            this::search),
        new Tool("list_tags", "List the tags used in the vault (frontmatter and inline #tags) with note counts.",
            Schema.object().string("prefix", "Only tags starting with this, e.g. 'project/'")
                .oneOf("sort", "By note count (default) or name", "count", "name").build(),
            this::tags),
        new Tool("backlinks", "List the notes that link to a note ([[wikilinks]] and Markdown links), with the "
            + "linking line.", Schema.object().string("path", "The note's path in the vault").required("path").build(),
            this::backlinks),
        new Tool("recent_notes", "The most recently modified notes.",
            Schema.object().integer("limit", "How many (default 20)", 1, 500)
                .integer("days", "Only notes modified in the last N days", 1, 36500)
                .string("folder", "Only notes under this folder").build(),
            this::recent));
  }

  private JsonNode list(JsonNode args, ToolContext ctx) {
    String folder = folder(Args.string(args, "folder", ""));
    Predicate<Note> glob = glob(Args.optString(args, "glob"));
    boolean recursive = Args.bool(args, "recursive", true);
    String sort = Args.string(args, "sort", "path");
    boolean descending = Args.string(args, "order", sort.equals("path") || sort.equals("title") ? "asc" : "desc")
        .equals("desc");
    List<Note> notes = vault.index().all().stream().filter(n -> within(n, folder, recursive)).filter(glob)
        .sorted(order(sort, descending)).toList();
    return ToolResults.json(page(notes, args, 100, "notes", NoteQueryTools::describe).put("folder", folder));
  }

  private JsonNode search(JsonNode args, ToolContext ctx) {
    NoteSearch.Query query = NoteSearch.parse(Args.string(args, "query", ""), Args.strings(args, "tags"));
    String folder = folder(Args.string(args, "folder", ""));
    List<NoteSearch.Hit> hits = NoteSearch.rank(vault.index().all(), query, folder);
    int snippets = Args.integer(args, "snippets", 3, 0, 20);
    ObjectNode result = page(hits, args, 20, "results", (hit, node) -> {
      describe(hit.note(), node).put("score", Math.round(hit.score() * 100) / 100.0);
      ArrayNode lines = node.putArray("snippets");
      NoteSearch.snippets(vault.guard().root().resolve(hit.note().path()), query, snippets)
          .forEach(s -> lines.addObject().put("line", s.line()).put("text", s.text()));
    });
    return ToolResults.json(result.put("query", Args.string(args, "query", "")));
  }

  private JsonNode tags(JsonNode args, ToolContext ctx) {
    String prefix = Tags.key(Args.string(args, "prefix", ""));
    var counts = new java.util.TreeMap<String, int[]>();
    var shown = new java.util.HashMap<String, String>();
    for (Note note : vault.index().all()) {
      for (String tag : note.tags()) {
        String key = Tags.key(tag);
        if (key.startsWith(prefix)) {
          counts.computeIfAbsent(key, k -> new int[1])[0]++;
          shown.putIfAbsent(key, tag);
        }
      }
    }
    Comparator<Map.Entry<String, int[]>> order = Args.string(args, "sort", "count").equals("name")
        ? Map.Entry.comparingByKey()
        : Comparator.<Map.Entry<String, int[]>>comparingInt(e -> -e.getValue()[0])
            .thenComparing(Map.Entry.comparingByKey());
    ObjectNode result = Json.object().put("count", counts.size());
    ArrayNode list = result.putArray("tags");
    counts.entrySet().stream().sorted(order).forEach(e -> list.addObject().put("tag", shown.get(e.getKey()))
        .put("notes", e.getValue()[0]));
    return ToolResults.json(result);
  }

  private JsonNode backlinks(JsonNode args, ToolContext ctx) throws Exception {
    Vault.Location note = vault.locate(Args.string(args, "path"));
    vault.read(note);
    List<NoteIndex.Backlink> found = vault.index().backlinks(note.path());
    ObjectNode result = Json.object().put("path", note.path()).put("count", found.size());
    ArrayNode list = result.putArray("backlinks");
    found.forEach(b -> {
      ObjectNode item = list.addObject().put("source", b.source()).put("line", b.link().line())
          .put("context", b.link().context()).put("embed", b.link().embed());
      if (b.link().subpath() != null) {
        item.put("subpath", b.link().subpath());
      }
    });
    return ToolResults.json(result);
  }

  private JsonNode recent(JsonNode args, ToolContext ctx) {
    int limit = Args.integer(args, "limit", 20, 1, 500);
    JsonNode days = args.get("days");
    Instant since = days == null || days.isNull() ? Instant.EPOCH
        : Instant.now().minus(Duration.ofDays(Args.integer(args, "days", 1, 1, 36500)));
    String folder = folder(Args.string(args, "folder", ""));
    List<Note> notes = vault.index().all().stream().filter(n -> within(n, folder, true))
        .filter(n -> n.modified().isAfter(since)).sorted(order("modified", true)).limit(limit).toList();
    ObjectNode result = Json.object().put("count", notes.size());
    ArrayNode list = result.putArray("notes");
    notes.forEach(n -> describe(n, list.addObject()));
    return ToolResults.json(result);
  }

  /** One page of {@code items} as {@code key}, with total, offset and the next offset when more follow. */
  private static <T> ObjectNode page(List<T> items, JsonNode args, int defaultLimit, String key,
      java.util.function.BiConsumer<T, ObjectNode> write) {
    int limit = Args.integer(args, "limit", defaultLimit, 1, 1000);
    int offset = Args.integer(args, "offset", 0, 0, Integer.MAX_VALUE);
    ObjectNode result = Json.object().put("total", items.size()).put("offset", offset);
    ArrayNode list = result.putArray(key);
    items.stream().skip(offset).limit(limit).forEach(item -> write.accept(item, list.addObject()));
    if ((long) offset + limit < items.size()) {
      result.put("nextOffset", offset + limit);
    }
    return result;
  }

  static ObjectNode describe(Note note, ObjectNode node) {
    node.put("path", note.path()).put("title", note.title()).put("modified", note.modified().toString())
        .put("size", note.size());
    ArrayNode tags = node.putArray("tags");
    note.tags().forEach(tags::add);
    return node;
  }

  /** A folder argument as a vault-relative folder ("" for the whole vault); it must exist. */
  private String folder(String raw) {
    Path resolved = vault.guard().resolveFolder(raw);
    if (!Files.isDirectory(resolved)) {
      throw new ToolFailure("No folder '" + raw + "' in the vault");
    }
    return vault.guard().relative(resolved);
  }

  private static boolean within(Note note, String folder, boolean recursive) {
    if (folder.isEmpty()) {
      return recursive || note.folder().isEmpty();
    }
    return recursive ? note.path().startsWith(folder + "/") : note.folder().equals(folder);
  }

  private static Predicate<Note> glob(@Nullable String glob) {
    if (glob == null || glob.isEmpty()) {
      return n -> true;
    }
    PathMatcher matcher = Globs.matcher(glob, "glob");
    boolean onPath = glob.contains("/");
    return n -> matcher.matches(Path.of(onPath ? n.path() : n.path().substring(n.path().lastIndexOf('/') + 1)));
  }

  private static Comparator<Note> order(String sort, boolean descending) {
    Comparator<Note> by = switch (sort) {
      case "title" -> Comparator.comparing((Note n) -> n.title().toLowerCase(Locale.ROOT));
      case "modified" -> Comparator.comparing(Note::modified);
      case "size" -> Comparator.comparingLong(Note::size);
      case "path" -> Comparator.comparing(Note::path);
      default -> throw new InvalidArgumentException("sort", "Argument 'sort' must be path, title, modified or size, "
          + "not '" + sort + "'");
    };
    by = descending ? by.reversed() : by;
    return by.thenComparing(Note::path);
  }
}
