package dev.switchboard.config;

/**
 * One setting a reload changes, named by its config path ({@code gateway.limits.maxBodyBytes},
 * {@code mcpServers.github.env}), and whether the running daemon puts the new value in force at once or keeps the
 * old one until a restart. Immutable.
 */
public record SettingChange(String path, Effect effect) {
  /** When a changed setting takes effect. */
  public enum Effect {
    /** Applied by the reload itself (a changed server is restarted: its sessions end once answered). */
    LIVE,
    /** Read once at start: the running value stays until {@code switchboard restart}. */
    RESTART
  }

  public boolean live() {
    return effect == Effect.LIVE;
  }

  @Override
  public String toString() {
    return path + (live() ? "" : " (needs a restart)");
  }
}
