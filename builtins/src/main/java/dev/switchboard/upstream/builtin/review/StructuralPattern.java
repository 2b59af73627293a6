package dev.switchboard.upstream.builtin.review;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A token pattern, like a very small Semgrep: {@code $X} matches one token (the same text wherever {@code $X}
 * recurs), {@code ...} matches any balanced run of tokens (never across an unmatched bracket or a {@code ;}, and at
 * the pattern's top level never across a {@code { }} block, so it stays within one statement), {@code "..."} matches
 * any string literal, and every other token matches itself. Comments, spacing and line breaks do not matter.
 * Immutable and thread safe.
 *
 * @param depths the bracket depth of each pattern token
 */
@SuppressWarnings("ArrayRecordComponent") // depths is derived from tokens; patterns are never compared or hashed
record StructuralPattern(String source, List<Token> tokens, int[] depths) implements Detector {
  private static final int MAX_ELLIPSIS = 400;

  static StructuralPattern compile(String pattern) {
    CodeMask mask = CodeMask.of(pattern, Syntax.C_STYLE_TEMPLATES);
    List<Token> tokens = Token.of(mask.code(), mask.strings());
    if (tokens.isEmpty() || isEllipsis(tokens.get(0))) {
      throw new IllegalArgumentException("a pattern must start with a token, not '...' or nothing");
    }
    int[] depths = new int[tokens.size()];
    int depth = 0;
    for (int i = 0; i < tokens.size() && depth >= 0; i++) {
      depth -= tokens.get(i).closes() ? 1 : 0;
      depths[i] = depth;
      depth += tokens.get(i).opens() ? 1 : 0;
    }
    if (depth != 0) {
      throw new IllegalArgumentException("the brackets of the pattern do not balance");
    }
    return new StructuralPattern(pattern, List.copyOf(tokens), depths);
  }

  @Override
  public List<int[]> find(SourceFile file) {
    List<Token> code = file.tokens();
    List<int[]> out = new ArrayList<>();
    for (int start = 0; start < code.size(); start++) {
      int end = match(code, 0, start, new HashMap<>());
      if (end > start) {
        Token last = code.get(end - 1);
        out.add(new int[] {code.get(start).start(), last.start() + last.text().length()});
        start = end - 1;
      }
    }
    return out;
  }

  @Override
  public String kind() {
    return "pattern";
  }

  /** The code index after a match of {@code tokens[p..]} at {@code c}, or -1. */
  private int match(List<Token> code, int p, int c, Map<String, String> bound) {
    if (p == tokens.size()) {
      return c;
    }
    Token want = tokens.get(p);
    if (isEllipsis(want)) {
      return ellipsis(code, p, c, bound);
    }
    if (c >= code.size() || !matchesOne(want, code.get(c), bound)) {
      return -1;
    }
    Map<String, String> next = bound;
    if (isMetavariable(want) && !bound.containsKey(want.text())) {
      next = new HashMap<>(bound);
      next.put(want.text(), code.get(c).text());
    }
    return match(code, p + 1, c + 1, next);
  }

  private int ellipsis(List<Token> code, int p, int c, Map<String, String> bound) {
    int at = c;
    for (int steps = 0; steps < MAX_ELLIPSIS; steps++) {
      int end = match(code, p + 1, at, bound);
      if (end >= 0) {
        return end;
      }
      Token here = at < code.size() ? code.get(at) : null;
      if (here == null || here.closes() || here.text().equals(";") || (depths[p] == 0 && here.text().equals("{"))) {
        return -1;
      }
      at = skip(code, at);
    }
    return -1;
  }

  /** The index after the token at {@code at}, or after its whole bracketed group when it opens one. */
  private static int skip(List<Token> code, int at) {
    if (!code.get(at).opens()) {
      return at + 1;
    }
    int depth = 0;
    for (int i = at; i < code.size(); i++) {
      depth += code.get(i).opens() ? 1 : code.get(i).closes() ? -1 : 0;
      if (depth == 0) {
        return i + 1;
      }
    }
    return code.size();
  }

  private static boolean matchesOne(Token want, Token got, Map<String, String> bound) {
    if (isMetavariable(want)) {
      String earlier = bound.get(want.text());
      return got.kind() != Token.Kind.PUNCT && (earlier == null || earlier.equals(got.text()));
    }
    if (want.kind() == Token.Kind.STRING && want.text().length() == 5 && want.text().startsWith("\"...")) {
      return got.kind() == Token.Kind.STRING;
    }
    return want.text().equals(got.text());
  }

  private static boolean isEllipsis(Token t) {
    return t.kind() == Token.Kind.PUNCT && t.text().equals("...");
  }

  private static boolean isMetavariable(Token t) {
    return t.kind() == Token.Kind.WORD && t.text().matches("\\$[A-Z][A-Z0-9_]*");
  }
}
