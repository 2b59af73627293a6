package dev.switchboard.upstream.builtin.review;

import java.util.ArrayList;
import java.util.List;

/**
 * Blanks a source text's comments with spaces (and, in a second copy, the contents of its string literals), so
 * regular expressions never match inside comments, yet every offset and line break stays where it was. One pass by
 * the language's {@link Syntax}. Stateless.
 *
 * @param code the text with comments blanked
 * @param bare the text with comments and string contents blanked (quotes kept)
 * @param strings start and end offsets of each string literal, quotes included, in order
 */
record CodeMask(String code, String bare, List<int[]> strings) {

  static CodeMask of(String text, Syntax syntax) {
    char[] code = text.toCharArray();
    char[] bare = text.toCharArray();
    List<int[]> strings = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int end = comment(text, i, syntax);
      if (end > i) {
        blank(code, i, end);
        blank(bare, i, end);
        i = end;
        continue;
      }
      end = string(text, i, syntax);
      if (end > i) {
        int quote = delimiterLength(text, i, syntax);
        blank(bare, i + quote, Math.max(i + quote, end - quote));
        strings.add(new int[] {i, end});
        i = end;
        continue;
      }
      i++;
    }
    return new CodeMask(new String(code), new String(bare), strings);
  }

  /** The end of a comment starting at {@code i}, or {@code i} when none starts there. */
  private static int comment(String text, int i, Syntax syntax) {
    for (String[] pair : syntax.blockComments()) {
      if (text.startsWith(pair[0], i)) {
        int close = text.indexOf(pair[1], i + pair[0].length());
        return close < 0 ? text.length() : close + pair[1].length();
      }
    }
    for (String marker : syntax.lineComments()) {
      if (text.startsWith(marker, i) && (!marker.equals("#") || i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
        int newline = text.indexOf('\n', i);
        return newline < 0 ? text.length() : newline;
      }
    }
    return i;
  }

  /** The end of a string literal starting at {@code i} (past its closing quote), or {@code i}. */
  private static int string(String text, int i, Syntax syntax) {
    char c = text.charAt(i);
    if (syntax.tripleQuotes() && (text.startsWith("\"\"\"", i) || text.startsWith("'''", i))) {
      int close = closing(text, i + 3, text.substring(i, i + 3), true);
      return close;
    }
    if (syntax.backticks() && c == '`') {
      return closing(text, i + 1, "`", true);
    }
    if (syntax.quotes().indexOf(c) >= 0) {
      return closing(text, i + 1, String.valueOf(c), false);
    }
    return i;
  }

  /** Past the closing {@code quote} (backslash escapes honoured); a one-line string also ends at its line's end. */
  private static int closing(String text, int from, String quote, boolean multiline) {
    for (int j = from; j < text.length(); j++) {
      char c = text.charAt(j);
      if (c == '\\') {
        j++;
      } else if (c == '\n' && !multiline) {
        return j;
      } else if (text.startsWith(quote, j)) {
        return j + quote.length();
      }
    }
    return text.length();
  }

  private static int delimiterLength(String text, int i, Syntax syntax) {
    return syntax.tripleQuotes() && (text.startsWith("\"\"\"", i) || text.startsWith("'''", i)) ? 3 : 1;
  }

  private static void blank(char[] chars, int from, int to) {
    for (int j = from; j < to && j < chars.length; j++) {
      if (chars[j] != '\n' && chars[j] != '\r') {
        chars[j] = ' ';
      }
    }
  }
}
