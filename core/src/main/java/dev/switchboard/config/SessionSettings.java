package dev.switchboard.config;

import java.time.Duration;

/**
 * How long an idle session lives, how many may exist at once, how long a session of the seed's {@code /rpc} API
 * lives idle ({@code rpcIdleTimeout}, the seed's 5 minutes: its clients never say goodbye), and how long a session
 * that has only initialized may wait for its first request ({@code unusedGrace}: clients such as {@code mcp-remote}
 * open a probe session they never use nor close, holding its stream open; pings do not count), and how long a 2026-07-28 call that asked its client for input waits
 * for the client's retry ({@code inputTimeout}).
 */
public record SessionSettings(Duration idleTimeout, int max, Duration rpcIdleTimeout, Duration unusedGrace,
    Duration inputTimeout) {
  public static final Duration DEFAULT_RPC_IDLE_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_UNUSED_GRACE = Duration.ofMinutes(2);
  public static final Duration DEFAULT_INPUT_TIMEOUT = Duration.ofMinutes(2);
  public static final SessionSettings DEFAULTS = new SessionSettings(Duration.ofMinutes(30), 10_000);

  public SessionSettings(Duration idleTimeout, int max) {
    this(idleTimeout, max, DEFAULT_RPC_IDLE_TIMEOUT, DEFAULT_UNUSED_GRACE);
  }

  public SessionSettings(Duration idleTimeout, int max, Duration rpcIdleTimeout, Duration unusedGrace) {
    this(idleTimeout, max, rpcIdleTimeout, unusedGrace, DEFAULT_INPUT_TIMEOUT);
  }
}
