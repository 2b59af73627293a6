package dev.switchboard.upstream.builtin.files;

import java.util.Arrays;

/**
 * Where each line of a text starts, so offsets and 1-based line numbers convert both ways. A line ends before its
 * {@code \n} or {@code \r\n}. Immutable.
 */
public final class LineIndex {
  private final String text;
  private final int[] starts;

  public LineIndex(String text) {
    this.text = text;
    int[] found = new int[16];
    int n = 1;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      if (n == found.length) {
        found = Arrays.copyOf(found, n * 2);
      }
      found[n++] = i + 1;
    }
    this.starts = Arrays.copyOf(found, n);
  }

  public int count() {
    return starts.length;
  }

  /** The offset where line {@code index} (0-based) starts. */
  public int start(int index) {
    return starts[index];
  }

  /** The offset just past line {@code index}'s text, before its line break. */
  public int end(int index) {
    if (index + 1 >= starts.length) {
      return text.length();
    }
    int newline = starts[index + 1] - 1;
    return newline > starts[index] && text.charAt(newline - 1) == '\r' ? newline - 1 : newline;
  }

  /** The offset where the next line starts (or the text's length for the last line). */
  public int next(int index) {
    return index + 1 < starts.length ? starts[index + 1] : text.length();
  }

  public String line(int index) {
    return text.substring(start(index), end(index));
  }

  /** The 0-based line holding {@code offset}. */
  public int lineOf(int offset) {
    int found = Arrays.binarySearch(starts, offset);
    return found >= 0 ? found : -found - 2;
  }
}
