package dev.switchboard.cli;

import dev.switchboard.daemon.Instance;
import dev.switchboard.protocol.Json;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code switchboard reload}: the running daemon re-reads its config (same as SIGHUP, and as saving the file):
 * added servers appear, removed ones drain and stop, changed ones restart; other sessions are untouched. Every
 * changed setting is printed by its config path, as applied live or as needing a restart.
 */
@Command(name = "reload", mixinStandardHelpOptions = true, description = "Make the running Switchboard re-read its "
    + "configuration.", exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:reloaded", "1:the new configuration is invalid (the old one stays)", "3:not running"})
final class ReloadCommand implements Callable<Integer> {
  @Spec
  @Nullable CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec().commandLine().getOut();
    if (!(Instance.inspect(ConfigOptions.home(System.getenv())) instanceof Instance.Running running)
        || running.state().isEmpty()) {
      spec().commandLine().getErr().println("Switchboard is not running");
      return 3;
    }
    JsonNode result = DaemonClient.reload(running.state().get());
    if (!result.path("ok").asBoolean()) {
      spec().commandLine().getErr().println("Not reloaded: " + result.path("error").asString());
      return 1;
    }
    out.println("Reloaded: " + Json.text(result));
    ReloadReport.print(result, false, out);
    return 0;
  }

  /** The spec picocli injects before {@link #call()}; it always does. */
  private CommandSpec spec() {
    return Objects.requireNonNull(spec, "picocli injects @Spec before call()");
  }
}
