package dev.switchboard.cli;

import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code switchboard restart}: {@code stop}, then {@code start} with the given options. */
@Command(name = "restart", mixinStandardHelpOptions = true, description = "Stop Switchboard, then start it again.",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:running again", "1:could not stop, or invalid "
        + "configuration", "5:the daemon did not come up"})
final class RestartCommand implements Callable<Integer> {
  @Spec
  @Nullable CommandSpec spec;

  @Mixin
  ConfigOptions options = new ConfigOptions();

  @Override
  public Integer call() throws Exception {
    CommandLine stop = Objects.requireNonNull(spec().parent().subcommands().get("stop"),
        "restart is registered beside stop");
    int stopped = stop.execute();
    if (stopped != 0) {
      return stopped;
    }
    StartCommand start = new StartCommand();
    CommandLine line = new CommandLine(start);
    line.setOut(spec().commandLine().getOut()).setErr(spec().commandLine().getErr());
    return line.execute(options.asArguments().toArray(String[]::new));
  }

  /** The spec picocli injects before {@link #call()}; it always does. */
  private CommandSpec spec() {
    return Objects.requireNonNull(spec, "picocli injects @Spec before call()");
  }
}
