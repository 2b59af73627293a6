package dev.switchboard.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Programs a test needs from the machine, found as a shell would find them. Stateless. */
public final class Programs {
  private Programs() {}

  /** The executable {@code program} in the first directory of {@code PATH} that has one. */
  public static Optional<Path> onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (!dir.isBlank() && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
