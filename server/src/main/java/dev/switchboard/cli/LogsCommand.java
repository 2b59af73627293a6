package dev.switchboard.cli;

import dev.switchboard.config.Home;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code switchboard logs}: the gateway's log (JSON lines), or one server's captured stderr. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Show the gateway log or a server's stderr.",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:printed", "1:no such log yet"})
final class LogsCommand implements Callable<Integer> {
  @Spec
  @Nullable CommandSpec spec;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new lines as they are written")
  boolean follow;

  @Option(names = "--server", paramLabel = "NAME", description = "Show this server's stderr instead")
  @Nullable String server;

  @Option(names = {"-n", "--lines"}, defaultValue = "50", description = "How many lines (default: ${DEFAULT-VALUE})")
  int lines;

  @Override
  public Integer call() throws Exception {
    Home home = ConfigOptions.home(System.getenv());
    Path file = server == null ? home.logFile() : home.serverLog(server);
    PrintWriter out = spec().commandLine().getOut();
    if (!Files.exists(file) && !follow) {
      spec().commandLine().getErr().println("No log at " + file + (server == null ? " (has Switchboard run yet?)"
          : " (has server '" + server + "' started since the daemon did?)"));
      return 1;
    }
    Logs.tail(file, lines).forEach(out::println);
    out.flush();
    if (follow) {
      Logs.follow(file, Files.exists(file) ? Files.size(file) : 0, out);
    }
    return 0;
  }

  /** The spec picocli injects before {@link #call()}; it always does. */
  private CommandSpec spec() {
    return Objects.requireNonNull(spec, "picocli injects @Spec before call()");
  }
}
