package dev.switchboard.cli.setup;

import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The machine the setup commands act on: operating system, home and working directories, {@code %APPDATA%} and the
 * environment. Every path the commands read or write derives from this, so tests pass temp dirs and any OS. Immutable.
 */
public record Platform(Os os, Path home, @Nullable Path appData, Path cwd, Map<String, String> env) {
  public Platform {
    home = home.toAbsolutePath().normalize();
    appData = appData == null ? null : appData.toAbsolutePath().normalize();
    cwd = cwd.toAbsolutePath().normalize();
    env = Map.copyOf(env);
  }

  /** This JVM's machine. */
  public static Platform current() {
    Map<String, String> env = System.getenv();
    String appData = env.get("APPDATA");
    return new Platform(Os.fromOsName(System.getProperty("os.name", "")), Path.of(System.getProperty("user.home")),
        appData == null || appData.isBlank() ? null : Path.of(appData), Path.of(""), env);
  }

  public Platform withOs(Os other) {
    return new Platform(other, home, appData, cwd, env);
  }

  /** {@code %APPDATA%}; Windows always sets it, the fallback only matters for a simulated Windows. */
  public Path roaming() {
    return appData != null ? appData : home.resolve("AppData").resolve("Roaming");
  }

  /** {@code $XDG_CONFIG_HOME} (which Electron apps such as VS Code honour on Linux), else {@code ~/.config}. */
  public Path xdgConfig() {
    String xdg = env.get("XDG_CONFIG_HOME");
    return xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".config");
  }

  /** {@code SWITCHBOARD_HOME}, else {@code ~/.switchboard} (the same rule as {@link dev.switchboard.config.Home}). */
  public Path switchboardHome() {
    String dir = env.get("SWITCHBOARD_HOME");
    return dir == null || dir.isBlank() ? home.resolve(".switchboard") : resolve(Path.of(dir));
  }

  /** {@code --config}, else {@code SWITCHBOARD_CONFIG}, else {@code config.json} in the Switchboard home. */
  public Path configFile(@Nullable Path explicit) {
    if (explicit != null) {
      return resolve(explicit);
    }
    String fromEnv = env.get("SWITCHBOARD_CONFIG");
    return fromEnv == null || fromEnv.isBlank() ? switchboardHome().resolve("config.json") : resolve(Path.of(fromEnv));
  }

  /** True when the config file was named explicitly, so its absence is an error rather than "use the defaults". */
  public boolean configNamed(@Nullable Path explicit) {
    return explicit != null || (env.get("SWITCHBOARD_CONFIG") != null && !env.get("SWITCHBOARD_CONFIG").isBlank());
  }

  /** Resolves a user-given path against this platform's working directory (not the JVM's), expanding {@code ~}. */
  public Path resolve(Path path) {
    String text = path.toString();
    if (text.equals("~") || text.startsWith("~/") || text.startsWith("~\\")) {
      return home.resolve(text.length() > 2 ? text.substring(2) : "").normalize();
    }
    return cwd.resolve(path).normalize();
  }
}
