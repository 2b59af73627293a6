package dev.switchboard.upstream.builtin.review;

import java.util.Arrays;
import java.util.Locale;

/** How bad a finding is, worst first. Names are lower-case on the wire. */
public enum Severity {
  CRITICAL, HIGH, MEDIUM, LOW, INFO;

  /** Parses a name, also accepting the common aliases error, warning and note. */
  public static Severity parse(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "critical", "blocker" -> CRITICAL;
      case "high", "error", "major" -> HIGH;
      case "medium", "warning", "warn" -> MEDIUM;
      case "low", "minor", "note" -> LOW;
      case "info", "information" -> INFO;
      default -> throw new IllegalArgumentException("Unknown severity '" + text + "'; use one of "
          + Arrays.stream(values()).map(Severity::label).toList());
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this is at least as severe as {@code other}. */
  public boolean atLeast(Severity other) {
    return compareTo(other) <= 0; // declared from most to least severe
  }
}
