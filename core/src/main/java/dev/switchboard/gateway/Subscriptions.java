package dev.switchboard.gateway;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which sessions subscribed to which resource URIs on one shared child. The child needs one subscription per URI
 * however many sessions want it: the first subscriber subscribes upstream, the last one to leave unsubscribes.
 * Thread safe.
 */
final class Subscriptions {
  private final Map<String, Set<Caller>> byUri = new ConcurrentHashMap<>();

  /** Adds a subscriber; true when it is the URI's first (so the child must be told). */
  boolean add(String uri, Caller session) {
    boolean[] first = {false};
    byUri.compute(uri, (k, set) -> {
      Set<Caller> s = set == null ? ConcurrentHashMap.newKeySet() : set;
      first[0] = s.isEmpty();
      s.add(session);
      return s;
    });
    return first[0];
  }

  /** Removes a subscriber; true when it was the URI's last (so the child may stop sending updates). */
  boolean remove(String uri, Caller session) {
    boolean[] last = {false};
    byUri.computeIfPresent(uri, (k, set) -> {
      last[0] = set.remove(session) && set.isEmpty();
      return set.isEmpty() ? null : set;
    });
    return last[0];
  }

  /** Drops every subscription of a session; returns the URIs nobody subscribes to any more. */
  List<String> removeAll(Caller session) {
    return byUri.keySet().stream().filter(uri -> remove(uri, session)).toList();
  }

  Set<Caller> subscribers(String uri) {
    return byUri.getOrDefault(uri, Set.of());
  }

  Set<String> uris() {
    return Set.copyOf(byUri.keySet());
  }
}
