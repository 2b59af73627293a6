package dev.switchboard.cli.client;

import dev.switchboard.client.LocalDaemon;
import dev.switchboard.config.Home;
import dev.switchboard.daemon.StateFile;
import java.util.Map;
import java.util.Optional;

/**
 * The key the CLI shows its own daemon: the per-run admin token from the owner-only {@code state.json} (the daemon
 * takes it as a key whenever API keys are on), else {@code SWITCHBOARD_API_KEY}. Stateless.
 */
final class DaemonKey {
  static final String ENV = "SWITCHBOARD_API_KEY";

  private DaemonKey() {}

  /** The key for {@code daemon}, or empty when there is none (keys off: none is needed). */
  static Optional<String> forDaemon(LocalDaemon daemon, Map<String, String> env) {
    Optional<String> token = StateFile.read(Home.fromEnvironment(env).stateFile())
        .filter(s -> s.pid() == daemon.pid()).map(StateFile::adminToken).filter(t -> !t.isBlank());
    return token.or(() -> fromEnvironment(env));
  }

  static Optional<String> fromEnvironment(Map<String, String> env) {
    String key = env.get(ENV);
    return key == null || key.isBlank() ? Optional.empty() : Optional.of(key.strip());
  }
}
