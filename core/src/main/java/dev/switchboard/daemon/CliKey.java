package dev.switchboard.daemon;

import dev.switchboard.config.ApiKey;
import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigException;
import java.util.List;

/**
 * With API keys on, the daemon's per-run admin token is one more key, for every server: this user's CLI, which can
 * read the owner-only {@code state.json}, then reaches its own daemon without being given a key. With keys off
 * nothing changes (adding a key would turn authentication on). Stateless.
 */
final class CliKey {
  /** The name the admin token goes by in logs and audit; a configured key may not take it. */
  static final String NAME = "switchboard-cli";

  private CliKey() {}

  static Config grant(Config config, String adminToken) {
    var gateway = config.gateway();
    if (!gateway.security().authRequired()) {
      return config;
    }
    try {
      return config.withGateway(gateway.withSecurity(gateway.security().withKey(
          ApiKey.ofSecret(NAME, adminToken, List.of("*")))));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(String.valueOf(config.source()), List.of(new ConfigException.Problem(
          "$.gateway.auth.keys", "the key name '" + NAME + "' is reserved for the CLI's own key; rename that key")));
    }
  }
}
