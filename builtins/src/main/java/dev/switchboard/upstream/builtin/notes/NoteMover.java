package dev.switchboard.upstream.builtin.notes;

import dev.switchboard.upstream.builtin.ToolFailure;
import dev.switchboard.upstream.builtin.files.EditConflictException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves or renames a note and rewrites the links that pointed at it. Which links point at the note is decided before
 * the move (resolution depends on what exists); each linking note is then rewritten under its own lock, one at a
 * time, so a move never holds two notes while waiting for a third. Stateless; thread safe.
 */
final class NoteMover {
  private static final Logger LOG = LoggerFactory.getLogger(NoteMover.class);

  private NoteMover() {}

  /** What a move did: notes whose links were rewritten, and those that could not be (with why). */
  record Result(String from, String to, List<String> updated, List<String> failed) {}

  static Result move(Vault vault, String fromRaw, String toRaw, boolean updateLinks) throws Exception {
    Vault.Location from = vault.locate(fromRaw);
    boolean intoFolder = toRaw.endsWith("/") || toRaw.endsWith("\\");
    Vault.Location to = vault.locate(intoFolder ? toRaw + from.path().substring(from.path().lastIndexOf('/') + 1)
        : toRaw);
    if (from.path().equals(to.path())) {
      throw new ToolFailure("'" + from.path() + "' is already at that path");
    }
    NoteIndex index = vault.index();
    Map<String, Set<String>> pointing = updateLinks ? pointingAt(index, from.path()) : Map.of();
    Map<String, String> ownLinks = updateLinks && !VaultFiles.folderOf(from.path())
        .equals(VaultFiles.folderOf(to.path())) ? relativeLinksOf(index, from.path()) : Map.of();
    vault.moveFile(from, to);
    Set<String> sources = new LinkedHashSet<>(pointing.keySet());
    if (!ownLinks.isEmpty()) {
      sources.add(from.path());
    }
    List<String> updated = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (String source : sources) {
      String now = source.equals(from.path()) ? to.path() : source;
      try {
        Rewrite rewrite = new Rewrite(index, from.path(), to.path(), source, pointing.getOrDefault(source, Set.of()),
            source.equals(from.path()) ? ownLinks : Map.of());
        var before = vault.read(vault.locate(now)).version();
        if (!vault.edit(vault.locate(now), null, rewrite::apply).version().equals(before)) {
          updated.add(now);
        }
      } catch (ToolFailure | FileSystemException | EditConflictException e) {
        failed.add(now + ": " + vault.describe(e)); // vault-relative
      } catch (Exception e) {
        // a bug or an odd environment: its text may carry internals, and the move itself stands either way
        LOG.error("rewriting the links in '{}' after moving '{}' to '{}' failed", now, from.path(), to.path(), e);
        failed.add(now + ": internal error; see the Switchboard log");
      }
    }
    return new Result(from.path(), to.path(), updated, failed);
  }

  /** Per linking note, the links (by kind and target) that resolved to {@code path}; the note's own included. */
  private static Map<String, Set<String>> pointingAt(NoteIndex index, String path) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    index.backlinks(path).forEach(b -> out.computeIfAbsent(b.source(), k -> new HashSet<>()).add(key(b.link())));
    index.get(path).ifPresent(note -> note.links().forEach(link -> {
      if (!link.target().isEmpty() && path.equals(index.resolve(link.target(), path))) {
        out.computeIfAbsent(path, k -> new HashSet<>()).add(key(link));
      }
    }));
    return out;
  }

  /** The moved note's Markdown links that were relative to its old folder, with the notes they reach. */
  private static Map<String, String> relativeLinksOf(NoteIndex index, String path) {
    Map<String, String> out = new LinkedHashMap<>();
    index.get(path).ifPresent(note -> note.links().forEach(link -> {
      String joined = link.wiki() ? null : VaultFiles.join(note.folder(), link.target());
      String reached = joined == null ? null : index.lookup(joined);
      if (reached != null && !reached.equals(path)) {
        out.put(key(link), reached);
      }
    }));
    return out;
  }

  static String key(NoteLink link) {
    return (link.wiki() ? "w:" : "m:") + link.target().toLowerCase(Locale.ROOT);
  }

  /** The rewrite of one linking note; {@code source} is its path before the move. */
  private record Rewrite(NoteIndex index, String from, String to, String source, Set<String> pointing,
      Map<String, String> ownLinks) {
    String apply(dev.switchboard.upstream.builtin.files.TextFile file) {
      String text = file.text();
      String folderNow = VaultFiles.folderOf(source.equals(from) ? to : source);
      return LinkRewriter.apply(text, link -> target(text, link, folderNow));
    }

    private @Nullable String target(String text, NoteLink link, String folderNow) {
      String key = key(link);
      if (pointing.contains(key)) {
        if (link.wiki()) {
          return LinkRewriter.wikiTarget(link, to, index.countNamed(Note.nameOf(to)) <= 1);
        }
        String joined = VaultFiles.join(VaultFiles.folderOf(source), link.target());
        boolean relative = joined != null && withMd(joined).equalsIgnoreCase(from);
        return LinkRewriter.markdownTarget(text, link, folderNow, to, relative);
      }
      String reached = ownLinks.get(key);
      return reached == null ? null : LinkRewriter.markdownTarget(text, link, folderNow, reached, true);
    }

    private static String withMd(String path) {
      return path.toLowerCase(Locale.ROOT).endsWith(".md") ? path : path + ".md";
    }
  }
}
