package dev.switchboard.cli;

import dev.switchboard.config.Home;
import dev.switchboard.daemon.StateFile;
import dev.switchboard.cli.bridge.BridgeCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The build's AOT training runs ({@code -XX:AOTCacheOutput} on JDK 25), one per cache, in the home
 * {@code SWITCHBOARD_HOME} names. {@code cli}: {@code --version}, {@code status} with no daemon and with one (a
 * separate process, so its classes stay out of this cache), a few {@code call}s. {@code bridge}: a client's
 * session through {@code bridge switchboard} (clients launch it and wait for it, so it gets a cache of its own). {@code daemon}: a daemon in this
 * process (any free port) that {@code status} and a bounded loop of {@code call}s go through, so its request path
 * is in the profiles. Sequential; not a user command.
 */
public final class AotTraining {
  private static final long CALLS_NANOS = TimeUnit.SECONDS.toNanos(8);
  private static final int MAX_CALLS = 2_000;
  private static final long BRIDGE_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final java.util.List<String> BRIDGE_SESSION = java.util.List.of(
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"aot-training\",\"version\":\"1\"}}}",
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"list_servers\","
          + "\"arguments\":{}}}");

  private AotTraining() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Home home = ConfigOptions.home(System.getenv());
    if (args.length == 1 && args[0].equals("cli")) {
      cli(home);
    } else if (args.length == 1 && args[0].equals("daemon")) {
      daemon(home);
    } else if (args.length == 1 && args[0].equals("bridge")) {
      withDaemon(home, AotTraining::bridge);
    } else {
      System.err.println("usage: AotTraining cli|daemon|bridge");
      System.exit(2);
    }
    System.exit(0); // the daemon's shutdown hook stops it; the JVM then writes the cache
  }

  private static void cli(Home home) throws IOException, InterruptedException {
    execute("--version");
    execute("status");
    withDaemon(home, () -> {
      execute("status");
      calls(TimeUnit.SECONDS.toNanos(2), 5);
    });
  }

  /** What a training run does with a daemon running. */
  private interface Training {
    void run() throws IOException, InterruptedException;
  }

  /** Runs {@code training} against a daemon in another process (its classes stay out of this cache). */
  private static void withDaemon(Home home, Training training) throws IOException, InterruptedException {
    Process daemon = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "run", "--port", "0")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
    daemon.getOutputStream().close();
    try {
      if (awaitHealth(home)) {
        training.run();
      }
    } finally {
      daemon.destroy();
      daemon.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * A client's session through {@code bridge switchboard --no-start} (a daemon it started would outlive the build):
   * {@code initialize}, then a tool list and a call, each line written once the one before is answered, each
   * answer awaited for at most {@link #BRIDGE_NANOS}.
   */
  private static void bridge() throws IOException, InterruptedException {
    PipedOutputStream client = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(client, 1 << 16);
    LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();
    OutputStream out = new LineSink(answers);
    Thread bridge = new Thread(() -> serve(in, out), "training-bridge");
    bridge.start();
    try {
      for (String line : BRIDGE_SESSION) {
        client.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        client.flush();
        if (line.contains("\"id\"") && answers.poll(BRIDGE_NANOS, TimeUnit.NANOSECONDS) == null) {
          break;
        }
      }
    } finally {
      client.close();
      bridge.join(TimeUnit.NANOSECONDS.toMillis(BRIDGE_NANOS));
    }
  }

  private static void serve(PipedInputStream in, OutputStream out) {
    try {
      BridgeCommand.of("switchboard", true).serve(in, out, System.getenv());
    } catch (IOException e) {
      System.err.println("training bridge: " + e);
    }
  }

  /** Collects what the bridge writes, one answer per line. */
  private static final class LineSink extends OutputStream {
    private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    private final LinkedBlockingQueue<String> lines;

    LineSink(LinkedBlockingQueue<String> lines) {
      this.lines = lines;
    }

    @Override
    public void write(int b) {
      if (b == '\n') {
        lines.add(line.toString(StandardCharsets.UTF_8));
        line.reset();
      } else {
        line.write(b);
      }
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
