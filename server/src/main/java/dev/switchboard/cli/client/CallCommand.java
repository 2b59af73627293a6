package dev.switchboard.cli.client;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.Client;
import dev.switchboard.client.schema.Tool;
import dev.switchboard.client.schema.ToolResult;
import dev.switchboard.protocol.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code switchboard call SERVER TOOL}: calls one tool and prints its result (text readable, images and resources
 * summarized), with progress on stderr. A tool error or a JSON-RPC error exits 1 with the message.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
    description = {"Call a tool of an MCP server and print the result.",
        "Arguments come from --json and --arg KEY=VALUE (typed by the tool's schema; --arg wins).",
        "Uses the running Switchboard when there is one; otherwise runs the server itself."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the tool succeeded", "1:the tool failed (isError), or the server answered with an error",
        "2:usage error", "3:the server is not configured or could not be reached"})
public final class CallCommand implements Callable<Integer> {
  private final Map<String, String> env;

  @Spec
  @Nullable CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SERVER", description = "A server name from the config")
  String server = "";

  @Parameters(index = "1", paramLabel = "TOOL", description = "The tool to call")
  String tool = "";

  @Option(names = "--arg", paramLabel = "KEY=VALUE", description = "One argument; repeatable")
  List<String> args = new ArrayList<>();

  @Option(names = "--json", paramLabel = "OBJECT", description = "All arguments as one JSON object")
  @Nullable String json;

  @Option(names = "--raw", description = "Print the whole result as JSON, as the server sent it")
  boolean raw;

  @Mixin
  ConnectOptions connect = new ConnectOptions();

  public CallCommand() {
    this(System.getenv());
  }

  /** For tests: the environment that locates the Switchboard home. */
  public CallCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec().commandLine().getOut();
    PrintWriter err = spec().commandLine().getErr();
    return Outcomes.run(err, server, () -> {
      try (Connector.Target target = Connector.open(server, connect, env, Path.of("").toAbsolutePath(), err)) {
        ObjectNode arguments = Arguments.build(json, args, schema(target.client()));
        // Targets Java 21, where a null console means no terminal (isTerminal() needs JDK 22).
        @SuppressWarnings("SystemConsoleNull")
        boolean interactive = System.console() != null;
        ProgressLine progress = new ProgressLine(err, interactive);
        CallOptions options = CallOptions.progress(progress).withResetTimeoutOnProgress(true);
        try {
          return print(target.client().callTool(tool, arguments, options), out, err);
        } finally {
          progress.finish();
        }
      }
    });
  }

  /** The tool's input schema, which types the {@code --arg} values; also fails early on an unknown tool. */
  private JsonNode schema(Client client) {
    if (args.isEmpty()) {
      return Json.object();
    }
    List<Tool> tools = client.listAllTools();
    return tools.stream().filter(t -> t.name().equals(tool)).findFirst().map(t -> (JsonNode) t.inputSchema())
        .orElseThrow(() -> new IllegalArgumentException("MCP server '" + server + "' has no tool '" + tool
            + "'; it has: " + String.join(", ", tools.stream().map(Tool::name).toList())));
  }

  private int print(ToolResult result, PrintWriter out, PrintWriter err) {
    if (raw) {
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result.node()));
    } else {
      (result.isError() ? err : out).print(ResultText.render(result));
    }
    out.flush();
    err.flush();
    return result.isError() ? Outcomes.FAILED : Outcomes.OK;
  }

  /** The spec picocli injects before {@link #call()}; it always does. */
  private CommandSpec spec() {
    return Objects.requireNonNull(spec, "picocli injects @Spec before call()");
  }
}
