package dev.switchboard.cli.client;

import dev.switchboard.client.Client;
import dev.switchboard.client.LocalDaemon;
import dev.switchboard.client.Switchboard;
import dev.switchboard.client.schema.Root;
import dev.switchboard.client.transport.StdioTransport;
import dev.switchboard.client.transport.StreamableHttpTransport;
import dev.switchboard.client.transport.Transport;
import dev.switchboard.config.Config;
import dev.switchboard.config.Home;
import dev.switchboard.config.ServerSpec;
import dev.switchboard.daemon.Version;
import dev.switchboard.upstream.CommandResolver;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Chooses how a command reaches a server: through the running daemon (found by its state file and answering
 * {@code /health}; authenticated as {@link DaemonKey} says), else by running the server itself from the config, a
 * stdio command or a built-in server in-process. Stateless.
 */
final class Connector {
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

  private Connector() {}

  /** A connected-on-demand client and a phrase saying how it reaches the server. */
  record Target(Client client, String via) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
    }
  }

  /** Thrown when the server cannot be found or started; the message is for the user. */
  static final class Unreachable extends RuntimeException {
    Unreachable(String message) {
      super(message, null, false, false);
    }
  }

  /** {@code cwd} is offered to the server as the client's one root (the review server reads files under it). */
  static Target open(String server, ConnectOptions options, Map<String, String> env, Path cwd, PrintWriter err) {
    Settings settings = new Settings(options, cwd);
    if (!options.noDaemon) {
      Optional<LocalDaemon> daemon = Switchboard.discover(env).filter(d -> d.isHealthy(HEALTH_TIMEOUT));
      if (daemon.isPresent()) {
        URI url = daemon.get().mcpUrl(server);
        Optional<String> key = DaemonKey.forDaemon(daemon.get(), env);
        return say(options, err, new Target(settings.client(() -> authorized(StreamableHttpTransport.builder(url)
            .standaloneStream(false), key).build()), "the Switchboard daemon at " + url));
      }
    }
    Target local = local(server, settings, env, err);
    String why = options.noDaemon ? "--no-daemon" : "no Switchboard daemon is running";
    return say(options, err, new Target(local.client(), local.via() + " (" + why + ")"));
  }

  private static StreamableHttpTransport.Builder authorized(StreamableHttpTransport.Builder builder,
      Optional<String> key) {
    return key.map(k -> builder.header("Authorization", "Bearer " + k)).orElse(builder);
  }

  private static Target local(String server, Settings settings, Map<String, String> env, PrintWriter err) {
    Config config;
    try {
      config = Home.fromEnvironment(env).loadConfig(null, env);
    } catch (RuntimeException e) {
      throw new Unreachable("cannot read the Switchboard configuration: " + e.getMessage());
    }
    ServerSpec spec = config.servers().get(server);
    if (spec == null) {
      throw new Unreachable("no MCP server named '" + server + "' is configured; configured: "
          + String.join(", ", config.servers().keySet()));
    }
    if (spec.isBuiltin()) {
      return new Target(settings.client(() -> new InProcessTransport(Builtins.create(spec, config))),
          "the built-in server '" + server + "' in this process");
    }
    List<String> argv = command(spec, env);
    Consumer<String> stderr = settings.options().verbose ? line -> err.println("[" + server + "] " + line)
        : line -> {};
    return new Target(settings.client(() -> new StdioTransport(argv, spec.env(), spec.cwd(), stderr)),
        "'" + String.join(" ", argv) + "' started over stdio");
  }

  private static List<String> command(ServerSpec spec, Map<String, String> env) {
    Path cwd = spec.cwd() == null ? Path.of("").toAbsolutePath() : spec.cwd();
    String command = java.util.Objects.requireNonNull(spec.command());
    Map<String, String> lookup = new java.util.HashMap<>(env);
    lookup.putAll(spec.env());
    Path executable = CommandResolver.resolve(command, lookup, cwd).orElseThrow(() -> new Unreachable(
        "MCP server '" + spec.name() + "': command not found: " + command + " (searched PATH)"));
    List<String> argv = new ArrayList<>();
    argv.add(executable.toString());
    argv.addAll(spec.args());
    return argv;
  }

  /** What every client a command makes shares: its name, timeout and root. */
  private record Settings(ConnectOptions options, Path cwd) {
    Client client(Transport.Factory transports) {
      Root root = new Root(cwd.toUri().toString(), cwd.getFileName() == null ? null : cwd.getFileName().toString());
      return Client.builder(transports).clientInfo("switchboard-cli", Version.current())
          .timeout(Duration.ofSeconds(Math.max(1, options.timeoutSeconds))).roots(() -> List.of(root)).build();
    }
  }

  private static Target say(ConnectOptions options, PrintWriter err, Target target) {
    if (options.verbose) {
      err.println("switchboard: using " + target.via());
      err.flush();
    }
    return target;
  }
}
