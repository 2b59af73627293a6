package dev.switchboard.config;

import java.time.Duration;

/**
 * Gateway-wide bounds on children ({@code gateway.upstreams}): how many may run in all, how many may be starting at
 * once, and how long a new session waits for room before it gets an error.
 */
public record UpstreamLimits(int maxChildren, int maxConcurrentSpawns, Duration acquireTimeout) {
  public static final UpstreamLimits DEFAULTS = new UpstreamLimits(1024, 8, Duration.ofSeconds(30));
}
