package dev.switchboard.cli.bridge;

import dev.switchboard.client.LocalDaemon;
import dev.switchboard.client.Switchboard;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard bridge NAME}: an MCP server on stdin/stdout for clients that only launch commands, relaying to
 * the daemon's {@code /mcp/NAME} (started when none runs), else to the server run by the bridge itself. The command
 * runs on the main (platform) thread, which reads stdin until it ends; stdout carries JSON-RPC lines only.
 */
@Command(name = "bridge", mixinStandardHelpOptions = true,
    description = {"Serve one MCP server over stdin/stdout, through the running Switchboard.",
        "Put it in a client's config: \"command\": \"/path/to/switchboard\", \"args\": [\"bridge\", \"NAME\"]."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the client closed stdin, or SIGTERM/SIGINT stopped the bridge", "2:usage error",
        "3:no daemon and the server could not be run from the config"})
public final class BridgeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "A server name from the config, e.g. github")
  String server = "";

  @Option(names = "--no-start", description = "Do not start a daemon when none runs; run the server directly")
  boolean noStart;

  @Option(names = {"-v", "--verbose"}, description = "Log to stderr which path was taken and what happened")
  boolean verbose;

  @Option(names = "--log-file", paramLabel = "FILE", description = "Log as -v does, to this file instead of stderr")
  @Nullable Path logFile;

  /**
   * The command for {@code bridge NAME [--no-start] [-v] [--log-file FILE]} parsed without picocli, whose model
   * building is a third of the bridge's start-up (a client waits for it on every launch); empty for anything else
   * (help, a mistake), which picocli then parses and explains.
   */
  public static Optional<BridgeCommand> quick(String[] args) {
    if (args.length < 2 || !args[0].equals("bridge")) {
      return Optional.empty();
    }
    BridgeCommand command = new BridgeCommand();
    List<String> names = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      String file = arg.startsWith("--log-file=") ? arg.substring("--log-file=".length())
          : arg.equals("--log-file") && i + 1 < args.length ? args[++i] : null;
      boolean taken = switch (arg) {
        case "--no-start" -> command.noStart;
        case "-v", "--verbose" -> command.verbose;
        default -> file != null ? command.logFile != null || !plain(file) : !plain(arg);
      };
      if (taken) {
        return Optional.empty(); // repeated, an option as a value, an @argfile, or unknown: picocli says what
      }
      switch (arg) {
        case "--no-start" -> command.noStart = true;
        case "-v", "--verbose" -> command.verbose = true;
        default -> {
          if (file != null) {
            command.logFile = Path.of(file);
          } else {
            names.add(arg);
          }
        }
      }
    }
    if (names.size() != 1) {
      return Optional.empty();
    }
    command.server = names.get(0);
    return Optional.of(command);
  }

  @Override
  public Integer call() throws IOException {
    OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    System.setOut(System.err); // nothing else may ever write to the client's stdout
    return serve(new FileInputStream(FileDescriptor.in), out, System.getenv());
  }

  /** Relays the JSON-RPC lines of {@code in} until it ends, answering on {@code out}; the exit code. */
  public int serve(InputStream in, OutputStream out, Map<String, String> env) throws IOException {
    BridgeLog log = log();
    LocalRoute.Route route;
    try {
      route = choose(env, log);
    } catch (IOException e) {
      log.warn(String.valueOf(e.getMessage()));
      return 3;
    }
    log.say("using " + route.via());
    LineOutput toClient = new LineOutput(out, log);
    Bridge bridge = new Bridge(route.opener(), toClient, log);
    Thread hook = new Thread(() -> stopped(bridge, toClient, log), "bridge-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      new ClientReader(in, bridge, toClient, log).run();
      bridge.close();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is stopping: the hook runs (close is idempotent)
      }
    }
    return 0;
  }

  /**
   * The JVM is stopping while the bridge serves, which only SIGTERM or SIGINT does (the hook is removed before any
   * other exit): end the session as the end of stdin would, then exit 0 as that does, not 128+signal, which a client
   * reads as a crash. Before halting, stdout is closed under its lock, so no line is cut in half. Halting skips the
   * other shutdown hooks; the bridge's JVM has none of its own ({@code Switchboard.shared}, Logback's are not used).
   */
  private static void stopped(Bridge bridge, LineOutput toClient, BridgeLog log) {
    try {
      log.say("stopping on a signal; ending the session");
      bridge.close();
      toClient.close();
    } finally {
      Runtime.getRuntime().halt(0);
    }
  }

  /** A command for {@code server}; with {@code noStart}, it never starts a daemon. */
  public static BridgeCommand of(String server, boolean noStart) {
    BridgeCommand command = new BridgeCommand();
    command.server = server;
    command.noStart = noStart;
    return command;
  }

  /** Not an option, not empty, not picocli's {@code @file} of arguments. */
  private static boolean plain(String arg) {
    return !arg.isEmpty() && !arg.startsWith("-") && !arg.startsWith("@");
  }

  private LocalRoute.Route choose(Map<String, String> env, BridgeLog log) throws IOException {
    DaemonStarter starter = new DaemonStarter(!noStart, logFile, log);
    Optional<LocalDaemon> daemon = DaemonRoute.healthyOrRunning(env);
    if (daemon.isEmpty() && starter.mayStart() && Switchboard.discover(env).isEmpty() && starter.start()) {
      daemon = DaemonRoute.healthy(env);
    }
    if (daemon.isPresent()) {
      DaemonRoute route = new DaemonRoute(server, env, starter, log);
      AtomicReference<@Nullable LocalDaemon> found = new AtomicReference<>(daemon.get());
      return new LocalRoute.Route(() -> {
        LocalDaemon first = found.getAndSet(null);
        return first != null ? route.open(first) : route.open();
      }, "the Switchboard daemon at " + daemon.get().mcpUrl(server));
    }
    LocalRoute.Route local = LocalRoute.of(server, env, log);
    return new LocalRoute.Route(local.opener(), local.via() + " (" + (noStart ? "no daemon runs and --no-start"
        : "no daemon could be started") + ")");
  }

  private BridgeLog log() throws IOException {
    if (logFile == null) {
      return new BridgeLog(System.err, verbose);
    }
    return new BridgeLog(new PrintStream(new FileOutputStream(logFile.toFile(), true), true,
        StandardCharsets.UTF_8), true);
  }
}
