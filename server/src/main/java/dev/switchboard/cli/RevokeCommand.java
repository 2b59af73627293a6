package dev.switchboard.cli;

import dev.switchboard.daemon.Instance;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code switchboard revoke NAME}: the API key named NAME is refused from now on, its open sessions included: on every
 * node of a cluster with {@code cluster.redis}, else on this node until it restarts. {@code --undo} lets it in again
 * the same way.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true, description = "Refuse an API key at once: on every node "
    + "of the cluster with cluster.redis, else on this node until it restarts.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:not done (Redis unreachable, or --undo of a key not revoked)", "3:not running"})
final class RevokeCommand implements Callable<Integer> {
  @Spec
  @Nullable CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The API key's name (never the key itself)")
  String name = "";

  @Option(names = "--undo", description = "Lift the revocation: the key is let in again")
  boolean undo;

  @Override
  public Integer call() throws Exception {
    if (!(Instance.inspect(ConfigOptions.home(System.getenv())) instanceof Instance.Running running)
        || running.state().isEmpty()) {
      spec().commandLine().getErr().println("Switchboard is not running");
      return 3;
    }
    JsonNode result = undo ? DaemonClient.unrevoke(running.state().get(), name)
        : DaemonClient.revoke(running.state().get(), name);
    if (!result.path("ok").asBoolean()) {
      spec().commandLine().getErr().println((undo ? "Still revoked: " : "Not revoked: ")
          + result.path("error").asString());
      return 1;
    }
    String where = result.path("scope").asString().equals("cluster") ? "on every node" : "on this node";
    spec().commandLine().getOut().println((undo ? "'" + name + "' is let in again " : "Revoked '" + name + "' ")
        + where);
    if (result.has("note")) {
      spec().commandLine().getOut().println(result.path("note").asString());
    }
    return 0;
  }

  /** The spec picocli injects before {@link #call()}; it always does. */
  private CommandSpec spec() {
    return Objects.requireNonNull(spec, "picocli injects @Spec before call()");
  }
}
