package dev.switchboard.cli;

import dev.switchboard.daemon.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code switchboard} command and its subcommands. */
@Command(name = "switchboard", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = "A shared MCP gateway: one process serves your MCP servers to every client.",
    subcommands = {RunCommand.class, StartCommand.class, StopCommand.class, RestartCommand.class,
        StatusCommand.class, LogsCommand.class, ReloadCommand.class, ConfigCommand.class,
        dev.switchboard.cli.setup.ImportCommand.class, dev.switchboard.cli.setup.ConnectCommand.class,
        dev.switchboard.cli.setup.ServiceCommand.class, dev.switchboard.cli.client.ToolsCommand.class,
        dev.switchboard.cli.client.CallCommand.class, dev.switchboard.cli.client.ReviewCommand.class,
        dev.switchboard.cli.bridge.BridgeCommand.class,
        CommandLine.HelpCommand.class})
public final class Main {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** Prints the build's version. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"switchboard " + Version.current()};
    }
  }
}
