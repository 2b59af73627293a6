package dev.switchboard.cli;

import dev.switchboard.daemon.Instance;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code switchboard revoke NAME}: the API key named NAME is refused on every node of the cluster from now on, its
 * open sessions included (through Redis, so it needs {@code cluster.redis}); a single node revokes a key by removing
 * it from its config and reloading.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true, description = "Refuse an API key on every node of the "
    + "cluster, at once.", exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:revoked", "1:not revoked (no cluster.redis, or Redis unreachable)", "3:not running"})
final class RevokeCommand implements Callable<Integer> {
  @Spec
  @Nullable CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The API key's name (never the key itself)")
  String name = "";

  @Override
  public Integer call() throws Exception {
    if (!(Instance.inspect(ConfigOptions.home(System.getenv())) instanceof Instance.Running running)
        || running.state().isEmpty()) {
      spec().commandLine().getErr().println("Switchboard is not running");
      return 3;
    }
    JsonNode result = DaemonClient.revoke(running.state().get(), name);
    if (!result.path("ok").asBoolean()) {
      spec().commandLine().getErr().println("Not revoked: " + result.path("error").asString());
      return 1;
    }
    spec().commandLine().getOut().println("Revoked '" + name + "' on every node");
    return 0;
  }

  /** The spec picocli injects before {@link #call()}; it always does. */
  private CommandSpec spec() {
    return Objects.requireNonNull(spec, "picocli injects @Spec before call()");
  }
}
