package dev.switchboard.config;

/**
 * The daemon's log file: rotated by size, at most {@code maxFiles} files in all; whether to log a one-line summary
 * of every request (method, server, duration, outcome — never payloads); and the level. The access log
 * ({@code logs/access.log}, same rotation) records what {@code access} says; arguments and results only with
 * {@code payloads}, and then redacted.
 */
public record LogSettings(long maxFileSize, int maxFiles, boolean requests, String level, AccessMode access,
    boolean payloads) {
  public static final LogSettings DEFAULTS = new LogSettings(10L << 20, 5, true, "info", AccessMode.REQUESTS, false);

  /** With the access log's defaults. */
  public LogSettings(long maxFileSize, int maxFiles, boolean requests, String level) {
    this(maxFileSize, maxFiles, requests, level, AccessMode.REQUESTS, false);
  }
}
