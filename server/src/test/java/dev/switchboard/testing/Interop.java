package dev.switchboard.testing;

import dev.switchboard.protocol.Json;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The npm peers under {@code interop/} (the conformance suite, Node 22): installs them with {@code npm ci} the first
 * time a test needs them, so {@code mvn -B verify} on a fresh clone needs nothing else.
 *
 * <p>No process started here inherits the test JVM's standard streams: in a forked surefire/failsafe JVM they are
 * the channel to Maven, and Node both writes to an inherited stdout and switches an inherited stdin to non-blocking
 * mode, which corrupts that channel ("std/in stream corrupted ... Resource temporarily unavailable").
 */
public final class Interop {
  /** Standard input for a child that must not read the test JVM's own (the forked JVM's control channel). */
  public static final Redirect NO_INPUT =
      Redirect.from(new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null"));

  private static final int LOG_TAIL_CHARS = 4000;

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

  /**
   * Runs {@code npm ci} unless {@code node_modules} already matches {@code package-lock.json}. Its output goes to
   * {@code target/interop-npm.log}; a file lock keeps two test JVMs (surefire and failsafe, or two builds of one
   * checkout) from installing into the same directory at once.
   */
  public static synchronized void install() throws IOException, InterruptedException {
    Path dir = dir();
    if (upToDate(dir)) {
      return;
    }
    Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
    try (FileChannel lockFile = FileChannel.open(target.resolve("interop-npm.lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE)) {
      FileLock lock = lockFile.lock();
      try {
        npmInstall(dir, target);
      } finally {
        lock.release();
      }
    }
  }

  private static void npmInstall(Path dir, Path target) throws IOException, InterruptedException {
    if (upToDate(dir)) {
      return; // another JVM installed them while this one waited
    }
    List<String> cmd = new ArrayList<>(List.of("npm", Files.exists(dir.resolve("package-lock.json")) ? "ci"
        : "install", "--no-audit", "--no-fund", "--no-progress"));
    Path log = target.resolve("interop-npm.log");
    Process npm = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(NO_INPUT)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = npm.waitFor(10, TimeUnit.MINUTES);
    if (!finished) {
      npm.descendants().forEach(ProcessHandle::destroyForcibly);
      npm.destroyForcibly();
      npm.waitFor(10, TimeUnit.SECONDS);
    }
    if (!finished || npm.exitValue() != 0) {
      throw new IOException("npm " + cmd.get(1) + " in " + dir + (finished ? " exited with " + npm.exitValue()
          : " timed out after 10 minutes") + "; end of " + log + ":\n" + tail(log));
    }
  }

  private static String tail(Path log) {
    try {
      String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
      return text.length() <= LOG_TAIL_CHARS ? text : "..." + text.substring(text.length() - LOG_TAIL_CHARS);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /**
   * Whether {@code node_modules} holds what {@code package-lock.json} names, by content: npm's record of the tree it
   * installed ({@code node_modules/.package-lock.json}) has each locked package at its locked version (an optional
   * one may be absent). Not by modification time: a fresh checkout or a git worktree gets a lock file newer than a
   * tree that matches it, and an {@code npm ci} then would delete a tree other checkouts may be using.
   */
  static boolean upToDate(Path dir) throws IOException {
    Path installed = dir.resolve("node_modules/.package-lock.json");
    Path lock = dir.resolve("package-lock.json");
    if (!Files.isExecutable(dir.resolve("node_modules/.bin/node")) || !Files.exists(installed)) {
      return false;
    }
    if (!Files.exists(lock)) {
      return true;
    }
    JsonNode have;
    JsonNode locked;
    try {
      have = Json.parse(Files.readString(installed)).path("packages");
      locked = Json.parse(Files.readString(lock)).path("packages");
    } catch (IOException | RuntimeException e) {
      return false; // another JVM's npm ci is rewriting it: install() waits for its lock, then looks again
    }
    for (Map.Entry<String, JsonNode> wanted : locked.properties()) {
      JsonNode got = have.path(wanted.getKey());
      boolean optional = wanted.getValue().path("optional").asBoolean(false);
      if (!wanted.getKey().isEmpty() && (got.isMissingNode() ? !optional
          : !got.path("version").asString("").equals(wanted.getValue().path("version").asString("")))) {
        return false;
      }
    }
    return true;
  }

  /** Runs a command with Node 22 first on PATH and no standard input; returns its exit code, output in {@code log}. */
  public static int run(List<String> command, Path log, long timeoutSeconds) throws IOException,
      InterruptedException {
    Path bin = node().getParent();
    List<String> argv = new ArrayList<>(command);
    if (Files.isExecutable(bin.resolve(argv.get(0)))) {
      argv.set(0, bin.resolve(argv.get(0)).toString()); // ProcessBuilder searches the parent's PATH, not the child's
    }
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir().toFile()).redirectInput(NO_INPUT)
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("PATH", bin + File.pathSeparator + System.getenv().getOrDefault("PATH", ""));
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IOException("timed out after " + timeoutSeconds + " s: " + command);
    }
    return p.exitValue();
  }
}
