package dev.switchboard.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human forms the config accepts: durations ({@code 500ms 30s 5m 1h 2d}) and sizes ({@code 16MiB}). */
public final class Units {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

  private Units() {}

  /** Throws {@link IllegalArgumentException} naming the accepted forms. */
  public static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 5m, 1h or 2d, got \"" + text + "\"");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  public static long size(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a size such as 65536, 512KiB or 16MiB, got \"" + text + "\"");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    return switch (unit) {
      case "kb" -> n * 1000;
      case "kib" -> n << 10;
      case "mb" -> n * 1000_000;
      case "mib" -> n << 20;
      case "gb" -> n * 1000_000_000;
      case "gib" -> n << 30;
      default -> n;
    };
  }
}
