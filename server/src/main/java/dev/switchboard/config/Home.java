package dev.switchboard.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where Switchboard keeps its files: {@code SWITCHBOARD_HOME}, else {@code ~/.switchboard}. The config file is
 * {@code --config}, else {@code SWITCHBOARD_CONFIG}, else {@code config.json} in the home. Immutable.
 */
public record Home(Path dir) {
  public static Home fromEnvironment(Map<String, String> env) {
    String home = env.get("SWITCHBOARD_HOME");
    return new Home(home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".switchboard")
        : Path.of(home));
  }

  public Path defaultConfig() {
    return dir.resolve("config.json");
  }

  /**
   * Loads the configuration: an explicit file must exist; the default one may be absent, which means the embedded
   * default (only the built-in server).
   */
  public Config loadConfig(@Nullable Path explicit, Map<String, String> env) {
    Path file = explicit != null ? explicit
        : env.containsKey("SWITCHBOARD_CONFIG") ? Path.of(env.get("SWITCHBOARD_CONFIG")) : null;
    if (file != null) {
      return ConfigLoader.load(file);
    }
    return Files.exists(defaultConfig()) ? ConfigLoader.load(defaultConfig()) : Config.defaults();
  }
}
