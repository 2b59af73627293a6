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
}
