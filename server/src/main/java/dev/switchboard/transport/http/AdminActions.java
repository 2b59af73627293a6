package dev.switchboard.transport.http;

import tools.jackson.databind.node.ObjectNode;

/** What the local control endpoint may ask the running daemon to do; implemented by the daemon. */
public interface AdminActions {
  /** The per-run secret a caller must present (from {@code state.json}, readable by the owner only). */
  String token();

  /** Re-reads the configuration and applies it; returns a report of what changed. */
  ObjectNode reload();
}
