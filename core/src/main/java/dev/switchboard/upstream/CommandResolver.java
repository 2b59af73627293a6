package dev.switchboard.upstream;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds an executable the way a shell would: a path with a separator is taken as is, a bare name ({@code npx}) is
 * looked up on {@code PATH}, with {@code PATHEXT} suffixes on Windows ({@code npx.cmd}). Stateless.
 */
public final class CommandResolver {
  private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win");

  private CommandResolver() {}

  public static Optional<Path> resolve(String command, Map<String, String> env, Path cwd) {
    if (command.contains("/") || command.contains(File.separator)) {
      Path p = cwd.resolve(command);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
    for (String dir : path.split(File.pathSeparator)) {
      for (String suffix : suffixes(env)) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, command + suffix);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static List<String> suffixes(Map<String, String> env) {
    if (!WINDOWS) {
      return List.of("");
    }
    String ext = env.getOrDefault("PATHEXT", System.getenv().getOrDefault("PATHEXT", ".COM;.EXE;.BAT;.CMD"));
    var list = new java.util.ArrayList<String>(List.of(""));
    for (String e : ext.split(";")) {
      list.add(e.toLowerCase(Locale.ROOT));
    }
    return list;
  }
}
