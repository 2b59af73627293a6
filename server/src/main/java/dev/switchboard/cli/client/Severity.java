package dev.switchboard.cli.client;

import java.util.Locale;

/**
 * How serious a review finding is, least first, on the review server's scale (info, low, medium, high, critical);
 * also the {@code --fail-on} threshold, where {@code never} is above everything.
 */
enum Severity {
  INFO("note"),
  LOW("note"),
  MEDIUM("warning"),
  HIGH("error"),
  CRITICAL("error"),
  NEVER("none");

  private final String sarifLevel;

  Severity(String sarifLevel) {
    this.sarifLevel = sarifLevel;
  }

  String sarifLevel() {
    return sarifLevel;
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads a finding's severity, accepting the usual synonyms (error, warning, note); unknown words are info. */
  static Severity of(String word) {
    return switch (word.strip().toLowerCase(Locale.ROOT)) {
      case "critical", "blocker", "fatal" -> CRITICAL;
      case "high", "error", "err", "major" -> HIGH;
      case "medium", "warning", "warn" -> MEDIUM;
      case "low", "minor", "note" -> LOW;
      default -> INFO;
    };
  }

  /** Parses {@code --fail-on}, in any case. */
  static final class Converter implements picocli.CommandLine.ITypeConverter<Severity> {
    @Override
    public Severity convert(String value) {
      String word = value.strip().toLowerCase(Locale.ROOT);
      if (word.equals("never") || word.equals("none")) {
        return NEVER;
      }
      Severity severity = of(word);
      if (severity == INFO && !word.equals("info")) {
        throw new picocli.CommandLine.TypeConversionException(
            "expected critical, high, medium, low, info or never, not '" + value + "'");
      }
      return severity;
    }
  }
}
