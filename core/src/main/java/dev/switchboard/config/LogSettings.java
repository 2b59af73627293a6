package dev.switchboard.config;

/**
 * The daemon's log file: rotated by size, at most {@code maxFiles} files in all; whether to log a one-line summary
 * of every request (method, server, duration, outcome — never payloads); and the level.
 */
public record LogSettings(long maxFileSize, int maxFiles, boolean requests, String level) {
  public static final LogSettings DEFAULTS = new LogSettings(10L << 20, 5, true, "info");
}
