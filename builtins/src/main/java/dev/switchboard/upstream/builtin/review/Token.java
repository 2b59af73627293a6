package dev.switchboard.upstream.builtin.review;

import java.util.ArrayList;
import java.util.List;

/**
 * One lexical token of source code, for structural patterns: a word, a number, a whole string literal, or an
 * operator. Comments never become tokens. Immutable.
 */
record Token(String text, Kind kind, int start) {
  enum Kind { WORD, NUMBER, STRING, PUNCT }

  private static final List<String> OPERATORS = List.of("===", "!==", "...", "==", "!=", "<=", ">=", "&&", "||",
      "->", "=>", "::", ":=", "+=", "-=", "*=", "/=", "++", "--", "<<", ">>", "?.", "??");

  boolean opens() {
    return kind == Kind.PUNCT && (text.equals("(") || text.equals("[") || text.equals("{"));
  }

  boolean closes() {
    return kind == Kind.PUNCT && (text.equals(")") || text.equals("]") || text.equals("}"));
  }

  /** The tokens of a masked text (comments already blank); {@code strings} are the literal spans in order. */
  static List<Token> of(String code, List<int[]> strings) {
    List<Token> out = new ArrayList<>();
    int next = 0;
    int i = 0;
    while (i < code.length()) {
      char c = code.charAt(i);
      while (next < strings.size() && strings.get(next)[0] < i) {
        next++;
      }
      if (next < strings.size() && strings.get(next)[0] == i) {
        int end = strings.get(next)[1];
        out.add(new Token(code.substring(i, end), Kind.STRING, i));
        i = end;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else {
        i = word(code, i, out);
      }
    }
    return out;
  }

  private static int word(String code, int i, List<Token> out) {
    char c = code.charAt(i);
    int end = i + 1;
    if (Character.isLetter(c) || c == '_' || c == '$') {
      while (end < code.length() && (Character.isLetterOrDigit(code.charAt(end)) || code.charAt(end) == '_'
          || code.charAt(end) == '$')) {
        end++;
      }
      out.add(new Token(code.substring(i, end), Kind.WORD, i));
      return end;
    }
    if (Character.isDigit(c)) {
      while (end < code.length() && (Character.isLetterOrDigit(code.charAt(end)) || code.charAt(end) == '.'
          || code.charAt(end) == '_')) {
        end++;
      }
      out.add(new Token(code.substring(i, end), Kind.NUMBER, i));
      return end;
    }
    for (String op : OPERATORS) {
      if (code.startsWith(op, i)) {
        out.add(new Token(op, Kind.PUNCT, i));
        return i + op.length();
      }
    }
    out.add(new Token(String.valueOf(c), Kind.PUNCT, i));
    return end;
  }
}
