package dev.switchboard.cli;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Home;
import dev.switchboard.daemon.ManagedDaemon;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code switchboard run}: serve in the foreground until Ctrl-C or SIGTERM, which stop it gracefully. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run Switchboard in the foreground.",
        "With no config file it serves its built-in 'switchboard' server on http://127.0.0.1:7182/mcp."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped normally", "1:invalid configuration", "2:usage error",
        "5:could not start (e.g. no free port)", "6:another Switchboard already runs for this home"})
final class RunCommand implements Callable<Integer> {
  static final String DAEMON_ENV = "SWITCHBOARD_DAEMON";

  @Spec
  @Nullable CommandSpec spec;

  @Mixin
  ConfigOptions options = new ConfigOptions();

  @Override
  public Integer call() throws Exception {
    Map<String, String> env = System.getenv();
    Config cfg;
    try {
      cfg = options.resolve(env);
    } catch (ConfigException e) {
      spec().commandLine().getErr().println(e.getMessage());
      return 1;
    }
    Home home = ConfigOptions.home(env);
    ManagedDaemon managed;
    try {
      managed = ManagedDaemon.start(home, cfg, () -> options.resolve(env), !"1".equals(env.get(DAEMON_ENV)),
          ConfigOptions.launchers());
    } catch (ManagedDaemon.AlreadyRunning e) {
      spec().commandLine().getErr().println(e.getMessage());
      return 6;
    } catch (ConfigException e) {
      spec().commandLine().getErr().println(e.getMessage());
      return 1;
    } catch (Exception e) {
      spec().commandLine().getErr().println("Switchboard could not start on " + cfg.gateway().host() + ":"
          + cfg.gateway().port() + ": " + e.getMessage());
      return 5;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(managed::close, "shutdown"));
    spec().commandLine().getOut().println("Switchboard is running at " + managed.daemon().url() + " (servers: "
        + String.join(", ", cfg.servers().keySet()) + "; log: " + home.logFile() + ")");
    spec().commandLine().getOut().flush();
    managed.daemon().awaitTermination();
    return 0;
  }

  /** The spec picocli injects before {@link #call()}; it always does. */
  private CommandSpec spec() {
    return Objects.requireNonNull(spec, "picocli injects @Spec before call()");
  }
}
