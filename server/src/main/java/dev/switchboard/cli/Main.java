package dev.switchboard.cli;

import dev.switchboard.daemon.Version;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code switchboard} command and its subcommands. Start-up is on every command's path, so {@code main} builds
 * only what the arguments need: no picocli for {@code --version} nor for the plain forms of {@code bridge} (launched by
 * clients, which wait for it) and {@code status}, and only the named subcommand's model otherwise.
 */
@Command(name = "switchboard", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = "A shared MCP gateway: one process serves your MCP servers to every client.")
public final class Main {
  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      System.out.println(versionLine());
      System.exit(0);
    }
    Optional<Callable<Integer>> quick = quick(args);
    System.exit(quick.isPresent() ? run(quick.get()) : commandLine(args).execute(args));
  }

  /** The command for the hottest command lines, parsed without picocli; empty for every other. */
  static Optional<Callable<Integer>> quick(String[] args) {
    Optional<Callable<Integer>> bridge = dev.switchboard.cli.bridge.BridgeCommand.quick(args).map(c -> c);
    return bridge.or(() -> StatusCommand.quick(args).map(c -> c));
  }

  /** Runs a command parsed without picocli, failing as picocli's {@code execute} would: message, exit code 1. */
  private static int run(Callable<Integer> command) {
    try {
      return command.call();
    } catch (Exception e) {
      System.err.println(e);
      return 1;
    }
  }

  /** The whole command tree. */
  public static CommandLine commandLine() {
    return withSubcommands(Tree.SUBCOMMANDS);
  }

  /**
   * The tree these arguments need: picocli reflects over every registered command up front, so when the first
   * argument names a subcommand (other than {@code help}, which lists them all) only that one is registered.
   */
  static CommandLine commandLine(String[] args) {
    List<Class<?>> named = args.length == 0 ? List.of() : Tree.SUBCOMMANDS.stream()
        .filter(c -> c != CommandLine.HelpCommand.class && names(c).contains(args[0])).toList();
    return named.isEmpty() ? commandLine() : withSubcommands(named);
  }

  private static CommandLine withSubcommands(List<Class<?>> subcommands) {
    CommandLine cl = new CommandLine(new Main());
    subcommands.forEach(cl::addSubcommand);
    return cl.setCaseInsensitiveEnumValuesAllowed(true);
  }

  private static List<String> names(Class<?> command) {
    Command c = command.getAnnotation(Command.class);
    return c == null ? List.of() : Stream.concat(Stream.of(c.name()), Arrays.stream(c.aliases())).toList();
  }

  /** Every subcommand, in the order help lists them; a holder, so {@code --version} loads none of them. */
  private static final class Tree {
    static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, StartCommand.class, StopCommand.class,
        RestartCommand.class, StatusCommand.class, LogsCommand.class, ReloadCommand.class, RevokeCommand.class,
        ConfigCommand.class,
        dev.switchboard.cli.setup.ImportCommand.class, dev.switchboard.cli.setup.ConnectCommand.class,
        dev.switchboard.cli.setup.ServiceCommand.class, dev.switchboard.cli.client.ToolsCommand.class,
        dev.switchboard.cli.client.CallCommand.class, dev.switchboard.cli.client.ReviewCommand.class,
        dev.switchboard.cli.bridge.BridgeCommand.class,
        CommandLine.HelpCommand.class);
  }

  /** Prints the build's version. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {versionLine()};
    }
  }

  private static String versionLine() {
    return "switchboard " + Version.current();
  }
}
