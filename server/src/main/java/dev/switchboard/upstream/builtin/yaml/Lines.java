package dev.switchboard.upstream.builtin.yaml;

/** Lexical helpers over one line of YAML: comments, key separators, quotes and brackets. Stateless. */
final class Lines {
  private Lines() {}

  /** The line without a trailing {@code # comment}; a {@code #} inside quotes or glued to text is content. */
  static String stripComment(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c == '"' || c == '\'') && canOpenQuote(line, i)) {
        int close = closingQuote(line, i);
        if (close < 0) {
          return line.stripTrailing(); // a quoted value going on to the next line: no comment can start here
        }
        i = close;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i).stripTrailing();
      }
    }
    return line.stripTrailing();
  }

  /** A quote starts a scalar only at the start of a value, not inside a word such as {@code it's}. */
  static boolean canOpenQuote(String line, int i) {
    int j = i - 1;
    while (j >= 0 && line.charAt(j) == ' ') {
      j--;
    }
    return j < 0 || ":-[{,?".indexOf(line.charAt(j)) >= 0;
  }

  /** The index of the {@code :} ending a mapping key on this line, or -1 when the line is not a key. */
  static int keyEnd(String content) {
    if (content.isEmpty() || content.charAt(0) == '[' || content.charAt(0) == '{' || content.startsWith("- ")) {
      return -1;
    }
    int from = 0;
    char first = content.charAt(0);
    if (first == '"' || first == '\'') {
      from = closingQuote(content, 0) + 1;
      if (from <= 0) {
        return -1;
      }
    }
    for (int i = from; i < content.length(); i++) {
      if (content.charAt(i) == ':' && (i + 1 == content.length() || content.charAt(i + 1) == ' '
          || content.charAt(i + 1) == '\t')) {
        return i;
      }
      if (from > 0 && content.charAt(i) != ' ') {
        return -1;
      }
    }
    return -1;
  }

  /** The index of the quote closing the one at {@code open}, or -1. */
  static int closingQuote(String text, int open) {
    char quote = text.charAt(open);
    for (int i = open + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == '"' && c == '\\') {
        i++;
      } else if (c == quote) {
        if (quote == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /** Whether a quoted value that starts this text is still open. */
  static boolean quoteOpen(String text) {
    return closingQuote(text, 0) < 0;
  }

  /** Whether a flow collection that starts this text has unclosed brackets. */
  static boolean flowOpen(String text) {
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c == '"' || c == '\'') && canOpenQuote(text, i)) {
        int close = closingQuote(text, i);
        if (close < 0) {
          return true;
        }
        i = close;
      } else if (c == '[' || c == '{') {
        depth++;
      } else if (c == ']' || c == '}') {
        depth--;
      }
    }
    return depth > 0;
  }

  /** A whole quoted scalar's value; anything after the closing quote is an error. */
  static String unquote(String text, int line) {
    int close = closingQuote(text, 0);
    if (close < 0) {
      throw new YamlException(line, "a quoted string is not closed");
    }
    if (!text.substring(close + 1).isBlank()) {
      throw new YamlException(line, "unexpected text after a quoted string: " + text.substring(close + 1).strip());
    }
    String body = text.substring(1, close);
    return text.charAt(0) == '"' ? Scalars.doubleQuoted(body, line) : Scalars.singleQuoted(body);
  }
}
