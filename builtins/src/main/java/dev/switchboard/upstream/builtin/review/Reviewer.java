package dev.switchboard.upstream.builtin.review;

import dev.switchboard.upstream.builtin.files.LineIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies rules to one file: each match becomes a finding (at most one per rule and line), unless its line matches
 * the rule's {@code unless}, or a {@code review:ignore} comment on that line or the line above suppresses it.
 * {@code review:ignore[rule-id, set]} suppresses only those. Stateless.
 */
final class Reviewer {
  private static final Pattern IGNORE = Pattern.compile("review:ignore(?:\\[([^\\]]*)\\])?");
  private static final int EXCERPT = 200;

  private Reviewer() {}

  /** The findings in one file, the number suppressed, and rules that could not run on it. */
  record FileReview(List<Finding> findings, int suppressed, List<String> problems) {}

  static FileReview review(SourceFile file, List<Rule> rules, Severity minimum) {
    List<Finding> findings = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int suppressed = 0;
    for (Rule rule : rules) {
      if (!rule.appliesTo(file.language()) || !rule.severity().atLeast(minimum)) {
        continue;
      }
      try {
        suppressed += apply(file, rule, findings);
      } catch (RegexDetector.TooSlowException e) {
        problems.add(file.display() + ": rule " + rule.id() + " skipped: " + e.getMessage());
      }
    }
    findings.sort(Comparator.comparingInt(Finding::line).thenComparingInt(Finding::column)
        .thenComparing(Finding::rule));
    return new FileReview(findings, suppressed, problems);
  }

  private static int apply(SourceFile file, Rule rule, List<Finding> into) {
    LineIndex lines = file.lines();
    Set<Integer> seen = new HashSet<>();
    int suppressed = 0;
    for (int[] match : rule.detector().find(file)) {
      int line = lines.lineOf(match[0]);
      String text = lines.line(line);
      if (!seen.add(line) || (rule.unless() != null && rule.unless().matcher(text).find())) {
        continue;
      }
      if (ignored(lines, line, rule)) {
        suppressed++;
        continue;
      }
      int column = match[0] - lines.start(line);
      int end = Math.min(match[1] - lines.start(line), text.length());
      into.add(new Finding(rule.id(), rule.severity(), file.display(), line + 1, column + 1, rule.message(),
          excerpt(text, column, end, rule.redact()), rule.fix()));
    }
    return suppressed;
  }

  private static boolean ignored(LineIndex lines, int line, Rule rule) {
    return ignores(lines.line(line), rule) || (line > 0 && ignores(lines.line(line - 1), rule));
  }

  private static boolean ignores(String text, Rule rule) {
    Matcher m = IGNORE.matcher(text);
    while (m.find()) {
      if (m.group(1) == null) {
        return true;
      }
      for (String name : m.group(1).split("[,\\s]+")) {
        if (name.equals(rule.id()) || name.equals(rule.set())) {
          return true;
        }
      }
    }
    return false;
  }

  /** The line, trimmed and cut around the match; a secret's matched text is masked but for a short prefix. */
  static String excerpt(String line, int start, int end, boolean redact) {
    String shown = line;
    if (redact && end > start) {
      int keep = Math.min(4, end - start);
      shown = line.substring(0, start + keep) + "*".repeat(Math.min(8, end - start - keep)) + "[redacted]"
          + line.substring(end);
    }
    String stripped = shown.strip();
    if (stripped.length() <= EXCERPT) {
      return stripped;
    }
    int lead = shown.length() - shown.stripLeading().length();
    int from = Math.max(0, Math.min(start - lead - 60, stripped.length() - EXCERPT));
    return (from > 0 ? "…" : "") + stripped.substring(from, Math.min(stripped.length(), from + EXCERPT)) + "…";
  }
}
