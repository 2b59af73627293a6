package dev.switchboard.cli;

import dev.switchboard.config.Home;
import dev.switchboard.cli.setup.Os;
import dev.switchboard.daemon.Instance;
import dev.switchboard.daemon.StateFile;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard stop}: asks the daemon to stop ({@link StopMethod}: SIGTERM on Unix, the admin endpoint on
 * Windows), says on stderr which requests it is still waiting for, and after the deadline ends the daemon and every
 * process under it ({@link ProcessTree}).
 */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the background Switchboard.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped, or was not running", "1:the process could not be stopped"})
final class StopCommand implements Callable<Integer> {
  /** How often the daemon is asked what it is still waiting for. */
  private static final Duration POLL = Duration.ofSeconds(1);

  @Spec
  @Nullable CommandSpec spec;

  @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long to wait for a graceful stop before forcing it (default: ${DEFAULT-VALUE})")
  Duration timeout = Duration.ofSeconds(30);

  @Option(names = "--via", hidden = true, description = "SIGNAL or ADMIN (default: ADMIN on Windows, else SIGNAL)")
  @Nullable StopMethod via;

  @Override
  public Integer call() throws Exception {
    Home home = ConfigOptions.home(System.getenv());
    PrintWriter out = spec().commandLine().getOut();
    return switch (Instance.inspect(home)) {
      case Instance.NotRunning none -> {
        out.println("Switchboard is not running");
        yield 0;
      }
      case Instance.Stale stale -> {
        out.println("Switchboard is not running (removed a stale PID file for process " + stale.pid() + ")");
        yield 0;
      }
      case Instance.Running running -> stop(home, running, out);
    };
  }

  private int stop(Home home, Instance.Running running, PrintWriter out) throws Exception {
    ProcessHandle process = running.process();
    StopMethod method = via != null ? via : StopMethod.forOs(Os.fromOsName(System.getProperty("os.name", "")));
    method.request(process, running.state(), spec().commandLine().getErr());
    boolean graceful = awaitSaying(process, running.state(), timeout);
    if (!graceful) {
      out.println("Switchboard did not stop within " + timeout.toSeconds() + " s; forcing it");
      ProcessTree.kill(process);
      if (!await(process, Duration.ofSeconds(10))) {
        spec().commandLine().getErr().println("Process " + process.pid() + " could not be stopped");
        return 1;
      }
    }
    Instance.cleanUp(home);
    out.println("Switchboard stopped (process " + process.pid() + ")");
    return 0;
  }

  /** Awaits the exit, saying on stderr, whenever it changes, which requests the daemon is still draining. */
  private boolean awaitSaying(ProcessHandle process, Optional<StateFile> state, Duration timeout)
      throws InterruptedException {
    PrintWriter err = spec().commandLine().getErr();
    long deadline = System.nanoTime() + timeout.toNanos();
    String said = "";
    while (true) {
      Optional<String> now = state.flatMap(DaemonClient::activity).flatMap(DrainReport::describe);
      if (now.isPresent() && !now.get().equals(said)) {
        said = now.get();
        err.println("Switchboard is " + said);
        err.flush();
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return !process.isAlive();
      }
      if (await(process, Duration.ofNanos(Math.min(left, POLL.toNanos())))) {
        return true;
      }
    }
  }

  static boolean await(ProcessHandle process, Duration timeout) throws InterruptedException {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return !process.isAlive();
    }
  }

  /** The spec picocli injects before {@link #call()}; it always does. */
  private CommandSpec spec() {
    return Objects.requireNonNull(spec, "picocli injects @Spec before call()");
  }
}
