package dev.switchboard.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where Switchboard keeps its files: {@code SWITCHBOARD_HOME}, else {@code ~/.switchboard}. It holds
 * {@code config.json}, {@code switchboard.pid}, {@code switchboard.lock}, {@code state.json} and {@code logs/}. The
 * config file is {@code --config}, else {@code SWITCHBOARD_CONFIG}, else {@code config.json} here. Immutable.
 */
public record Home(Path dir) {
  public static Home fromEnvironment(Map<String, String> env) {
    String home = env.get("SWITCHBOARD_HOME");
    return new Home(home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".switchboard")
        : Path.of(home).toAbsolutePath());
  }

  public Path defaultConfig() {
    return dir.resolve("config.json");
  }

  public Path pidFile() {
    return dir.resolve("switchboard.pid");
  }

  public Path lockFile() {
    return dir.resolve("switchboard.lock");
  }

  public Path stateFile() {
    return dir.resolve("state.json");
  }

  public Path logDir() {
    return dir.resolve("logs");
  }

  public Path logFile() {
    return logDir().resolve("switchboard.log");
  }

  /** Where a server's captured stderr is kept, e.g. {@code logs/servers/everything.log}. */
  public Path serverLog(String server) {
    return logDir().resolve("servers").resolve(server + ".log");
  }

  /** Creates the home and its log folders, readable by the owner only (they hold logs and state). */
  public Home ensure() throws IOException {
    for (Path p : new Path[] {dir, logDir(), logDir().resolve("servers")}) {
      if (!Files.isDirectory(p)) {
        Files.createDirectories(p);
        ownerOnly(p);
      }
    }
    return this;
  }

  static void ownerOnly(Path p) {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------"
          : "rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system (Windows): the user profile's ACLs apply
    }
  }

  /** The config file in effect: an explicit one, else {@code SWITCHBOARD_CONFIG}, else the default one. */
  public Path configFile(@Nullable Path explicit, Map<String, String> env) {
    if (explicit != null) {
      return explicit.toAbsolutePath();
    }
    String fromEnv = env.get("SWITCHBOARD_CONFIG");
    return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv).toAbsolutePath() : defaultConfig();
  }

  /**
   * Loads the configuration: an explicit file must exist; the default one may be absent, which means the embedded
   * default (only the built-in server).
   */
  public Config loadConfig(@Nullable Path explicit, Map<String, String> env) {
    Path file = configFile(explicit, env);
    boolean optional = explicit == null && file.equals(defaultConfig());
    return optional && !Files.exists(file) ? Config.defaults() : ConfigLoader.load(file);
  }

  /** Writes a small file readable by the owner only, atomically (temp file + move). */
  public static void writeOwnerOnly(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    ownerOnly(tmp);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
