package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ApiKey;
import dev.switchboard.config.Config;
import dev.switchboard.daemon.Daemon;
import dev.switchboard.security.SecureHttp.Client;
import dev.switchboard.security.SecureHttp.Reply;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SWITCHBOARD_API_KEY} and {@code --insecure-no-auth} as the CLI resolves them. ConfigOptions is package-private
 * in {@code dev.switchboard.cli}, and the environment cannot be set for {@code Main.commandLine()} in-process, so
 * its {@code resolve(Map env)} is called reflectively with a made-up environment (no config file: defaults).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EnvApiKeyIT {
  private static final String SECRET = "env-secret-0123456789abcdef";

  @TempDir
  Path home;

  private Config resolve(Map<String, String> extra, boolean insecureNoAuth) throws Exception {
    Class<?> type = Class.forName("dev.switchboard.cli.ConfigOptions");
    Constructor<?> ctor = type.getDeclaredConstructor();
    ctor.setAccessible(true);
    Object options = ctor.newInstance();
    var flag = type.getDeclaredField("insecureNoAuth");
    flag.setAccessible(true);
    flag.setBoolean(options, insecureNoAuth);
    Method resolve = type.getDeclaredMethod("resolve", Map.class);
    resolve.setAccessible(true);
    Map<String, String> env = new HashMap<>(extra);
    env.put("SWITCHBOARD_HOME", home.toString());
    env.put("SWITCHBOARD_PORT", "0");
    try {
      return (Config) resolve.invoke(options, env);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void theEnvironmentKeyIsAddedAsEnvWithEveryServer() throws Exception {
    Config config = resolve(Map.of("SWITCHBOARD_API_KEY", "  " + SECRET + "\n"), false);
    assertThat(config.gateway().security().keys()).singleElement().satisfies(k -> {
      assertThat(k.name()).isEqualTo("SWITCHBOARD_API_KEY");
      assertThat(k.servers()).containsExactly("*");
      assertThat(k.matches(ApiKey.sha256(SECRET))).as("stripped").isTrue();
    });
    assertThat(resolve(Map.of("SWITCHBOARD_API_KEY", "  "), false).gateway().security().keys()).isEmpty();
    assertThat(resolve(Map.of(), false).gateway().security().keys()).isEmpty();
  }

  @Test
  void aPublicBindNeedsTheEnvironmentKeyOrTheInsecureFlag() throws Exception {
    Daemon refused = new Daemon(resolve(Map.of("SWITCHBOARD_HOST", "0.0.0.0"), false));
    assertThatThrownBy(refused::start).hasMessageContaining("SWITCHBOARD_API_KEY");

    Daemon keyed = new Daemon(resolve(Map.of("SWITCHBOARD_HOST", "0.0.0.0", "SWITCHBOARD_API_KEY", SECRET), false))
        .start();
    try {
      Client http = new Client("http://127.0.0.1:" + keyed.port());
      assertThat(http.health(null).json().has("security")).isFalse();
      Reply detail = http.health("Bearer " + SECRET);
      assertThat(detail.status()).as(detail.describe()).isEqualTo(200);
      assertThat(detail.json().has("security")).isTrue();
      assertThat(http.health("Bearer not-" + SECRET).status()).isEqualTo(401);
    } finally {
      keyed.close();
    }

    Daemon insecure = new Daemon(resolve(Map.of("SWITCHBOARD_HOST", "0.0.0.0"), true)).start();
    try {
      assertThat(new Client("http://127.0.0.1:" + insecure.port()).health(null).json().has("security")).isTrue();
    } finally {
      insecure.close();
    }
  }
}
