package dev.switchboard.cli;

import dev.switchboard.cli.launch.JavaLaunch;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Home;
import dev.switchboard.daemon.Instance;
import dev.switchboard.daemon.StateFile;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard start}: launches {@code run} as a background process and returns once it answers
 * {@code /health}. Starting when one already runs is not an error: it says where, and starts nothing.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
    description = "Start Switchboard in the background and wait until it serves.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:started, or already running", "1:invalid configuration", "2:usage error",
        "5:the daemon did not come up (see its log)"})
final class StartCommand implements Callable<Integer> {
  /**
   * JVM options the daemon gets before those it repeats from this JVM, whose own values therefore win (as the
   * launchers do): G1 gives memory back after a burst, with a periodic collection when idle and tighter free ratios
   * (docs/RELIABILITY.md); C2 inlines less deeply, so its one thread spends about a third less time compiling the
   * request path after a start, for the same steady speed (docs/BENCHMARKS.md, "Warm-up after a start").
   */
  static final List<String> DAEMON_DEFAULTS = List.of("-XX:G1PeriodicGCInterval=15000", "-XX:MinHeapFreeRatio=10",
      "-XX:MaxHeapFreeRatio=30", "-XX:MaxInlineLevel=6", "-XX:FreqInlineSize=100", "-XX:InlineSmallCode=1000");

  @Spec
  @Nullable CommandSpec spec;

  @Mixin
  ConfigOptions options = new ConfigOptions();

  @Option(names = "--timeout", description = "How long to wait for the daemon to answer (default: ${DEFAULT-VALUE})",
      defaultValue = "30s", converter = DurationConverter.class)
  Duration timeout = Duration.ofSeconds(30);

  @Override
  public Integer call() throws Exception {
    Map<String, String> env = System.getenv();
    Home home = ConfigOptions.home(env).ensure();
    PrintWriter out = spec().commandLine().getOut();
    if (Instance.inspect(home) instanceof Instance.Running running) {
      Status.alreadyRunning(out, running);
      return 0;
    }
    try {
      options.resolve(env); // refuse an invalid config here, with its messages, not in a log file
    } catch (ConfigException e) {
      spec().commandLine().getErr().println(e.getMessage());
      return 1;
    }
    Process child = launch(home);
    return awaitReady(home, child);
  }

  private Process launch(Home home) throws IOException {
    Path console = home.logDir().resolve("console.log");
    ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File(File.separatorChar == '\\' ? "NUL" : "/dev/null")));
    pb.environment().put(RunCommand.DAEMON_ENV, "1");
    return pb.start();
  }

  List<String> command() {
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      cmd.add("/usr/bin/setsid"); // its own session: closing the terminal does not reach the daemon
    }
    List<String> arguments = new ArrayList<>(List.of("run"));
    arguments.addAll(options.asArguments());
    cmd.addAll(JavaLaunch.current(Main.class).withDefaultOptions(DAEMON_DEFAULTS).command(arguments));
    return cmd;
  }

  private int awaitReady(Home home, Process child) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<StateFile> state = StateFile.read(home.stateFile());
      if (state.isPresent() && DaemonClient.health(state.get().url()).isPresent()) {
        return started(home, state.get(), child);
      }
      if (!child.isAlive() && child.exitValue() != 0) {
        return failed(home, "the daemon exited with code " + child.exitValue());
      }
      Thread.sleep(100);
    }
    return failed(home, "the daemon did not answer within " + timeout.toSeconds() + " s");
  }

  private int started(Home home, StateFile state, Process child) {
    PrintWriter out = spec().commandLine().getOut();
    out.println(state.pid() == child.pid() || child.isAlive() ? "✅ Switchboard started"
        : "✅ Switchboard is already running");
    out.println("URL: " + state.url());
    out.println("Process ID: " + state.pid());
    out.println("Log: " + home.logFile());
    DaemonClient.health(state).ifPresent(health -> Status.servers(out, health));
    return 0;
  }

  private int failed(Home home, String why) {
    PrintWriter err = spec().commandLine().getErr();
    err.println("❌ Switchboard did not start: " + why);
    err.println("Console output (" + home.logDir().resolve("console.log") + "):");
    Logs.tail(home.logDir().resolve("console.log"), 20).forEach(line -> err.println("  " + line));
    return 5;
  }

  /** The spec picocli injects before {@link #call()}; it always does. */
  private CommandSpec spec() {
    return Objects.requireNonNull(spec, "picocli injects @Spec before call()");
  }
}
