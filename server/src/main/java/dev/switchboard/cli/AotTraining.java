package dev.switchboard.cli;

import dev.switchboard.config.Home;
import dev.switchboard.daemon.StateFile;
import java.util.Optional;

/**
 * The build's AOT training run ({@code -XX:AOTCacheOutput} on JDK 25): the commands users start most, in one JVM so
 * that one cache covers them — {@code --version} and {@code status} with no daemon, then a daemon in this process
 * (any free port, the home {@code SWITCHBOARD_HOME} names) that {@code status} and a bounded loop of {@code call}s go
 * through, so the daemon's request path is in the cache's profiles too. Single-threaded apart from the daemon; not a
 * user command.
 */
public final class AotTraining {
  private static final long CALLS_NANOS = 8_000_000_000L;
  private static final int MAX_CALLS = 2_000;

  private AotTraining() {}

  public static void main(String[] args) throws InterruptedException {
    execute("--version");
    execute("status");
    Home home = ConfigOptions.home(System.getenv());
    Thread daemon = new Thread(() -> execute("run", "--port", "0"), "training-daemon");
    daemon.setDaemon(true);
    daemon.start();
    if (awaitHealth(home)) {
      execute("status");
      long deadline = System.nanoTime() + CALLS_NANOS;
      for (int i = 0; i < MAX_CALLS && System.nanoTime() < deadline; i++) {
        execute("call", "switchboard", "list_servers");
      }
    }
    System.exit(0); // the shutdown hook stops the daemon; the JVM then writes the cache
  }

  private static int execute(String... args) {
    return Main.commandLine(args).execute(args);
  }

  private static boolean awaitHealth(Home home) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      Optional<StateFile> state = StateFile.read(home.stateFile());
      if (state.isPresent() && DaemonClient.health(state.get().url()).isPresent()) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}
