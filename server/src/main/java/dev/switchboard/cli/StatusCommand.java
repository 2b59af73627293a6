package dev.switchboard.cli;

import dev.switchboard.config.Home;
import dev.switchboard.daemon.Instance;
import dev.switchboard.daemon.StateFile;
import dev.switchboard.protocol.Json;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code switchboard status}: whether the daemon runs, where, and what it serves. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show whether Switchboard is running.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:running", "3:not running", "4:the PID file was stale (its process is gone); cleaned up"})
final class StatusCommand implements Callable<Integer> {
  @Spec
  @Nullable CommandSpec spec;

  @Option(names = "--json", description = "Print JSON instead of text")
  boolean json;

  /** Where {@link #quick} prints; otherwise picocli's writer. */
  private @Nullable PrintWriter quickOut;

  /**
   * {@code status} or {@code status --json} without picocli, whose model building is about half of this command's
   * start-up (scripts and service managers run it often); empty for anything else, which picocli then parses.
   */
  static Optional<StatusCommand> quick(String[] args) {
    if (args.length == 0 || args.length > 2 || !args[0].equals("status")
        || (args.length == 2 && !args[1].equals("--json"))) {
      return Optional.empty();
    }
    StatusCommand command = new StatusCommand();
    command.json = args.length == 2;
    command.quickOut = new PrintWriter(new OutputStreamWriter(System.out, System.out.charset()), true);
    return Optional.of(command);
  }

  @Override
  public Integer call() {
    Home home = ConfigOptions.home(System.getenv());
    PrintWriter out = quickOut != null ? quickOut : spec().commandLine().getOut();
    Instance instance = Instance.inspect(home);
    ObjectNode report = Json.object();
    int code = switch (instance) {
      case Instance.Running running -> running(out, running, report);
      case Instance.NotRunning none -> {
        report.put("running", false);
        text(out, "❌ Switchboard is not running");
        yield 3;
      }
      case Instance.Stale stale -> {
        report.put("running", false).put("stalePid", stale.pid());
        text(out, "⚠️  Switchboard is not running: its PID file named process " + stale.pid()
            + ", which is gone; the stale file was removed");
        yield 4;
      }
    };
    if (json) {
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report.put("logFile",
          home.logFile().toString())));
    }
    out.flush();
    return code;
  }

  private int running(PrintWriter out, Instance.Running running, ObjectNode report) {
    Optional<JsonNode> health = running.state().flatMap(DaemonClient::health);
    Optional<JsonNode> stats = running.state().flatMap(DaemonClient::stats);
    report.put("running", true).put("pid", running.process().pid());
    running.state().map(StateFile::url).ifPresent(u -> report.put("url", u));
    running.state().ifPresent(s -> report.put("startedAt", s.startedAt().toString()));
    health.ifPresent(h -> report.set("health", h));
    stats.ifPresent(s -> report.set("stats", s));
    if (!json) {
      Status.running(out, running, health, stats);
    }
    return 0;
  }

  private void text(PrintWriter out, String line) {
    if (!json) {
      out.println(line);
    }
  }

  /** The spec picocli injects before {@link #call()}; it always does. */
  private CommandSpec spec() {
    return Objects.requireNonNull(spec, "picocli injects @Spec before call()");
  }
}
