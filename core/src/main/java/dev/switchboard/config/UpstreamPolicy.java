package dev.switchboard.config;

import java.time.Duration;
import java.util.Map;

/**
 * The per-server runtime policy: sharing, pool sizes, timeouts, liveness probe and restart limits.
 *
 * @param warm children kept started ahead of demand
 * @param max most children this server may run at once
 * @param pinned for {@code shared}: serve one session at a time from the start, instead of only after the server
 *     sends something that cannot be attributed to one session
 */
public record UpstreamPolicy(
    Sharing sharing,
    int warm,
    int max,
    boolean pinned,
    Duration requestTimeout,
    Map<String, Duration> methodTimeouts,
    Duration maxTimeout,
    Duration pingInterval,
    Duration pingTimeout,
    int maxFailures,
    Duration failureWindow,
    Duration backoffInitial,
    Duration backoffMax) {

  public static final UpstreamPolicy DEFAULTS = new UpstreamPolicy(Sharing.SESSION, 0, 64, false,
      Duration.ofSeconds(60), Map.of("tools/call", Duration.ofMinutes(5)), Duration.ofMinutes(30),
      Duration.ofSeconds(30), Duration.ofSeconds(10), 5, Duration.ofMinutes(1), Duration.ofMillis(250),
      Duration.ofSeconds(30));

  public UpstreamPolicy {
    methodTimeouts = Map.copyOf(methodTimeouts);
  }

  /** This policy with {@code warm} children started ahead of demand and at most {@code max}. */
  public UpstreamPolicy withChildren(int warm, int max) {
    return new UpstreamPolicy(sharing, warm, max, pinned, requestTimeout, methodTimeouts, maxTimeout, pingInterval,
        pingTimeout, maxFailures, failureWindow, backoffInitial, backoffMax);
  }

  /** How long a request of this method may run without progress. */
  public Duration timeoutFor(String method) {
    return methodTimeouts.getOrDefault(method, requestTimeout);
  }
}
