package dev.switchboard.config;

import java.time.Duration;

/**
 * How long an idle session lives, how many may exist at once, and how long a session that has only initialized
 * may wait for its first request ({@code unusedGrace}: clients such as {@code mcp-remote} open a probe session they
 * never use nor close).
 */
public record SessionSettings(Duration idleTimeout, int max, Duration unusedGrace) {
  public static final Duration DEFAULT_UNUSED_GRACE = Duration.ofMinutes(2);
  public static final SessionSettings DEFAULTS = new SessionSettings(Duration.ofMinutes(30), 10_000);

  public SessionSettings(Duration idleTimeout, int max) {
    this(idleTimeout, max, DEFAULT_UNUSED_GRACE);
  }
}
