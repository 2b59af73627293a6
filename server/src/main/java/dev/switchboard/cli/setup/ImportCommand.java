package dev.switchboard.cli.setup;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewaySettings;
import dev.switchboard.daemon.SelfLoop;
import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code switchboard import}: copies the stdio servers of existing client configs into Switchboard's config, never
 * overwriting an entry and never touching the client files. One instance per invocation; not thread safe.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Import the stdio MCP servers your clients already use into Switchboard's config.",
        "Reads Claude Desktop, Claude Code (~/.claude.json with its projects, ./.mcp.json), Cursor "
            + "(~/.cursor/mcp.json, ./.cursor/mcp.json) and VS Code (user and ./.vscode/mcp.json). New names are "
            + "added; names already configured are left alone and reported as unchanged or as a conflict; remote "
            + "(URL) servers are listed as skipped. The client files are never modified."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:imported, or nothing to import (conflicts and skipped entries are reported, not errors)",
        "1:a source file or the Switchboard config is unreadable or invalid; nothing written", "2:usage error",
        "4:the config file could not be written"})
public final class ImportCommand implements Callable<Integer> {
  @Spec
  @Nullable CommandSpec spec;

  @Option(names = "--from", paramLabel = "SOURCE",
      description = "claude-desktop, claude-code, cursor, vscode, or a JSON file with \"mcpServers\" or \"servers\"; "
          + "repeatable (default: every client file that exists)")
  List<String> from = new ArrayList<>();

  @Option(names = "--url", paramLabel = "BASE", description = "Also Switchboard's address, e.g. "
      + "http://127.0.0.1:7300, when it runs where neither the config, SWITCHBOARD_PORT nor a running daemon says: "
      + "entries that reach it are skipped as loops")
  @Nullable String url;

  @Option(names = "--dry-run", description = "Print what would happen; write nothing")
  boolean dryRun;

  @Option(names = "--rewrite", description = "Then, in the clients' own files, replace each imported entry with "
      + "'switchboard bridge NAME' (each file backed up first; with --dry-run, print the change)")
  boolean rewrite;

  @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: $SWITCHBOARD_HOME/config.json)")
  @Nullable Path config;

  private final Platform platform;
  private final Clock clock;
  private final Function<Os, Optional<Path>> launcher;

  public ImportCommand() {
    this(Platform.current(), Clock.system(java.time.ZoneId.systemDefault()), Launcher::find);
  }

  ImportCommand(Platform platform) {
    this(platform, Clock.system(java.time.ZoneId.systemDefault()), Launcher::find);
  }

  ImportCommand(Platform platform, Clock clock, Function<Os, Optional<Path>> launcher) {
    this.platform = platform;
    this.clock = clock;
    this.launcher = launcher;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec().commandLine().getOut();
    PrintWriter err = spec().commandLine().getErr();
    Path target = platform.configFile(config);
    try {
      ObjectNode root = currentConfig(target);
      List<Path> sources = sources(out);
      if (sources.isEmpty()) {
        out.println("Nothing to import: no client config found.");
        return 0;
      }
      SourceReader reader = read(sources, ownBases(root, err));
      out.println("Importing into " + target + (dryRun ? " (dry run)" : "") + " from:");
      sources.forEach(s -> out.println("  " + s));
      ImportPlan plan = ImportPlan.of(root.path("mcpServers"), reader.offers(), reader.skips());
      ImportReport.print(out, plan);
      Optional<Path> script = rewrite ? launcher.apply(platform.os()) : Optional.empty();
      if (rewrite && script.isEmpty()) {
        err.println("Cannot --rewrite: the launcher bin/switchboard of this build is not found (set the system "
            + "property switchboard.launcher). Nothing was written.");
        return 1;
      }
      int code = apply(plan, root, target, out, err);
      return code != 0 || script.isEmpty() ? code : rewrite(reader.offers(), plan, root, script.get(), out, err);
    } catch (UnusableFileException e) {
      err.println("Cannot import: " + e.getMessage());
      err.println(e.file().equals(target) ? "Nothing was written. Fix the config first."
          : "Nothing was written. Fix that file, or pick other sources with --from.");
      return 1;
    } finally {
      out.flush();
    }
  }

  private int apply(ImportPlan plan, ObjectNode root, Path target, PrintWriter out, PrintWriter err) {
    if (plan.additions().isEmpty()) {
      out.println("Nothing to add; " + target + " is unchanged.");
      return 0;
    }
    ObjectNode merged = root.deepCopy();
    ObjectNode servers = merged.has("mcpServers") ? (ObjectNode) merged.get("mcpServers")
        : merged.putObject("mcpServers");
    plan.additions().forEach(servers::set);
    byte[] bytes = JsonFiles.prettyBytes(merged);
    try {
      ConfigLoader.parse(bytes, target);
    } catch (ConfigException e) {
      err.println("The merged config would be invalid, so nothing was written.");
      err.println(e.getMessage());
      return 1;
    }
    if (dryRun) {
      out.println("Dry run: would add " + plan.additions().size() + " server(s) to " + target + "; nothing written.");
      return 0;
    }
    try {
      JsonFiles.writeAtomically(target, bytes);
    } catch (IOException e) {
      err.println("Cannot write " + target + ": " + e);
      return 4;
    }
    out.println("Added " + String.join(", ", plan.additions().keySet()) + " to " + target + ".");
    out.println("Point a client at Switchboard with: switchboard connect <" + String.join("|", clientIds()) + ">");
    return 0;
  }

  /** {@code --rewrite}: the client entries Switchboard now serves become bridge entries. */
  private int rewrite(List<ServerOffer> offers, ImportPlan plan, ObjectNode root, Path script, PrintWriter out,
      PrintWriter err) {
    ObjectNode servers = root.path("mcpServers").isObject() ? ((ObjectNode) root.get("mcpServers")).deepCopy()
        : Json.object();
    plan.additions().forEach(servers::set);
    List<ClientRewrite.Edit> edits = ClientRewrite.plan(offers, servers, script);
    if (edits.isEmpty()) {
      out.println("No client entry to rewrite.");
      return 0;
    }
    if (dryRun) {
      out.println("Dry run: would rewrite these client entries (each file backed up first):");
      ClientRewrite.printDiff(edits, out);
      return 0;
    }
    return ClientRewrite.apply(edits, clock, out, err);
  }

  /** The existing config, or the empty one a missing file stands for. */
  private ObjectNode currentConfig(Path target) throws UnusableFileException {
    if (!Files.exists(target)) {
      ObjectNode empty = Json.object();
      empty.putObject("mcpServers");
      return empty;
    }
    ObjectNode root = JsonFiles.readStrictObject(target);
    JsonNode servers = root.get("mcpServers");
    if (servers != null && !servers.isObject()) {
      throw new UnusableFileException(target, "\"mcpServers\" is not an object");
    }
    return root;
  }

  private List<Path> sources(PrintWriter out) throws UnusableFileException {
    Set<Path> files = new LinkedHashSet<>();
    List<String> wanted = from.isEmpty() ? clientIds() : from;
    for (String source : wanted) {
      if (Client.isId(source)) {
        List<Path> known = Client.parse(source).configFiles(platform);
        List<Path> present = known.stream().filter(Files::isRegularFile).toList();
        if (present.isEmpty() && !from.isEmpty()) {
          out.println("No " + Client.parse(source).displayName() + " config found; looked in " + known + ".");
        }
        files.addAll(present);
      } else {
        Path file = platform.resolve(Path.of(source));
        if (!Files.isRegularFile(file)) {
          throw new UnusableFileException(file, "no such file (and not one of " + Client.ids() + ")");
        }
        files.add(file);
      }
    }
    return List.copyOf(files);
  }

  /** Reads every source before judging any, so one bad file stops the import before anything is written. */
  private SourceReader read(List<Path> sources, List<String> ownBases) throws UnusableFileException {
    SourceReader reader = new SourceReader(SelfLoop.of(ownBases, Launcher.find(platform.os()).stream().toList()),
        platform);
    for (Path source : sources) {
      reader.read(source);
    }
    return reader;
  }

  /**
   * Switchboard's own URLs: from the config being merged into, {@code SWITCHBOARD_HOST}/{@code SWITCHBOARD_PORT}
   * (which a daemon started from this environment listens on), a running daemon's {@code state.json}, and
   * {@code --url}.
   */
  private List<String> ownBases(ObjectNode root, PrintWriter err) {
    GatewaySettings d = GatewaySettings.defaults();
    JsonNode gateway = root.path("gateway");
    String host = gateway.path("host").asString(d.host());
    List<String> bases = new ArrayList<>(List.of(GatewayAddress.fromSettings(host, gateway.path("port")
        .asInt(d.port()))));
    String envPort = platform.env().get("SWITCHBOARD_PORT");
    if (envPort != null && envPort.strip().matches("[0-9]{1,5}")) {
      bases.add(GatewayAddress.fromSettings(platform.env().getOrDefault("SWITCHBOARD_HOST", host),
          Integer.parseInt(envPort.strip())));
    }
    GatewayAddress.fromState(platform, err).ifPresent(bases::add);
    if (url != null) {
      try {
        bases.add(GatewayAddress.checked(url));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec().commandLine(), "Invalid value for option '--url': " + e.getMessage());
      }
    }
    return bases;
  }

  private static List<String> clientIds() {
    return Arrays.stream(Client.values()).map(Client::id).toList();
  }

  /** The spec picocli injects before {@link #call()}; it always does. */
  private CommandSpec spec() {
    return Objects.requireNonNull(spec, "picocli injects @Spec before call()");
  }
}
