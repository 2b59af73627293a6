package dev.switchboard.cli;

import java.util.List;

/**
 * Forcibly ends a process and everything it started, through {@link ProcessHandle} on every OS (no {@code kill} or
 * {@code taskkill} to run and parse). Stateless.
 */
final class ProcessTree {
  private ProcessTree() {}

  /**
   * The descendants are listed before the root dies (afterwards they are re-parented and no longer found), then the
   * root goes first so it cannot start more, then each of them.
   */
  static void kill(ProcessHandle root) {
    List<ProcessHandle> descendants = root.descendants().toList();
    root.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }
}
