package dev.switchboard.upstream.builtin.yaml;

import java.util.List;

/** Builds the text of a literal ({@code |}) or folded ({@code >}) block scalar from its lines. Stateless. */
final class BlockScalar {
  private BlockScalar() {}

  /** {@code header} is the indicator line (e.g. {@code |-}); {@code body} the raw lines, {@code indent} theirs. */
  static String text(String header, List<String> body, int indent, int line) {
    boolean folded = header.charAt(0) == '>';
    char chomp = header.contains("-") ? '-' : header.contains("+") ? '+' : ' ';
    String rest = header.substring(1).replaceAll("[-+0-9]", "").strip();
    if (!rest.isEmpty()) {
      throw new YamlException(line, "unexpected text after a block scalar indicator: " + rest);
    }
    StringBuilder out = new StringBuilder();
    boolean previousPlain = false;
    for (String raw : body) {
      String text = raw.length() >= indent ? raw.substring(indent) : "";
      boolean plain = !text.isEmpty() && !text.startsWith(" ");
      if (folded && previousPlain && plain) {
        out.setLength(out.length() - 1);
        out.append(' ');
      }
      out.append(text).append('\n');
      previousPlain = plain;
    }
    return chomp(out.toString(), chomp);
  }

  private static String chomp(String text, char mode) {
    String trimmed = text.replaceAll("\n+$", "");
    return switch (mode) {
      case '-' -> trimmed;
      case '+' -> text;
      default -> trimmed.isEmpty() ? "" : trimmed + "\n";
    };
  }
}
