package dev.switchboard.cli;

import dev.switchboard.config.Home;
import dev.switchboard.daemon.StateFile;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The build's AOT training runs ({@code -XX:AOTCacheOutput} on JDK 25), one per cache, in the home
 * {@code SWITCHBOARD_HOME} names. {@code cli}: {@code --version}, {@code status} with no daemon and with one (a
 * separate process, so its classes stay out of this cache), a few {@code call}s. {@code daemon}: a daemon in this
 * process (any free port) that {@code status} and a bounded loop of {@code call}s go through, so its request path
 * is in the profiles. Sequential; not a user command.
 */
public final class AotTraining {
  private static final long CALLS_NANOS = TimeUnit.SECONDS.toNanos(8);
  private static final int MAX_CALLS = 2_000;

  private AotTraining() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Home home = ConfigOptions.home(System.getenv());
    if (args.length == 1 && args[0].equals("cli")) {
      cli(home);
    } else if (args.length == 1 && args[0].equals("daemon")) {
      daemon(home);
    } else {
      System.err.println("usage: AotTraining cli|daemon");
      System.exit(2);
    }
    System.exit(0); // the daemon's shutdown hook stops it; the JVM then writes the cache
  }

  private static void cli(Home home) throws IOException, InterruptedException {
    execute("--version");
    execute("status");
    Process daemon = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "run", "--port", "0")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
    daemon.getOutputStream().close();
    try {
      if (awaitHealth(home)) {
        execute("status");
        calls(TimeUnit.SECONDS.toNanos(2), 5);
      }
    } finally {
      daemon.destroy();
      daemon.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static void daemon(Home home) throws InterruptedException {
    Thread daemon = new Thread(() -> execute("run", "--port", "0"), "training-daemon");
    daemon.setDaemon(true);
    daemon.start();
    if (awaitHealth(home)) {
      execute("status");
      calls(CALLS_NANOS, MAX_CALLS);
    }
  }

  private static void calls(long nanos, int max) {
    long deadline = System.nanoTime() + nanos;
    for (int i = 0; i < max && System.nanoTime() < deadline; i++) {
      execute("call", "switchboard", "list_servers");
    }
  }

  private static int execute(String... args) {
    return Main.commandLine(args).execute(args);
  }

  private static boolean awaitHealth(Home home) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
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
