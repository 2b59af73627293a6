package dev.switchboard.upstream.builtin.review;

import java.util.List;

/**
 * How a rule finds code: a regular expression ({@link RegexDetector}) or a token pattern
 * ({@link StructuralPattern}). Implementations are immutable.
 */
sealed interface Detector permits RegexDetector, StructuralPattern {
  /** The start and end offsets of each match in the file's text. */
  List<int[]> find(SourceFile file);

  /** "regex" or "pattern", for explanations. */
  String kind();

  /** The pattern as written. */
  String source();
}
