package dev.switchboard.cli;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Home;
import dev.switchboard.daemon.Daemon;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code switchboard run}: serve in the foreground until interrupted (Ctrl-C or SIGTERM stop it gracefully). */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run Switchboard in the foreground.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped normally", "1:invalid configuration", "2:usage error", "5:could not start"})
final class RunCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: $SWITCHBOARD_HOME/config.json)")
  @Nullable Path config;

  @Option(names = "--host", description = "Address to bind (default from config, else 127.0.0.1)")
  @Nullable String host;

  @Option(names = "--port", description = "Port to bind; 0 picks a free one (default from config, else 7182)")
  @Nullable Integer port;

  @Override
  public Integer call() throws Exception {
    Config cfg;
    try {
      cfg = Settings.resolve(config, host, port, System.getenv());
    } catch (ConfigException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 1;
    }
    Daemon daemon = new Daemon(cfg);
    try {
      daemon.start();
    } catch (Exception e) {
      spec.commandLine().getErr().println("Switchboard could not start on " + cfg.gateway().host() + ":"
          + cfg.gateway().port() + ": " + e.getMessage());
      return 5;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "shutdown"));
    spec.commandLine().getOut().println("Switchboard is running at " + daemon.url() + " (servers: "
        + String.join(", ", cfg.servers().keySet()) + ")");
    spec.commandLine().getOut().flush();
    daemon.awaitTermination();
    return 0;
  }

  /** Flags beat environment, which beats the file. */
  static final class Settings {
    private Settings() {}

    static Config resolve(@Nullable Path config, @Nullable String host, @Nullable Integer port,
        java.util.Map<String, String> env) {
      Config cfg = Home.fromEnvironment(env).loadConfig(config, env);
      var gw = cfg.gateway();
      String h = host != null ? host : env.getOrDefault("SWITCHBOARD_HOST", gw.host());
      int p = port != null ? port : env.containsKey("SWITCHBOARD_PORT")
          ? Integer.parseInt(env.get("SWITCHBOARD_PORT")) : gw.port();
      return cfg.withGateway(gw.withHost(h).withPort(p));
    }
  }
}
