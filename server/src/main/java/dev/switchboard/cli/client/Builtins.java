package dev.switchboard.cli.client;

import dev.switchboard.config.Config;
import dev.switchboard.config.ServerSpec;
import dev.switchboard.daemon.Version;
import dev.switchboard.upstream.BackendState;
import dev.switchboard.upstream.BackendStatus;
import dev.switchboard.upstream.builtin.BuiltinServer;
import dev.switchboard.upstream.builtin.BuiltinServers;
import dev.switchboard.upstream.builtin.Introspection;
import java.util.List;
import java.util.Optional;

/**
 * Makes built-in servers for the commands' no-daemon path. Outside the daemon the {@code switchboard} server reports
 * the configured servers as not started and no sessions. Stateless.
 */
public final class Builtins {
  private Builtins() {}

  public static BuiltinServer create(ServerSpec spec, Config config) {
    return BuiltinServers.create(spec, new BuiltinServer.Context(Version.current(), offline(config)));
  }

  private static Introspection offline(Config config) {
    return new Introspection() {
      @Override
      public List<BackendStatus> servers() {
        return config.servers().values().stream().map(s -> new BackendStatus(s.name(),
            s.isBuiltin() ? "builtin:" + s.builtin() : "stdio", BackendState.READY, 0, null)).toList();
      }

      @Override
      public List<SessionInfo> sessions() {
        return List.of();
      }

      @Override
      public Optional<List<String>> stderrTail(String server, int lines) {
        return config.servers().containsKey(server) ? Optional.of(List.of()) : Optional.empty();
      }
    };
  }
}
