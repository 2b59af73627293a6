package dev.switchboard.config;

import java.time.Duration;

/**
 * How long an idle session lives and how many may exist at once. Sessions of the seed's {@code /rpc} API expire
 * after {@code rpcIdleTimeout} instead (the seed's 5 minutes): its clients never say goodbye.
 */
public record SessionSettings(Duration idleTimeout, int max, Duration rpcIdleTimeout) {
  public static final SessionSettings DEFAULTS = new SessionSettings(Duration.ofMinutes(30), 10_000,
      Duration.ofMinutes(5));

  public SessionSettings(Duration idleTimeout, int max) {
    this(idleTimeout, max, DEFAULTS.rpcIdleTimeout());
  }
}
