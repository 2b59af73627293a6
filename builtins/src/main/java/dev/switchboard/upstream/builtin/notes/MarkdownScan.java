package dev.switchboard.upstream.builtin.notes;

import dev.switchboard.upstream.builtin.files.LineIndex;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds the headings, inline {@code #tags} and links of a note's body, skipping fenced code blocks and inline code
 * the way Obsidian does. A pure function of the text. Stateless.
 */
final class MarkdownScan {
  private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?[ \\t]*$");
  private static final Pattern CLOSING_HASHES = Pattern.compile("(^|[ \\t]+)#+$");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
  private static final Pattern INLINE_CODE = Pattern.compile("(`+)(?!`).*?(?<!`)\\1(?!`)");
  private static final Pattern WIKI = Pattern.compile("(!?)\\[\\[([^\\[\\]\\n]+?)\\]\\]");
  private static final Pattern MARKDOWN = Pattern.compile(
      "(!?)\\[([^\\]\\n]*)\\]\\(\\s*(<[^>\\n]+>|[^)\\s]+)(?:\\s+\"[^\"\\n]*\")?\\s*\\)");
  private static final Pattern TAG = Pattern.compile("(?:^|(?<=[\\s(\\[,;]))#([\\p{L}\\p{N}\\p{So}_\\-/]+)");
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  private MarkdownScan() {}

  record Scan(List<Heading> headings, List<String> tags, List<NoteLink> links) {}

  /** Scans {@code text}; {@code bodyStart} is where the body starts after any frontmatter (only links count there). */
  static Scan scan(String text, int bodyStart) {
    LineIndex lines = new LineIndex(text);
    List<Heading> headings = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    List<NoteLink> links = new ArrayList<>();
    String fence = null;
    int body = bodyStart == 0 ? 0 : lines.lineOf(bodyStart);
    for (int i = 0; i < body; i++) {
      wikilinks(lines.line(i), lines.line(i), i, lines.start(i), links); // properties such as related: "[[Note]]"
    }
    for (int i = body; i < lines.count(); i++) {
      String line = lines.line(i);
      boolean fenceLike = line.contains("```") || line.contains("~~~");
      fence = fenceLike || fence != null ? fence(line, fence) : null;
      if (fence != null || (fenceLike && FENCE.matcher(line).lookingAt())) {
        continue; // inside a code block, or its closing fence
      }
      Heading heading = heading(line, i, lines);
      if (heading != null) {
        headings.add(heading);
      }
      String masked = maskInlineCode(line);
      tags(masked, tags);
      wikilinks(masked, line, i, lines.start(i), links);
      markdownLinks(masked, line, i, lines.start(i), links);
    }
    return new Scan(headings, tags, links);
  }

  /** The fence still open after {@code line}: opened, kept, or closed by it. */
  static @Nullable String fence(String line, @Nullable String open) {
    Matcher m = FENCE.matcher(line);
    if (open == null) {
      return m.lookingAt() ? m.group(1) : null;
    }
    boolean closes = m.lookingAt() && m.group(1).charAt(0) == open.charAt(0)
        && m.group(1).length() >= open.length() && line.substring(m.end()).isBlank();
    return closes ? null : open;
  }

  static @Nullable Heading heading(String line, int index, LineIndex lines) {
    String lead = line.stripLeading();
    if (lead.isEmpty() || lead.charAt(0) != '#') {
      return null;
    }
    Matcher m = HEADING.matcher(line);
    if (!m.matches()) {
      return null;
    }
    String text = m.group(2) == null ? "" : CLOSING_HASHES.matcher(m.group(2)).replaceFirst("").strip();
    return new Heading(m.group(1).length(), text, index, lines.start(index), lines.next(index));
  }

  /** The line with inline code spans blanked, so offsets still match the original. */
  static String maskInlineCode(String line) {
    if (line.indexOf('`') < 0) {
      return line;
    }
    Matcher m = INLINE_CODE.matcher(line);
    StringBuilder out = new StringBuilder(line);
    while (m.find()) {
      for (int i = m.start(); i < m.end(); i++) {
        out.setCharAt(i, ' ');
      }
    }
    return out.toString();
  }

  private static void tags(String masked, List<String> into) {
    if (masked.indexOf('#') < 0) {
      return;
    }
    Matcher m = TAG.matcher(masked);
    while (m.find()) {
      String tag = m.group(1).replaceAll("[/\\-]+$", "");
      if (!tag.isEmpty() && !tag.chars().allMatch(Character::isDigit)) {
        Tags.addUnique(into, tag);
      }
    }
  }

  private static void wikilinks(String masked, String line, int index, int lineStart, List<NoteLink> into) {
    if (masked.indexOf("[[") < 0) {
      return;
    }
    Matcher m = WIKI.matcher(masked);
    while (m.find()) {
      String inner = line.substring(m.start(2), m.end(2));
      int pipe = inner.indexOf('|');
      String left = pipe < 0 ? inner : inner.substring(0, pipe);
      String alias = pipe < 0 ? null : inner.substring(pipe + 1);
      if (left.endsWith("\\")) {
        left = left.substring(0, left.length() - 1); // "\|" separates the alias inside a table
      }
      int hash = left.indexOf('#');
      String target = hash < 0 ? left : left.substring(0, hash);
      int lead = target.length() - target.stripLeading().length();
      int start = lineStart + m.start(2) + lead;
      into.add(new NoteLink(target.strip(), hash < 0 ? null : left.substring(hash), alias, !m.group(1).isEmpty(),
          true, index + 1, start, start + target.strip().length(), context(line)));
    }
  }

  private static void markdownLinks(String masked, String line, int index, int lineStart, List<NoteLink> into) {
    if (masked.indexOf("](") < 0) {
      return;
    }
    Matcher m = MARKDOWN.matcher(masked);
    while (m.find()) {
      String raw = line.substring(m.start(3), m.end(3));
      boolean angled = raw.startsWith("<");
      String written = angled ? raw.substring(1, raw.length() - 1) : raw;
      int hash = written.indexOf('#');
      String pathPart = hash < 0 ? written : written.substring(0, hash);
      String decoded = decode(pathPart);
      if (decoded == null || decoded.isEmpty() || SCHEME.matcher(decoded).find() || !isNoteTarget(decoded)) {
        continue;
      }
      int start = lineStart + m.start(3) + (angled ? 1 : 0);
      into.add(new NoteLink(decoded, hash < 0 ? null : written.substring(hash), m.group(2),
          !m.group(1).isEmpty(), false, index + 1, start, start + pathPart.length(), context(line)));
    }
  }

  /** A Markdown link names a note when it ends in {@code .md} or has no extension at all. */
  private static boolean isNoteTarget(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot < 0 || name.substring(dot).equalsIgnoreCase(".md");
  }

  private static @Nullable String decode(String encoded) {
    try {
      return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return encoded.contains("%") ? encoded : null;
    }
  }

  private static String context(String line) {
    String stripped = line.strip();
    return stripped.length() <= 200 ? stripped : stripped.substring(0, 200) + "…";
  }
}
