package dev.switchboard.upstream;

/** What {@code /health} reports for a server. */
public enum BackendState {
  /** Configured, nothing started yet (children start per session). */
  READY,
  /** At least one connection started and answered. */
  RUNNING,
  /**
   * The last attempt failed: start error, or an exit before the first answer; or the command cannot be found, which
   * is checked at load and on every reload before any client tries.
   */
  FAILED,
  /** Children keep dying: new work fails fast with the last error until the failure window passes. */
  CRASH_LOOP
}
