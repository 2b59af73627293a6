package dev.switchboard.cli.client;

import dev.switchboard.client.schema.ToolResult;
import dev.switchboard.protocol.Json;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code switchboard review PATH…}: runs the review server's {@code review_paths} tool on files, folders and globs
 * and prints the findings grouped by file (or as JSON or SARIF). Paths are sent absolute, since the daemon has its
 * own working directory, this directory is offered as the client's root, and files are shown relative to it.
 */
@Command(name = "review", mixinStandardHelpOptions = true,
    description = {"Review files with the built-in review server and print the findings by file.",
        "Uses the running Switchboard when there is one; otherwise runs the review server itself."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no findings at or above --fail-on", "1:findings at or above --fail-on, or the review failed",
        "2:usage error", "3:the review server is not configured or could not be reached"})
public final class ReviewCommand implements Callable<Integer> {
  /** The review server's tool for files, folders and globs. */
  static final String TOOL = "review_paths";

  private final Map<String, String> env;
  private final Path cwd;

  @Spec
  @Nullable CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, directories or globs (e.g. 'src/**/*.java')")
  List<String> paths = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = FindingsFormat.Converter.class,
      description = "text, json or sarif (default: ${DEFAULT-VALUE})")
  FindingsFormat format = FindingsFormat.TEXT;

  @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "high", converter = Severity.Converter.class,
      description = "Exit 1 when a finding is at least this severe: critical, high, medium, low, info or never "
          + "(default: ${DEFAULT-VALUE})")
  Severity failOn = Severity.HIGH;

  @Option(names = "--ruleset", paramLabel = "NAME", description = "Only this rule set; repeatable (default: all)")
  List<String> rulesets = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave these files out; repeatable")
  List<String> excludes = new ArrayList<>();

  @Option(names = "--server", paramLabel = "NAME", defaultValue = "review",
      description = "The review server's name in the config (default: ${DEFAULT-VALUE})")
  String server = "review";

  @Mixin
  ConnectOptions connect = new ConnectOptions();

  public ReviewCommand() {
    this(System.getenv(), Path.of("").toAbsolutePath());
  }

  /** For tests: the environment that locates the Switchboard home, and the directory paths are relative to. */
  public ReviewCommand(Map<String, String> env, Path cwd) {
    this.env = Map.copyOf(env);
    this.cwd = cwd.toAbsolutePath().normalize();
  }

  @Override
  public Integer call() {
    PrintWriter out = spec().commandLine().getOut();
    PrintWriter err = spec().commandLine().getErr();
    return Outcomes.run(err, server, () -> {
      try (Connector.Target target = Connector.open(server, connect, env, cwd, err)) {
        ToolResult result = target.client().callTool(TOOL, arguments());
        if (result.isError()) {
          err.print(ResultText.render(result));
          err.flush();
          return Outcomes.FAILED;
        }
        List<Finding> findings = Finding.from(result).stream().map(f -> f.withFile(display(f.file())))
            .sorted(Finding.ORDER).toList();
        out.print(format.render(findings));
        out.flush();
        return findings.stream().anyMatch(f -> f.severity().compareTo(failOn) >= 0) ? Outcomes.FAILED : Outcomes.OK;
      }
    });
  }

  private ObjectNode arguments() {
    ObjectNode arguments = Json.object();
    ArrayNode list = arguments.putArray("paths");
    paths.forEach(p -> list.add(absolute(p)));
    if (!rulesets.isEmpty()) {
      rulesets.forEach(arguments.putArray("rulesets")::add);
    }
    if (!excludes.isEmpty()) {
      excludes.forEach(arguments.putArray("exclude")::add);
    }
    return arguments;
  }

  private String absolute(String path) {
    try {
      return cwd.resolve(path).normalize().toString();
    } catch (InvalidPathException e) {
      return cwd + java.io.File.separator + path; // a glob character the file system would not allow in a name
    }
  }

  private String display(String file) {
    try {
      Path path = Path.of(file.startsWith("file://") ? java.net.URI.create(file).getPath() : file);
      return path.isAbsolute() && path.normalize().startsWith(cwd) ? cwd.relativize(path.normalize()).toString()
          : file;
    } catch (RuntimeException e) {
      return file;
    }
  }

  /** The spec picocli injects before {@link #call()}; it always does. */
  private CommandSpec spec() {
    return Objects.requireNonNull(spec, "picocli injects @Spec before call()");
  }
}
