package dev.switchboard.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm peers under {@code interop/} (the conformance suite, Node 22): installs them with {@code npm ci} the first
 * time a test needs them, so {@code mvn -B verify} on a fresh clone needs nothing else.
 */
public final class Interop {
  private Interop() {}

  public static Path dir() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("interop/package.json"))) {
        return p.resolve("interop");
      }
    }
    throw new IllegalStateException("no interop/package.json above " + here);
  }

  /** Node 22 from the {@code node@22} npm package (the machine's own node may be older). */
  public static Path node() throws IOException, InterruptedException {
    install();
    return dir().resolve("node_modules/.bin/node");
  }

  /** Runs {@code npm ci} unless {@code node_modules} already matches {@code package-lock.json}. */
  public static synchronized void install() throws IOException, InterruptedException {
    Path dir = dir();
    if (upToDate(dir)) {
      return;
    }
    List<String> cmd = new ArrayList<>(List.of("npm", Files.exists(dir.resolve("package-lock.json")) ? "ci"
        : "install", "--no-audit", "--no-fund"));
    Process npm = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
    if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
      npm.destroyForcibly();
      throw new IOException("npm " + cmd.get(1) + " failed in " + dir);
    }
  }

  private static boolean upToDate(Path dir) throws IOException {
    Path installed = dir.resolve("node_modules/.package-lock.json");
    Path lock = dir.resolve("package-lock.json");
    return Files.isExecutable(dir.resolve("node_modules/.bin/node")) && Files.exists(installed)
        && (!Files.exists(lock) || Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0);
  }

  /** Runs a command with Node 22 first on PATH; returns its exit code, output in {@code log}. */
  public static int run(List<String> command, Path log, long timeoutSeconds) throws IOException,
      InterruptedException {
    Path bin = node().getParent();
    List<String> argv = new ArrayList<>(command);
    if (Files.isExecutable(bin.resolve(argv.get(0)))) {
      argv.set(0, bin.resolve(argv.get(0)).toString()); // ProcessBuilder searches the parent's PATH, not the child's
    }
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir().toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("PATH", bin + java.io.File.pathSeparator + System.getenv().getOrDefault("PATH", ""));
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IOException("timed out after " + timeoutSeconds + " s: " + command);
    }
    return p.exitValue();
  }
}
