package dev.switchboard.cli.bridge;

import dev.switchboard.cli.client.Builtins;
import dev.switchboard.cli.client.InProcessTransport;
import dev.switchboard.client.transport.StdioTransport;
import dev.switchboard.config.Config;
import dev.switchboard.config.Home;
import dev.switchboard.config.ServerSpec;
import dev.switchboard.upstream.CommandResolver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the server without a daemon, from the home's config: its stdio command as a child of the bridge (its stderr
 * goes to the bridge's log), or a built-in server in this JVM. Each new session is a new child. Stateless.
 */
final class LocalRoute {
  private LocalRoute() {}

  /** The opener and a phrase for the log; throws with a message for the user when the server is not configured. */
  static Route of(String server, Map<String, String> env, BridgeLog log) throws IOException {
    Config config;
    try {
      config = Home.fromEnvironment(env).loadConfig(null, env);
    } catch (RuntimeException e) {
      throw new IOException("cannot read the Switchboard configuration: " + e.getMessage(), e);
    }
    ServerSpec spec = config.servers().get(server);
    if (spec == null) {
      throw new IOException("no MCP server named '" + server + "' is configured; configured: "
          + String.join(", ", config.servers().keySet()));
    }
    if (spec.isBuiltin()) {
      return new Route(() -> new InProcessTransport(Builtins.create(spec, config)),
          "the built-in server '" + server + "' in this process");
    }
    List<String> argv = command(spec, env);
    return new Route(() -> new StdioTransport(argv, spec.env(), spec.cwd(), line -> log.say("[" + server + "] "
        + line)), "'" + String.join(" ", argv) + "' started over stdio");
  }

  /** How the bridge reaches its server, and how to say so. */
  record Route(Connection.Opener opener, String via) {}

  private static List<String> command(ServerSpec spec, Map<String, String> env) throws IOException {
    Path cwd = spec.cwd() == null ? Path.of("").toAbsolutePath() : spec.cwd();
    String command = Objects.requireNonNull(spec.command());
    Map<String, String> lookup = new HashMap<>(env);
    lookup.putAll(spec.env());
    Path executable = CommandResolver.resolve(command, lookup, cwd).orElseThrow(() -> new IOException(
        "MCP server '" + spec.name() + "': command not found: " + command + " (searched PATH)"));
    List<String> argv = new ArrayList<>();
    argv.add(executable.toString());
    argv.addAll(spec.args());
    return argv;
  }
}
