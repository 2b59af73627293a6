package dev.switchboard.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Wine (Debian's {@code wine64}) for tests that run Windows programs here: {@code cmd.exe}, {@code schtasks}. Each
 * instance has its own prefix (drive C: and the registry) and home under a directory the test owns; the Unix root is
 * drive Z:. One test thread at a time.
 */
public final class Wine implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/lib/wine/wine64");
  private static final Path SERVER = Path.of("/usr/lib/wine/wineserver");
  private static final String SYSTEM = "C:\\windows\\system32\\";

  private final Path dir;

  public record Result(int exit, String output) {}

  /** Makes the prefix now (Wine's first start takes seconds), not inside a test's first command. */
  public Wine(Path dir) throws IOException, InterruptedException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("home"));
    Result boot = run(List.of("cmd", "/c", "exit 0"), Map.of());
    if (boot.exit() != 0 || !Files.isRegularFile(driveC().resolve("windows/system32/cmd.exe"))) {
      throw new IOException("wine did not start: " + boot.output());
    }
  }

  public static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** Drive C: of this prefix, as a Unix path. */
  public Path driveC() {
    return prefix().resolve("drive_c");
  }

  /**
   * Runs a program of the prefix's system folder ({@code cmd}, {@code schtasks}) with these arguments (and extra
   * environment) to its end. Wine is given the program's full path: given a bare name it starts {@code start.exe},
   * whose {@code ShellExecuteEx} then looks the name up, and that lookup once failed ("ShellExecuteEx failed:
   * Internal error") while a new prefix was still settling on a busy machine.
   */
  public Result run(List<String> args, Map<String, String> env) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), SYSTEM + args.getFirst() + ".exe"));
    command.addAll(args.subList(1, args.size()));
    return exec(dir, command, env);
  }

  /**
   * Runs any command in this Wine's environment to its end, its output in files: wineserver outlives the command and
   * keeps what it inherits, so a pipe would not reach its end.
   */
  public Result exec(Path scratch, List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(scratch, "out", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
    Map<String, String> environment = builder.environment();
    for (String name : List.of("JAVA_HOME", "SWITCHBOARD_JAVA_HOME", "WINEPATH", "DISPLAY", "WAYLAND_DISPLAY")) {
      environment.remove(name);
    }
    environment.put("WINEPREFIX", prefix().toString());
    environment.put("HOME", dir.resolve("home").toString());
    environment.put("WINEDEBUG", "-all");
    environment.put("WINEDLLOVERRIDES", "mscoree,mshtml="); // no Mono or Gecko installer at the prefix's creation
    environment.putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    return new Result(process.exitValue(), Files.readString(out));
  }

  /** The path as Windows programs under Wine see it. */
  public static String windowsPath(Path path) {
    return "Z:" + path.toAbsolutePath().toString().replace('/', '\\');
  }

  /** Stops this prefix's wineserver and removes the prefix (it links Z: to / and its user folders to HOME). */
  @Override
  public void close() throws IOException {
    if (Files.isDirectory(prefix())) {
      if (Files.isExecutable(SERVER)) {
        try {
          exec(dir, List.of(SERVER.toString(), "-k"), Map.of());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // the prefix goes all the same
        }
      }
      deleteTree(prefix());
    }
  }

  /** Removes a folder and all in it; links are removed, never followed (the prefix links Z: to /). */
  public static void deleteTree(Path root) throws IOException {
    if (Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try (var paths = Files.walk(root)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private Path prefix() {
    return dir.resolve("prefix");
  }
}
