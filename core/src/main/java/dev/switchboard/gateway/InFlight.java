package dev.switchboard.gateway;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * How many requests a link has in flight, in all and per session, readable from any thread. Counted up when a
 * request is handed to the link (before its owner sees it, so a pinned child is never handed over too early) and
 * down once when it ends. Thread safe.
 */
final class InFlight {
  private final AtomicInteger total = new AtomicInteger();
  private final Map<Caller, Integer> bySession = new ConcurrentHashMap<>();

  void started(@Nullable Caller session) {
    total.incrementAndGet();
    if (session != null) {
      bySession.merge(session, 1, Integer::sum);
    }
  }

  void ended(@Nullable Caller session) {
    total.decrementAndGet();
    if (session != null) {
      bySession.computeIfPresent(session, (s, n) -> n == 1 ? null : n - 1);
    }
  }

  int total() {
    return total.get();
  }

  int of(Caller session) {
    return bySession.getOrDefault(session, 0);
  }

  /** The sessions with requests in flight, at most {@code limit} of them. */
  Set<Caller> sessions(int limit) {
    Set<Caller> out = new HashSet<>();
    for (Caller s : bySession.keySet()) {
      if (out.size() >= limit) {
        break;
      }
      out.add(s);
    }
    return out;
  }
}
