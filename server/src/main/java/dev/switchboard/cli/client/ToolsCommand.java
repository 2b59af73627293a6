package dev.switchboard.cli.client;

import dev.switchboard.client.schema.Tool;
import dev.switchboard.protocol.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code switchboard tools SERVER}: the server's tools as a table, or as the raw JSON listing. */
@Command(name = "tools", mixinStandardHelpOptions = true,
    description = {"List an MCP server's tools: name, description and arguments (* marks a required one).",
        "Uses the running Switchboard when there is one; otherwise runs the server itself."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed", "1:the server answered with an error", "2:usage error",
        "3:the server is not configured or could not be reached"})
public final class ToolsCommand implements Callable<Integer> {
  private final Map<String, String> env;

  @Spec
  @Nullable CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SERVER", description = "A server name from the config, e.g. switchboard")
  String server = "";

  @Option(names = "--json", description = "Print the tools as JSON, as the server listed them")
  boolean json;

  @Mixin
  ConnectOptions connect = new ConnectOptions();

  public ToolsCommand() {
    this(System.getenv());
  }

  /** For tests: the environment that locates the Switchboard home. */
  public ToolsCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec().commandLine().getOut();
    PrintWriter err = spec().commandLine().getErr();
    return Outcomes.run(err, server, () -> {
      try (Connector.Target target = Connector.open(server, connect, env, Path.of("").toAbsolutePath(), err)) {
        List<Tool> tools = target.client().listAllTools();
        out.print(json ? raw(tools) : ToolTable.render(tools));
        out.flush();
        return Outcomes.OK;
      }
    });
  }

  private static String raw(List<Tool> tools) {
    ObjectNode listing = Json.object();
    var array = listing.putArray("tools");
    tools.forEach(t -> array.add(t.node()));
    return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(listing) + "\n";
  }

  /** The spec picocli injects before {@link #call()}; it always does. */
  private CommandSpec spec() {
    return Objects.requireNonNull(spec, "picocli injects @Spec before call()");
  }
}
