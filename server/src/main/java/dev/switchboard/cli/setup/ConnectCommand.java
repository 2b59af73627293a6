package dev.switchboard.cli.setup;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code switchboard connect CLIENT}: shows what points a client at Switchboard, and with {@code --write} merges it
 * into the client's config file after a backup. One instance per invocation; not thread safe.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
    description = {"Point an MCP client at Switchboard: print the commands or config it needs, or merge that into "
        + "its config file with --write.",
        "URLs are http://HOST:PORT/mcp/NAME, with HOST:PORT from --url, else from the running daemon "
            + "($SWITCHBOARD_HOME/state.json), else from the config's gateway section.",
        "With API keys on (gateway.auth.keys or SWITCHBOARD_API_KEY), every entry sends Authorization: Bearer KEY, "
            + "the key from --api-key, else SWITCHBOARD_API_KEY."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed, or written",
        "1:the Switchboard config or the client's file is invalid; nothing written",
        "2:usage error", "3:--server names a server that is not configured",
        "4:the client's file could not be written",
        "5:API keys are on and no key was given (--api-key or SWITCHBOARD_API_KEY)"})
public final class ConnectCommand implements Callable<Integer> {
  @Spec
  @Nullable CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CLIENT", converter = Client.Converter.class,
      description = "claude-code, claude-desktop, cursor or vscode")
  Client client = Client.CLAUDE_CODE;

  @Option(names = "--server", paramLabel = "NAME",
      description = "Only this server; repeatable (default: every configured server, the built-in switchboard too)")
  List<String> servers = new ArrayList<>();

  @Option(names = "--url", paramLabel = "BASE", description = "Switchboard's base URL, e.g. http://127.0.0.1:7182")
  @Nullable String url;

  @Option(names = "--api-key", paramLabel = "KEY",
      description = "The API key the client sends (default: $SWITCHBOARD_API_KEY); needed when keys are configured")
  @Nullable String apiKey;

  @Option(names = "--write", description = "Merge the entries into the client's config file, backing it up first")
  boolean write;

  @Option(names = "--replace",
      description = "With --write, also repoint entries of the same name the client file already has")
  boolean replace;

  @Option(names = "--bridge", description = "Entries that launch 'switchboard bridge NAME' over stdio instead of "
      + "URLs: for clients that only launch commands; the bridge finds (or starts) the daemon itself")
  boolean bridge;

  @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: $SWITCHBOARD_HOME/config.json)")
  @Nullable Path config;

  private final Platform platform;
  private final Clock clock;
  private final Function<Os, Optional<Path>> launcher;

  public ConnectCommand() {
    this(Platform.current(), Clock.system(ZoneId.systemDefault()), Launcher::find);
  }

  ConnectCommand(Platform platform, Clock clock) {
    this(platform, clock, Launcher::find);
  }

  ConnectCommand(Platform platform, Clock clock, Function<Os, Optional<Path>> launcher) {
    this.platform = platform;
    this.clock = clock;
    this.launcher = launcher;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec().commandLine().getOut();
    PrintWriter err = spec().commandLine().getErr();
    try {
      Config cfg = loadConfig();
      List<String> unknown = servers.stream().filter(s -> !cfg.servers().containsKey(s)).toList();
      if (!unknown.isEmpty()) {
        err.println("Not configured: " + String.join(", ", unknown) + ". Configured servers: "
            + String.join(", ", cfg.servers().keySet()));
        return 3;
      }
      List<String> names = servers.isEmpty() ? List.copyOf(cfg.servers().keySet()) : servers;
      if (bridge) {
        return bridge(names, out, err);
      }
      GatewayAddress.Resolved address = address(cfg, err);
      if (address == null) {
        return 1;
      }
      String key = apiKey(platform.env());
      if (key == null && cfg.gateway().security().authRequired()) {
        err.println("API keys are configured (gateway.auth.keys), so every client must send one, and Switchboard "
            + "never invents one: pass --api-key KEY or set SWITCHBOARD_API_KEY. Nothing was printed or written.");
        return 5;
      }
      Map<String, String> urls = new LinkedHashMap<>();
      names.forEach(name -> urls.put(name, address.serverUrl(name)));
      out.println(client.displayName() + " -> Switchboard at " + address.base() + " (from " + address.origin() + ")");
      out.println();
      if (!write) {
        ConnectForms.print(out, client, urls, platform, key);
        return 0;
      }
      return write(ConnectForms.entries(client, urls, key), urls, out, err);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 1;
    } finally {
      out.flush();
    }
  }

  /** The bridge form: each server as {@code <launcher> bridge NAME}, printed or written. */
  private int bridge(List<String> names, PrintWriter out, PrintWriter err) {
    Optional<Path> script = launcher.apply(platform.os());
    if (script.isEmpty()) {
      err.println("Cannot find the launcher bin/switchboard of this build (set the system property "
          + "switchboard.launcher). Nothing was printed or written.");
      return 1;
    }
    Map<String, ObjectNode> entries = new LinkedHashMap<>();
    Map<String, String> targets = new LinkedHashMap<>();
    for (String name : names) {
      entries.put(name, client.bridgeEntryFor(script.get(), name));
      targets.put(name, CommandText.posix(List.of(script.get().toAbsolutePath().toString(), "bridge", name)));
    }
    out.println(client.displayName() + " -> switchboard bridge (" + script.get().toAbsolutePath() + ")");
    out.println();
    if (write) {
      return write(entries, targets, out, err);
    }
    Path file = client.connectFile(platform);
    ObjectNode document = Json.object();
    document.putObject(client.serversKey()).setAll(entries);
    out.println("Add to " + file + ", then restart " + client.displayName() + ":");
    out.print(JsonFiles.pretty(document));
    out.println();
    out.println("To merge this into " + file + " (after a backup): switchboard connect " + client.id()
        + " --bridge --write");
    return 0;
  }

  private int write(Map<String, ObjectNode> entries, Map<String, String> urls, PrintWriter out, PrintWriter err) {
    Path file = client.connectFile(platform);
    boolean existed = Files.exists(file);
    List<ClientFileMerge.Change> changes;
    ObjectNode root;
    try {
      root = existed ? JsonFiles.readObject(file) : Json.object();
      changes = ClientFileMerge.merge(root, client.serversKey(), entries, replace);
    } catch (UnusableFileException e) {
      err.println("Cannot update it: " + e.getMessage() + ". Nothing was written.");
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("Cannot update " + file + ": " + e.getMessage() + ". Nothing was written.");
      return 1;
    }
    if (!ClientFileMerge.changesFile(changes)) {
      out.println("Nothing to change in " + file + ":");
      report(changes, urls, out);
      return 0;
    }
    try {
      Path backup = existed ? JsonFiles.backup(file, clock) : null;
      JsonFiles.writeAtomically(file, JsonFiles.prettyBytes(root));
      out.println("Wrote " + file + (backup == null ? " (new file)" : " (previous version saved as " + backup + ")")
          + ":");
    } catch (IOException e) {
      err.println("Cannot write " + file + ": " + e);
      return 4;
    }
    report(changes, urls, out);
    out.println("Restart " + client.displayName() + " (or reload its MCP servers) to pick this up.");
    return 0;
  }

  private static void report(List<ClientFileMerge.Change> changes, Map<String, String> urls, PrintWriter out) {
    int width = changes.stream().mapToInt(c -> c.name().length()).max().orElse(0);
    for (ClientFileMerge.Change change : changes) {
      String detail = change.outcome() == ClientFileMerge.Outcome.KEPT
          ? "the file already has a different entry by this name; --replace points it at Switchboard"
          : urls.get(change.name());
      out.printf("  %-9s  %-" + width + "s  %s%n", change.outcome().label, change.name(), detail);
    }
  }

  /** {@code --api-key}, else {@code SWITCHBOARD_API_KEY}, else null (no header). */
  private @Nullable String apiKey(Map<String, String> env) {
    String key = apiKey != null ? apiKey : env.get("SWITCHBOARD_API_KEY");
    return key == null || key.isBlank() ? null : key.strip();
  }

  private Config loadConfig() {
    Path file = platform.configFile(config);
    if (platform.configNamed(config) || Files.exists(file)) {
      return ConfigLoader.load(file);
    }
    return Config.defaults();
  }

  /** Null (after saying why) when no address can be known; a malformed {@code --url} is a usage error. */
  private GatewayAddress.@Nullable Resolved address(Config cfg, PrintWriter err) {
    try {
      return GatewayAddress.resolve(platform, cfg.gateway(), url, err);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec().commandLine(), "Invalid value for option '--url': " + e.getMessage());
    } catch (IllegalStateException e) {
      err.println(e.getMessage());
      return null;
    }
  }

  /** The spec picocli injects before {@link #call()}; it always does. */
  private CommandSpec spec() {
    return Objects.requireNonNull(spec, "picocli injects @Spec before call()");
  }
}
