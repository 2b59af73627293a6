package dev.switchboard.upstream.builtin.notes;

import dev.switchboard.upstream.builtin.ToolFailure;
import dev.switchboard.upstream.builtin.files.TextFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Full-text search over the index. Words and {@code "quoted phrases"} must all occur (case-insensitive),
 * {@code -word} must not, {@code #tag} or {@code tag:x} filter by tag. Ranking favours titles, then tags, then how
 * often terms occur, the exact phrase, and recency. Snippets come from disk for the returned page only. Stateless.
 */
final class NoteSearch {
  private static final Pattern TOKEN = Pattern.compile("(-?)\"([^\"]*)\"|(\\S+)");
  private static final int MAX_COUNT = 20;

  private NoteSearch() {}

  /** A parsed query; all strings lower-cased. {@code phrase} is the terms in order, for an exact-phrase bonus. */
  record Query(List<String> terms, List<String> excluded, List<String> tags, String phrase) {}

  record Hit(Note note, double score) {}

  record Snippet(int line, String text) {}

  static Query parse(String text, List<String> extraTags) {
    List<String> terms = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    List<String> tags = new ArrayList<>(extraTags.stream().map(Tags::normalize).toList());
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      if (m.group(2) != null) {
        (m.group(1).isEmpty() ? terms : excluded).add(fold(m.group(2)));
      } else {
        token(m.group(3), terms, excluded, tags);
      }
    }
    terms.removeIf(String::isBlank);
    excluded.removeIf(String::isBlank);
    if (terms.isEmpty() && tags.isEmpty()) {
      throw new ToolFailure("Give words to search for, a \"quoted phrase\", or a tag filter");
    }
    return new Query(List.copyOf(terms), List.copyOf(excluded), List.copyOf(tags), String.join(" ", terms));
  }

  private static void token(String token, List<String> terms, List<String> excluded, List<String> tags) {
    if (token.length() > 1 && token.startsWith("#")) {
      tags.add(Tags.normalize(token));
    } else if (token.length() > 4 && token.regionMatches(true, 0, "tag:", 0, 4)) {
      tags.add(Tags.normalize(token.substring(4)));
    } else if (token.length() > 1 && token.startsWith("-")) {
      excluded.add(fold(token.substring(1)));
    } else {
      terms.add(fold(token));
    }
  }

  /** Matching notes under {@code folder} ("" for all), best first. */
  static List<Hit> rank(Collection<Note> notes, Query query, String folder) {
    String prefix = folder.isEmpty() ? "" : folder + "/";
    return notes.parallelStream()
        .filter(n -> n.path().startsWith(prefix))
        .filter(n -> query.tags().stream().allMatch(t -> Tags.matches(n.tags(), t)))
        .map(n -> new Hit(n, score(n, query)))
        .filter(h -> h.score() > 0)
        .sorted(Comparator.comparingDouble(Hit::score).reversed()
            .thenComparing(h -> h.note().modified(), Comparator.reverseOrder())
            .thenComparing(h -> h.note().path()))
        .toList();
  }

  static double score(Note note, Query query) {
    for (String excluded : query.excluded()) {
      if (note.folded().contains(excluded) || note.titles().contains(excluded)) {
        return 0;
      }
    }
    double score = query.terms().isEmpty() ? 1 : 0;
    String path = note.path().toLowerCase(Locale.ROOT);
    for (String term : query.terms()) {
      int count = count(note.folded(), term);
      boolean inTitle = note.titles().contains(term);
      boolean inTags = note.tags().stream().anyMatch(t -> t.equalsIgnoreCase(term));
      boolean inPath = path.contains(term);
      if (count == 0 && !inTitle && !inTags && !inPath) {
        return 0;
      }
      score += (count == 0 ? 0 : 1 + Math.log(count)) + (inTitle ? 3 : 0) + (inTags ? 2 : 0) + (inPath ? 0.5 : 0);
    }
    if (query.terms().size() > 1 && note.folded().contains(query.phrase())) {
      score += 2;
    }
    if (!query.phrase().isEmpty() && note.titles().lines().anyMatch(query.phrase()::equals)) {
      score += 5;
    }
    return score;
  }

  /** Up to {@code max} lines of the note holding a term, with 1-based line numbers. */
  static List<Snippet> snippets(Path file, Query query, int max) {
    List<Snippet> out = new ArrayList<>();
    if (query.terms().isEmpty() || max == 0) {
      return out;
    }
    String[] lines;
    try {
      lines = TextFiles.read(file).text().split("\r\n|\n|\r", -1);
    } catch (IOException e) {
      return out; // it changed or vanished since it was indexed: the hit stands, without snippets
    }
    for (int i = 0; i < lines.length && out.size() < max; i++) {
      String folded = fold(lines[i]);
      for (String term : query.terms()) {
        int at = folded.indexOf(term);
        if (at >= 0) {
          out.add(new Snippet(i + 1, window(lines[i], at, term.length())));
          break;
        }
      }
    }
    return out;
  }

  private static String window(String line, int at, int length) {
    String stripped = line.strip();
    if (stripped.length() <= 240) {
      return stripped;
    }
    int start = Math.max(0, Math.min(at - 80, line.length() - 240));
    int end = Math.min(line.length(), Math.max(at + length + 120, start + 240));
    return (start > 0 ? "…" : "") + line.substring(start, end).strip() + (end < line.length() ? "…" : "");
  }

  private static int count(String text, String term) {
    int n = 0;
    for (int at = text.indexOf(term); at >= 0 && n < MAX_COUNT; at = text.indexOf(term, at + term.length())) {
      n++;
    }
    return n;
  }

  private static String fold(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
