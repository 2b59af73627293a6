package dev.switchboard.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the distinct values one label takes per server: the first {@code cap} are kept, later ones fold into
 * {@code other}. Tool names come from servers and method names from clients; neither may grow the metrics without
 * bound. Thread safe.
 */
final class LabelGuard {
  static final String OTHER = "other";

  private final int cap;
  private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();

  LabelGuard(int cap) {
    this.cap = cap;
  }

  String of(String server, String value) {
    Set<String> values = seen.computeIfAbsent(server, s -> ConcurrentHashMap.newKeySet());
    if (values.contains(value)) {
      return value;
    }
    if (values.size() >= cap) {
      return OTHER;
    }
    values.add(value);
    return value;
  }
}
