package dev.switchboard.upstream.builtin.notes;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Rewrites link targets in a note's text when a note moves, keeping each link's style: a bare {@code [[Name]]}
 * stays bare when the new name is unique, a path link gets the new path, a relative Markdown link gets a new
 * relative path; headings, aliases and {@code .md} suffixes are kept. Stateless.
 */
final class LinkRewriter {
  private LinkRewriter() {}

  /** The text with each link's target replaced by {@code newTarget}'s answer (null keeps the link as it is). */
  static String apply(String text, Function<NoteLink, @Nullable String> newTarget) {
    List<NoteLink> links = MarkdownScan.scan(text, Frontmatter.bodyStart(text)).links();
    StringBuilder out = new StringBuilder(text);
    for (int i = links.size() - 1; i >= 0; i--) {
      NoteLink link = links.get(i);
      String replacement = newTarget.apply(link);
      if (replacement != null) {
        out.replace(link.targetStart(), link.targetEnd(), replacement);
      }
    }
    return out.toString();
  }

  /** The new target of a wikilink to a note now at {@code newPath}. */
  static String wikiTarget(NoteLink link, String newPath, boolean nameUnique) {
    boolean suffixed = link.target().toLowerCase(Locale.ROOT).endsWith(".md");
    String bare = newPath.substring(0, newPath.length() - 3);
    String target = link.target().contains("/") || !nameUnique ? bare : Note.nameOf(newPath);
    return suffixed ? target + ".md" : target;
  }

  /**
   * The new written target of a Markdown link in a note in {@code sourceFolder}: relative when the old one was
   * ({@code relative}), else vault-absolute; percent-encoded unless it sat in {@code <>}.
   */
  static String markdownTarget(String text, NoteLink link, String sourceFolder, String newPath, boolean relative) {
    boolean suffixed = link.target().toLowerCase(Locale.ROOT).endsWith(".md");
    String path = relative ? VaultFiles.relativeBetween(sourceFolder, newPath) : newPath;
    path = suffixed ? path : path.substring(0, path.length() - 3);
    boolean angled = link.targetStart() > 0 && text.charAt(link.targetStart() - 1) == '<';
    return angled ? path : encode(path);
  }

  /** Percent-encodes what a Markdown link destination cannot hold raw; other characters stay readable. */
  static String encode(String path) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      switch (c) {
        case ' ' -> out.append("%20");
        case '%' -> out.append("%25");
        case '(' -> out.append("%28");
        case ')' -> out.append("%29");
        case '#' -> out.append("%23");
        case '<' -> out.append("%3C");
        case '>' -> out.append("%3E");
        case '?' -> out.append("%3F");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
