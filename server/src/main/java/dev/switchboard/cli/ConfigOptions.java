package dev.switchboard.cli;

import dev.switchboard.config.Config;
import dev.switchboard.config.Home;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options that choose a configuration; shared by the commands that start or inspect a daemon. */
final class ConfigOptions {
  /** The name the key from the environment goes by in logs and audit; a config key may not take it. */
  static final String ENV_KEY = "SWITCHBOARD_API_KEY";

  @Option(names = "--config", paramLabel = "FILE",
      description = "Config file (default: $SWITCHBOARD_CONFIG, else $SWITCHBOARD_HOME/config.json)")
  @Nullable Path config;

  @Option(names = "--host", description = "Address to bind (overrides SWITCHBOARD_HOST and the config)")
  @Nullable String host;

  @Option(names = "--port", description = "Port to bind, 0 for any free one (overrides SWITCHBOARD_PORT and the "
      + "config; default 7182)")
  @Nullable Integer port;

  @Option(names = "--insecure-no-auth", description = "Allow listening on a non-loopback address without API keys")
  boolean insecureNoAuth;

  /** Flags beat environment, which beats the file. */
  Config resolve(Map<String, String> env) {
    Config cfg = home(env).loadConfig(config, env);
    var gw = cfg.gateway();
    String h = host != null ? host : env.getOrDefault("SWITCHBOARD_HOST", gw.host());
    int p = port != null ? port : env.containsKey("SWITCHBOARD_PORT")
        ? Integer.parseInt(env.get("SWITCHBOARD_PORT").strip()) : gw.port();
    var security = gw.security().withInsecureNoAuth(insecureNoAuth);
    String envKey = env.get("SWITCHBOARD_API_KEY");
    if (envKey != null && !envKey.isBlank()) {
      try {
        security = security.withKey(dev.switchboard.config.ApiKey.ofSecret(ENV_KEY, envKey.strip(),
            java.util.List.of("*")));
      } catch (IllegalArgumentException e) {
        throw new dev.switchboard.config.ConfigException(String.valueOf(cfg.source()), java.util.List.of(
            new dev.switchboard.config.ConfigException.Problem("$.gateway.auth.keys", e.getMessage()
                + ": that name is reserved for the key from " + ENV_KEY)));
      }
    }
    return cfg.withGateway(gw.withHost(h).withPort(p).withSecurity(security));
  }

  Path configFile(Map<String, String> env) {
    return home(env).configFile(config, env);
  }

  /** The scripts that start this Switchboard, so a server that runs one is recognised as a loop. */
  static java.util.List<Path> launchers() {
    var os = dev.switchboard.cli.setup.Os.fromOsName(System.getProperty("os.name", ""));
    return dev.switchboard.cli.setup.Launcher.find(os).stream().toList();
  }

  static Home home(Map<String, String> env) {
    return Home.fromEnvironment(env);
  }

  /** The same options as arguments, to hand to a background {@code run}. */
  java.util.List<String> asArguments() {
    var args = new java.util.ArrayList<String>();
    if (config != null) {
      args.add("--config");
      args.add(config.toAbsolutePath().toString());
    }
    if (host != null) {
      args.add("--host");
      args.add(host);
    }
    if (port != null) {
      args.add("--port");
      args.add(port.toString());
    }
    if (insecureNoAuth) {
      args.add("--insecure-no-auth");
    }
    return args;
  }
}
