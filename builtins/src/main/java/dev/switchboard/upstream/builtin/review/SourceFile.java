package dev.switchboard.upstream.builtin.review;

import dev.switchboard.upstream.builtin.files.LineIndex;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One file under review: its text, language, and the views rules match against (masked text, tokens), each built
 * at most once. Not thread safe; one reviewing thread owns it.
 */
final class SourceFile {
  private final String display;
  private final Language language;
  private final String text;
  private @Nullable LineIndex lines; // each built on first use
  private @Nullable CodeMask mask;
  private @Nullable List<Token> tokens;

  SourceFile(String display, Language language, String text) {
    this.display = display;
    this.language = language;
    this.text = text;
  }

  String display() {
    return display;
  }

  Language language() {
    return language;
  }

  String text() {
    return text;
  }

  String view(Scope scope) {
    return switch (scope) {
      case TEXT -> text;
      case CODE -> mask().code();
      case CODE_WITHOUT_STRINGS -> mask().bare();
    };
  }

  List<Token> tokens() {
    if (tokens == null) {
      tokens = Token.of(mask().code(), mask().strings());
    }
    return tokens;
  }

  LineIndex lines() {
    if (lines == null) {
      lines = new LineIndex(text);
    }
    return lines;
  }

  private CodeMask mask() {
    if (mask == null) {
      mask = CodeMask.of(text, language.syntax());
    }
    return mask;
  }
}
