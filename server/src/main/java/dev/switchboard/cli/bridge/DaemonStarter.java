package dev.switchboard.cli.bridge;

import dev.switchboard.cli.launch.JavaLaunch;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Starts the home's daemon the way a user would, by running {@code switchboard start} in a child JVM started the way
 * this one was ({@link JavaLaunch}: same class or module path; same home and config, the environment is inherited).
 * The child's stdin is the null device and its output goes to the log file or nowhere, never to the bridge's stdout.
 * Thread safe; {@code start} blocks.
 */
final class DaemonStarter {
  private static final long START_TIMEOUT_SECONDS = 45;
  private static final String LAUNCHER = "switchboard.launcher";
  /** What bin/switchboard gives commands other than the daemon's. */
  private static final List<String> SHORT_LIVED_ONLY = List.of("-XX:TieredStopAtLevel=", "-XX:+UseSerialGC",
      "-XX:AOTCache=", "-XX:SharedArchiveFile=", "-XX:+AutoCreateSharedArchive", "-Xlog:aot", "-Xlog:cds");

  private final boolean allowed;
  private final @Nullable Path logFile;
  private final BridgeLog log;

  DaemonStarter(boolean allowed, @Nullable Path logFile, BridgeLog log) {
    this.allowed = allowed;
    this.logFile = logFile;
    this.log = log;
  }

  boolean mayStart() {
    return allowed;
  }

  /** Runs {@code switchboard start}; true when it says the daemon serves. */
  boolean start() {
    log.say("no Switchboard daemon is running; starting one");
    List<String> command;
    try {
      command = command();
    } catch (IllegalStateException e) {
      log.warn("could not start the Switchboard daemon: " + e.getMessage());
      return false;
    }
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("SWITCHBOARD_NO_BUILD", "1"); // the launcher runs the jars this bridge runs, unbuilt
    pb
        .redirectInput(ProcessBuilder.Redirect.from(new File(File.separatorChar == '\\' ? "NUL" : "/dev/null")))
        .redirectOutput(logFile == null ? ProcessBuilder.Redirect.DISCARD
            : ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    try {
      Process child = pb.start();
      Process done = child.onExit().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      log.say("switchboard start exited with " + done.exitValue());
      return done.exitValue() == 0;
    } catch (java.io.IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      log.warn("could not start the Switchboard daemon: " + e);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The launcher this bridge was started by, when there is one: it gives the daemon the daemon's JVM options and
   * class-data cache. Otherwise this JVM's command, without the options that suit only a short-lived command (C1
   * alone, the serial GC, the short commands' cache): a daemon started with them would never reach full speed.
   */
  private static List<String> command() {
    String launcher = System.getProperty(LAUNCHER);
    if (launcher != null && java.nio.file.Files.isExecutable(Path.of(launcher))) {
      return List.of(launcher, "start");
    }
    return JavaLaunch.current().withoutOptions(DaemonStarter::shortLivedOnly).command(List.of("start"));
  }

  private static boolean shortLivedOnly(String jvmOption) {
    return SHORT_LIVED_ONLY.stream().anyMatch(jvmOption::startsWith);
  }
}
