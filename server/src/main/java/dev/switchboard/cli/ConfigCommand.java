package dev.switchboard.cli;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ServerSpec;
import dev.switchboard.daemon.Instance;
import dev.switchboard.daemon.SelfLoop;
import dev.switchboard.daemon.StateFile;
import dev.switchboard.upstream.CommandResolver;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard config check}: validates the configuration and reports every problem by its JSON path; with
 * {@code --against-running}, also what a reload of the running daemon would apply live and what needs a restart.
 */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with the configuration.",
    subcommands = ConfigCommand.Check.class)
final class ConfigCommand {
  /** Validates the config file, including whether each server's command can be found. */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Validate the configuration: keys, types, durations, sizes, and commands on PATH.",
      exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:valid (and, with --against-running, a reload "
          + "would apply every change)", "1:problems found (each is printed)", "3:--against-running, but "
              + "Switchboard is not running", "4:valid, but some changed settings need a restart"})
  static final class Check implements Callable<Integer> {
    @Spec
    @Nullable CommandSpec spec;

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Option(names = "--against-running", description = "Also ask the running Switchboard what a reload would change: "
        + "which settings apply live and which need a restart (it reads its own config file, as a reload would).")
    boolean againstRunning;

    @Override
    public Integer call() throws Exception {
      Map<String, String> env = System.getenv();
      Path file = options.configFile(env);
      PrintWriter out = spec().commandLine().getOut();
      Config config;
      try {
        config = options.resolve(env);
      } catch (ConfigException e) {
        e.problems().forEach(p -> spec().commandLine().getErr().println("❌ " + file + " " + p));
        return 1;
      }
      List<String> missing = new ArrayList<>(missingCommands(config));
      selfLoop(config, env).problems(config).forEach(p -> missing.add(p.toString()));
      missing.forEach(m -> spec().commandLine().getErr().println("❌ " + file + " " + m));
      if (!missing.isEmpty()) {
        return 1;
      }
      out.println("✅ " + (Files.exists(file) ? file : "no config file; the built-in default")
          + " is valid: " + config.servers().size() + " server(s): " + String.join(", ", config.servers().keySet()));
      return againstRunning ? againstRunning(file) : 0;
    }

    /** Asks the daemon for a dry-run reload of its own configuration and prints it. */
    private int againstRunning(Path file) throws Exception {
      PrintWriter out = spec().commandLine().getOut();
      PrintWriter err = spec().commandLine().getErr();
      if (!(Instance.inspect(ConfigOptions.home(System.getenv())) instanceof Instance.Running running)
          || running.state().isEmpty()) {
        err.println("Switchboard is not running");
        return 3;
      }
      StateFile state = running.state().get();
      if (state.config() != null && !Path.of(state.config()).toAbsolutePath().equals(file.toAbsolutePath())) {
        out.println("Note: the running Switchboard reads " + state.config() + "; that is what a reload compares.");
      }
      var answer = DaemonClient.check(state);
      if (!answer.path("ok").asBoolean()) {
        err.println("❌ A reload would be refused: " + answer.path("error").asString());
        return 1;
      }
      out.println("Against the running Switchboard at " + state.url() + ":");
      ReloadReport.print(answer, true, out);
      return ReloadReport.restartNeeded(answer) ? 4 : 0;
    }

    /** This gateway as the config places it, and where a running daemon of this home actually listens. */
    private static SelfLoop selfLoop(Config config, Map<String, String> env) {
      var gw = config.gateway();
      List<String> bases = new ArrayList<>(List.of("http://" + (gw.host().contains(":") ? "[" + gw.host() + "]"
          : gw.host()) + ":" + gw.port()));
      StateFile.read(ConfigOptions.home(env).stateFile()).map(StateFile::url).ifPresent(bases::add);
      return SelfLoop.of(bases, ConfigOptions.launchers());
    }

    private static List<String> missingCommands(Config config) {
      List<String> problems = new ArrayList<>();
      for (ServerSpec spec : config.servers().values()) {
        if (spec.command() != null) {
          Path cwd = spec.cwd() == null ? Path.of("").toAbsolutePath() : spec.cwd();
          if (spec.cwd() != null && !Files.isDirectory(spec.cwd())) {
            problems.add("$.mcpServers." + spec.name() + ".cwd: no such directory: " + spec.cwd());
          } else if (CommandResolver.resolve(spec.command(), spec.env(), cwd).isEmpty()) {
            problems.add("$.mcpServers." + spec.name() + ".command: not found on PATH: " + spec.command());
          }
        }
      }
      return problems;
    }

    /** The spec picocli injects before {@link #call()}; it always does. */
    private CommandSpec spec() {
      return Objects.requireNonNull(spec, "picocli injects @Spec before call()");
    }
  }
}
