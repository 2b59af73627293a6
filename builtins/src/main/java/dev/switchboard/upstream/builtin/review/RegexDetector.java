package dev.switchboard.upstream.builtin.review;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression run over the whole file (multi-line mode, so {@code ^} and {@code $} are line bounds, and a
 * match may span lines) as its {@link Scope} shows it. A run is bounded in time, so a pathological expression in a
 * user's rule file stops with {@link TooSlowException} instead of hanging the review. Immutable.
 */
record RegexDetector(Pattern pattern, Scope scope) implements Detector {
  private static final long BUDGET_NANOS = 2_000_000_000L;

  /** A regular expression ran past its time budget on one file. */
  static final class TooSlowException extends RuntimeException {
    TooSlowException() {
      super("the rule's regular expression took over " + BUDGET_NANOS / 1_000_000_000 + " s on this file", null,
          false, false);
    }
  }

  static RegexDetector compile(String regex, Scope scope, boolean ignoreCase) {
    try {
      int flags = Pattern.MULTILINE | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
      return new RegexDetector(Pattern.compile(regex, flags), scope);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid regex: " + e.getDescription() + " near index " + e.getIndex());
    }
  }

  @Override
  public List<int[]> find(SourceFile file) {
    List<int[]> out = new ArrayList<>();
    Matcher m = pattern.matcher(new Bounded(file.view(scope), System.nanoTime() + BUDGET_NANOS));
    while (m.find()) {
      out.add(new int[] {m.start(), Math.max(m.end(), m.start() + 1)});
    }
    return out;
  }

  @Override
  public String kind() {
    return "regex";
  }

  @Override
  public String source() {
    return pattern.pattern();
  }

  /** The text as a {@link CharSequence} that gives up once its deadline passes (checked every few thousand reads). */
  private static final class Bounded implements CharSequence {
    private final String text;
    private final long deadline;
    private int reads;

    Bounded(String text, long deadline) {
      this.text = text;
      this.deadline = deadline;
    }

    @Override
    public char charAt(int index) {
      if ((++reads & 0xFFF) == 0 && System.nanoTime() > deadline) {
        throw new TooSlowException();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
