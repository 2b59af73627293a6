package dev.switchboard.gateway;

import java.util.Map;

/**
 * A snapshot of one group for health, the status page and metrics: its own status (running while any member is
 * available; its connections are its client sessions) and whether each member is in its lists now, in the order
 * configured.
 */
public record GroupStatus(String name, dev.switchboard.upstream.BackendStatus status, Map<String, Boolean> members) {
  public GroupStatus {
    members = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(members));
  }
}
