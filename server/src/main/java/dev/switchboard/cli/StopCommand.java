package dev.switchboard.cli;

import dev.switchboard.config.Home;
import dev.switchboard.daemon.Instance;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard stop}: asks the daemon to stop (SIGTERM on Unix, the platform's equivalent elsewhere, through
 * {@link ProcessHandle#destroy()}), waits for its graceful shutdown, and forces it after the deadline.
 */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the background Switchboard.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped, or was not running", "1:the process could not be stopped"})
final class StopCommand implements Callable<Integer> {
  @Spec
  @Nullable CommandSpec spec;

  @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long to wait for a graceful stop before forcing it (default: ${DEFAULT-VALUE})")
  Duration timeout = Duration.ofSeconds(30);

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
      case Instance.Running running -> stop(home, running.process(), out);
    };
  }

  private int stop(Home home, ProcessHandle process, PrintWriter out) throws Exception {
    process.destroy();
    boolean graceful = await(process, timeout);
    if (!graceful) {
      out.println("Switchboard did not stop within " + timeout.toSeconds() + " s; forcing it");
      process.destroyForcibly();
      if (!await(process, Duration.ofSeconds(10))) {
        spec().commandLine().getErr().println("Process " + process.pid() + " could not be stopped");
        return 1;
      }
    }
    Instance.cleanUp(home);
    out.println("Switchboard stopped (process " + process.pid() + ")");
    return 0;
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
