package dev.switchboard.cli.setup;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the script a service should start: the {@code switchboard.launcher} system property, else the checkout's
 * {@code bin/switchboard}, found from where this code was loaded ({@code <repo>/server/target/switchboard/lib/*.jar}
 * or {@code <repo>/server/target/classes}). Stateless.
 */
public final class Launcher {
  static final String PROPERTY = "switchboard.launcher";

  private Launcher() {}

  public static Optional<Path> find(Os os) {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      return Optional.of(Path.of(property).toAbsolutePath().normalize());
    }
    return codeSource().flatMap(location -> fromCodeSource(location, os));
  }

  /** The repository root is the parent of the module whose {@code target} directory holds {@code location}. */
  static Optional<Path> fromCodeSource(Path location, Os os) {
    for (Path dir = location.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      if (dir.getFileName() != null && dir.getFileName().toString().equals("target") && dir.getParent() != null
          && dir.getParent().getParent() != null) {
        Path bin = dir.getParent().getParent().resolve("bin");
        return names(os).stream().map(bin::resolve).filter(Files::isRegularFile).findFirst();
      }
    }
    return Optional.empty();
  }

  static Optional<Path> codeSource() {
    var source = Launcher.class.getProtectionDomain().getCodeSource();
    try {
      return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static List<String> names(Os os) {
    return os == Os.WINDOWS ? List.of("switchboard.cmd", "switchboard.bat", "switchboard") : List.of("switchboard");
  }
}
