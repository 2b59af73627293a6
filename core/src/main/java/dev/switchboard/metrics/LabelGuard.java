package dev.switchboard.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the distinct values one label takes per server: the first {@code cap} are kept, later ones fold into
 * {@code other}. Tool names come from servers and method names from clients; neither may grow the metrics without
 * bound. Thread safe: a known value is a lock-free lookup; a new one takes a place with a compare-and-set on its
 * server's count, so racing threads never keep more than {@code cap}.
 */
final class LabelGuard {
  static final String OTHER = "other";

  private final int cap;
  private final Map<String, Values> seen = new ConcurrentHashMap<>();

  /** One server's kept values and how many places are taken (never more than the cap). */
  private record Values(Map<String, String> kept, AtomicInteger taken) {
    /** Takes a place if one is left under {@code cap}. */
    boolean take(int cap) {
      return taken.getAndUpdate(n -> n < cap ? n + 1 : n) < cap;
    }
  }

  LabelGuard(int cap) {
    this.cap = cap;
  }

  String of(String server, String value) {
    Values values = seen.computeIfAbsent(server, s -> new Values(new ConcurrentHashMap<>(), new AtomicInteger()));
    String known = values.kept().get(value);
    if (known != null) {
      return known;
    }
    if (values.taken().get() >= cap) {
      return OTHER;
    }
    // per value, the function runs once; a place is taken only below the cap, and a folded value is not stored
    String kept = values.kept().computeIfAbsent(value, v -> values.take(cap) ? v : null);
    return kept == null ? OTHER : kept;
  }
}
