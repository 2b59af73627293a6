package dev.switchboard.upstream.builtin.notes;

import dev.switchboard.upstream.builtin.ToolFailure;
import dev.switchboard.upstream.builtin.files.LineIndex;
import dev.switchboard.upstream.builtin.files.TextFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Sections of a note: a heading and the lines up to the next heading of the same or a higher level. A heading is
 * named by its text ({@code Tasks}, case-insensitive, {@code #} marks optional) or by a path through its parents
 * ({@code Project > Tasks}) when the text alone is ambiguous. Stateless.
 */
final class Sections {
  private Sections() {}

  /**
   * A heading and its body's offsets: from the line after the heading to the next heading at its level
   * ({@code bodyEnd}, sub-sections included) or to the next heading of any level ({@code ownEnd}).
   */
  record Section(Heading heading, int bodyStart, int bodyEnd, int ownEnd) {}

  static Section find(String text, String query) {
    List<Heading> headings = MarkdownScan.scan(text, Frontmatter.bodyStart(text)).headings();
    List<String> wanted = parse(query);
    List<Integer> matches = new ArrayList<>();
    for (int i = 0; i < headings.size(); i++) {
      if (matches(headings, i, wanted)) {
        matches.add(i);
      }
    }
    if (matches.isEmpty()) {
      throw new ToolFailure("No heading '" + query + "' in this note; its headings are: "
          + (headings.isEmpty() ? "(none)" : headings.stream().limit(30).map(h -> "#".repeat(h.level()) + " "
              + h.text()).collect(Collectors.joining(", "))));
    }
    if (matches.size() > 1) {
      throw new ToolFailure("Heading '" + query + "' appears " + matches.size() + " times (lines "
          + matches.stream().map(i -> String.valueOf(headings.get(i).line() + 1)).collect(Collectors.joining(", "))
          + "); name it with a parent heading, e.g. 'Parent > " + headings.get(matches.get(0)).text() + "'");
    }
    int at = matches.get(0);
    Heading heading = headings.get(at);
    int end = text.length();
    for (int i = at + 1; i < headings.size(); i++) {
      if (headings.get(i).level() <= heading.level()) {
        end = headings.get(i).start();
        break;
      }
    }
    int own = at + 1 < headings.size() ? Math.min(end, headings.get(at + 1).start()) : end;
    return new Section(heading, heading.next(), end, own);
  }

  /** The text with the section's body replaced by {@code content}; the heading line stays. */
  static String replace(TextFile file, String query, String content) {
    String text = file.text();
    Section section = find(text, query);
    String eol = file.lineEnding();
    String old = text.substring(section.bodyStart(), section.bodyEnd());
    String body = trimTrailingBreaks(file.adapt(content));
    StringBuilder out = new StringBuilder(text.substring(0, section.bodyStart()));
    breakLine(out, eol);
    if (startsBlank(old) && !body.isEmpty() && !startsBlank(body)) {
      out.append(eol); // keep the blank line the note had under its heading
    }
    if (!body.isEmpty()) {
      out.append(body).append(eol);
    }
    if (section.bodyEnd() < text.length()) {
      out.append(eol);
    }
    return out.append(text, section.bodyEnd(), text.length()).toString();
  }

  /**
   * The text with {@code content} added to the section's own text (before any sub-heading), right after its last
   * non-blank line.
   */
  static String append(TextFile file, String query, String content) {
    String text = file.text();
    Section section = find(text, query);
    String added = trimTrailingBreaks(file.adapt(content));
    int last = lastFilledLine(text, section);
    if (last < 0) {
      StringBuilder out = new StringBuilder(text.substring(0, section.bodyStart()));
      breakLine(out, file.lineEnding());
      return out.append(added).append(file.lineEnding()).append(text, section.bodyStart(), text.length())
          .toString();
    }
    int insert = new LineIndex(text).end(last);
    // the last line's own break (and any blank lines) now follow the added text
    return text.substring(0, insert) + file.lineEnding() + added + text.substring(insert);
  }

  /** The 0-based index of the last non-blank line before any sub-heading, or -1 when there is none. */
  private static int lastFilledLine(String text, Section section) {
    LineIndex lines = new LineIndex(text);
    int first = section.heading().line() + 1;
    int end = section.ownEnd() == text.length() ? lines.count() : lines.lineOf(section.ownEnd());
    for (int i = end - 1; i >= first; i--) {
      if (!lines.line(i).isBlank()) {
        return i;
      }
    }
    return -1;
  }

  /** The text with {@code content} added as new lines at the very end. */
  static String appendToEnd(TextFile file, String content) {
    StringBuilder out = new StringBuilder(file.text());
    if (out.length() > 0) {
      breakLine(out, file.lineEnding());
    }
    String added = file.adapt(content);
    out.append(added);
    if (!added.endsWith("\n")) {
      out.append(file.lineEnding());
    }
    return out.toString();
  }

  private static List<String> parse(String query) {
    List<String> parts = new ArrayList<>();
    for (String part : query.split(">")) {
      String bare = part.strip().replaceFirst("^#+\\s*", "");
      if (!bare.isEmpty()) {
        parts.add(fold(bare));
      }
    }
    if (parts.isEmpty()) {
      throw new ToolFailure("Give a heading's text, e.g. 'Tasks' or 'Project > Tasks'");
    }
    return parts;
  }

  private static boolean matches(List<Heading> headings, int index, List<String> wanted) {
    if (!fold(headings.get(index).text()).equals(wanted.get(wanted.size() - 1))) {
      return false;
    }
    int current = index;
    for (int k = wanted.size() - 2; k >= 0; k--) {
      current = ancestor(headings, current, wanted.get(k));
      if (current < 0) {
        return false;
      }
    }
    return true;
  }

  /** The nearest enclosing heading of {@code index} whose text is {@code text}, or -1. */
  private static int ancestor(List<Heading> headings, int index, String text) {
    int level = headings.get(index).level();
    for (int i = index - 1; i >= 0; i--) {
      Heading h = headings.get(i);
      if (h.level() < level) {
        if (fold(h.text()).equals(text)) {
          return i;
        }
        level = h.level();
      }
    }
    return -1;
  }

  private static String fold(String text) {
    return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  private static boolean startsBlank(String body) {
    return body.startsWith("\n") || body.startsWith("\r\n");
  }

  private static boolean endsWithBreak(CharSequence text) {
    return text.length() > 0 && text.charAt(text.length() - 1) == '\n';
  }

  private static void breakLine(StringBuilder out, String eol) {
    if (out.length() > 0 && !endsWithBreak(out)) {
      out.append(eol);
    }
  }

  private static String trimTrailingBreaks(String text) {
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(0, end);
  }
}
