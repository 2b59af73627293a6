package dev.switchboard.security.oauth;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How introspected tokens were answered: from the cache, by another request's round trip then in flight, or by a
 * round trip of their own. Outlives the caches of reloads that keep OAuth on, so the counts never go back. Thread safe.
 */
public final class IntrospectionTally {
  final LongAdder hits = new LongAdder();
  final LongAdder shared = new LongAdder();
  final LongAdder misses = new LongAdder();

  /** The counts as metric label values: {@code hit}, {@code shared}, {@code miss}. */
  public Map<String, Long> byResult() {
    return Map.of("hit", hits.sum(), "shared", shared.sum(), "miss", misses.sum());
  }
}
