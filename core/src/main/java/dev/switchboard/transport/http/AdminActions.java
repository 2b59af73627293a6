package dev.switchboard.transport.http;

import tools.jackson.databind.node.ObjectNode;

/**
 * What the local control endpoint may ask the running daemon to do; implemented by the daemon. Called on HTTP
 * request threads, possibly several at once: implementations are thread safe.
 */
public interface AdminActions {
  /** The per-run secret a caller must present (from {@code state.json}, readable by the owner only). */
  String token();

  /**
   * Re-reads the configuration and applies what a running daemon can; returns a report of what changed, with every
   * changed setting by config path under {@code applied} or {@code needsRestart}, and {@code ok}.
   */
  ObjectNode reload();

  /** The same report as {@link #reload} (plus {@code dryRun}), without applying anything. */
  ObjectNode check();

  /**
   * What the daemon is busy with: its state, requests in flight in all and by server, and the shutdown grace — what
   * {@code switchboard stop} tells the user it is waiting for.
   */
  ObjectNode activity();

  /**
   * Begins a graceful stop in the background and returns at once with {@link #activity}; the way to stop the daemon
   * where there are no signals (Windows).
   */
  ObjectNode stop();
}
