package dev.switchboard.upstream;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one server for health and status: its state, live connections (children), the last error (never
 * quoting the stderr of a child that served one principal's session), and, when each session of the server holds a
 * child of its own, how many such children there can be ({@link ChildSlots}; null otherwise).
 */
public record BackendStatus(String name, String kind, BackendState state, int connections,
    @Nullable String lastError, @Nullable ChildSlots childSlots) {

  /** A server whose sessions hold no child of their own (built-in, shared or per-call children). */
  public BackendStatus(String name, String kind, BackendState state, int connections, @Nullable String lastError) {
    this(name, kind, state, connections, lastError, null);
  }

  /**
   * Each session of the server holds one child: at most {@code perServer} at once ({@code pool.max}), within the
   * gateway's {@code gateway} children in all ({@code gateway.upstreams.maxChildren}). What the session registry
   * shares fairly between API keys.
   */
  public record ChildSlots(int perServer, int gateway) {}
}
