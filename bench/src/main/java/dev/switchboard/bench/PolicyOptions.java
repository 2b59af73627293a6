package dev.switchboard.bench;

import java.time.Duration;
import java.util.Map;

/**
 * The flags of the sharing-policy phases ({@link PolicyStartPhase}, {@link PolicyLoadPhase}, {@link ChurnPhase},
 * {@link PolicyMemoryPhase}). Immutable.
 *
 * @param startSessions recorded new sessions per policy in the policy-start phase (after 2 unrecorded)
 * @param refillTimeout the most the policy-start phase waits, after each session, for the policy's children to be
 *     back at rest (warm pool refilled, every child idle) before the next session; past it the next session starts
 *     anyway and the wait is counted as a timeout
 * @param loadSessions concurrent sessions for the shared-child throughput points and the floor next to them
 * @param callSessions concurrent sessions for the {@code call} policy throughput point
 * @param churnWorkers concurrent workers of the churn phase
 * @param memorySessions sessions held open per policy in the memory phase
 */
record PolicyOptions(int startSessions, Duration refillTimeout, int loadSessions, int callSessions, int churnWorkers,
    int memorySessions) {

  static void defaults(Map<String, String> d) {
    d.put("policy-sessions", "30");
    d.put("refill-timeout", "20");
    d.put("policy-load-sessions", "64");
    d.put("call-sessions", "8");
    d.put("churn-workers", "8");
    d.put("memory-sessions", "100");
  }

  static PolicyOptions parse(Map<String, String> v) {
    return new PolicyOptions(count(v, "policy-sessions", 1, 10_000),
        BenchOptions.seconds(BenchOptions.option(v, "refill-timeout")),
        count(v, "policy-load-sessions", 1, 1024), count(v, "call-sessions", 1, 1024),
        count(v, "churn-workers", 1, 1024), count(v, "memory-sessions", 1, 2000));
  }

  private static int count(Map<String, String> v, String key, int min, int max) {
    int n = Integer.parseInt(BenchOptions.option(v, key));
    if (n < min || n > max) {
      throw new IllegalArgumentException("--" + key + " must be from " + min + " to " + max);
    }
    return n;
  }
}
