package dev.switchboard.config;

import java.time.Duration;

/** How long an idle session lives and how many may exist at once. */
public record SessionSettings(Duration idleTimeout, int max) {
  public static final SessionSettings DEFAULTS = new SessionSettings(Duration.ofMinutes(30), 10_000);
}
