package dev.switchboard.upstream.builtin.review;

import java.util.List;

/**
 * The lexical shape of a language, as far as review needs it: how comments and string literals are written. Hash
 * comments start only at a line start or after whitespace, so {@code $#} or a URL's {@code #} is not one.
 * Immutable.
 *
 * @param lineComments e.g. {@code //}, {@code #}, {@code --}
 * @param blockComments pairs of opener and closer, e.g. {@code /*} and its closer
 * @param quotes characters that delimit one-line strings
 * @param tripleQuotes whether {@code """} and {@code '''} delimit multi-line strings (Python)
 * @param backticks whether backticks delimit multi-line strings (JavaScript templates, Go raw strings)
 */
record Syntax(List<String> lineComments, List<String[]> blockComments, String quotes, boolean tripleQuotes,
    boolean backticks) {
  static final Syntax C_STYLE = new Syntax(List.of("//"), List.<String[]>of(new String[] {"/*", "*/"}), "\"'",
      false, false);
  static final Syntax C_STYLE_TEMPLATES = new Syntax(List.of("//"), List.<String[]>of(new String[] {"/*", "*/"}),
      "\"'", false, true);
  static final Syntax PYTHON = new Syntax(List.of("#"), List.of(), "\"'", true, false);
  static final Syntax HASH = new Syntax(List.of("#"), List.of(), "\"'", false, false);
  static final Syntax SQL = new Syntax(List.of("--"), List.<String[]>of(new String[] {"/*", "*/"}), "'\"", false,
      false);
  static final Syntax MARKUP = new Syntax(List.of(), List.<String[]>of(new String[] {"<!--", "-->"}), "", false,
      false);
  static final Syntax INI = new Syntax(List.of("#", ";"), List.of(), "\"'", false, false);
  static final Syntax JSON = new Syntax(List.of(), List.of(), "\"", false, false);
  static final Syntax PLAIN = new Syntax(List.of(), List.of(), "", false, false);
  static final Syntax PHP = new Syntax(List.of("//", "#"), List.<String[]>of(new String[] {"/*", "*/"}), "\"'",
      false, false);
}
