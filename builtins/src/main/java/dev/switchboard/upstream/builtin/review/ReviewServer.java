package dev.switchboard.upstream.builtin.review;

import dev.switchboard.upstream.builtin.Args;
import dev.switchboard.upstream.builtin.BuiltinServer;
import dev.switchboard.upstream.builtin.InvalidArgumentException;
import dev.switchboard.upstream.builtin.Schema;
import dev.switchboard.upstream.builtin.Tool;
import dev.switchboard.upstream.builtin.ToolContext;
import dev.switchboard.upstream.builtin.ToolFailure;
import dev.switchboard.upstream.builtin.ToolResults;
import dev.switchboard.upstream.builtin.files.PathGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The built-in {@code review} server: reviews files under the allowed roots against the built-in rule sets and the
 * configured rule files. Rules are loaded and checked once, at creation. Thread safe: calls share only immutable
 * rules.
 */
public final class ReviewServer implements BuiltinServer {
  /** The sets every server starts with: those of the {@link RuleSet.Provider}s on the class path. */
  private static final List<RuleSet> BUILT_IN = ServiceLoader.load(RuleSet.Provider.class,
      ReviewServer.class.getClassLoader()).stream().flatMap(p -> p.get().sets().stream()).toList();

  private final String version;
  private final ReviewRoots roots;
  private final List<RuleSet> sets;
  private final List<Tool> tools;

  private ReviewServer(String version, ReviewRoots roots, List<RuleSet> sets) {
    this.version = version;
    this.roots = roots;
    this.sets = sets;
    this.tools = List.of(reviewFile(), reviewPaths(), new RuleTools(sets).listRuleSets(),
        new RuleTools(sets).explainRule());
  }

  /**
   * A server reading under {@code roots} (empty: the client's MCP roots, else the working directory) with the
   * built-in sets plus the rule files; {@link IllegalArgumentException} when a root or rule file is unusable. For a
   * gateway on loopback or a local command (see {@link #create(List, List, String, boolean)}).
   */
  public static ReviewServer create(List<Path> roots, List<Path> ruleFiles, String version) throws IOException {
    return create(roots, ruleFiles, version, false);
  }

  /**
   * As {@link #create(List, List, String)}; with {@code configuredOnly} (a gateway reachable beyond this machine)
   * empty {@code roots} are refused with {@link IllegalArgumentException}, so only configured folders are ever read.
   * Client roots narrow the configured ones either way, never widen them (see {@link ReviewRoots}).
   */
  public static ReviewServer create(List<Path> roots, List<Path> ruleFiles, String version, boolean configuredOnly)
      throws IOException {
    ReviewRoots allowed = new ReviewRoots(roots, configuredOnly);
    return new ReviewServer(version, allowed, sets(ruleFiles));
  }

  /**
   * A server that reads no file at all: its rule tools work, and every review fails with {@code why} (for an entry
   * the user never wrote, such as the embedded default's, where refusing to start would stop the whole gateway).
   */
  public static ReviewServer withoutFiles(List<Path> ruleFiles, String version, String why) throws IOException {
    return new ReviewServer(version, ReviewRoots.none(why), sets(ruleFiles));
  }

  /** The built-in sets plus those of the rule files; {@link IllegalArgumentException} for an unusable file. */
  private static List<RuleSet> sets(List<Path> ruleFiles) throws IOException {
    List<RuleSet> sets = new ArrayList<>(BUILT_IN);
    Set<String> ids = new HashSet<>();
    sets.forEach(s -> s.rules().forEach(r -> ids.add(r.id())));
    for (Path file : ruleFiles) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("review rule file " + file + " does not exist");
      }
      RuleSet set = RuleFiles.load(file);
      if (sets.stream().anyMatch(s -> s.name().equals(set.name()))) {
        throw new IllegalArgumentException(file + ": a rule set named '" + set.name() + "' already exists");
      }
      for (Rule rule : set.rules()) {
        if (!ids.add(rule.id())) {
          throw new IllegalArgumentException(file + ": rule id '" + rule.id() + "' is already taken");
        }
      }
      sets.add(set);
    }
    return List.copyOf(sets);
  }

  @Override
  public String name() {
    return "review";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String instructions() {
    return "Reviews source files for security problems and common pitfalls. Paths may be relative to the allowed "
        + "roots (the configured roots, narrowed to the client's MCP roots inside them; without configured roots "
        + "the client's MCP roots, else the gateway's working directory), "
        + "absolute inside them, or globs such as 'src/**/*.py'. Suppress a finding with a 'review:ignore' or "
        + "'review:ignore[rule-id]' comment on its line or the line above.";
  }

  @Override
  public List<Tool> tools() {
    return tools;
  }

  private Tool reviewFile() {
    return new Tool("review_file", "Review one file; returns findings (rule, severity, line, column, message, "
        + "excerpt, fix) and summary counts.", common(Schema.object().string("path", "The file, relative to a root "
            + "or absolute inside one")).required("path").build(), (args, ctx) -> {
              String path = Args.string(args, "path");
              List<PathGuard> allowed = roots.forCall(ctx);
              FileSelection selection = new FileSelection(allowed, List.of(), 1);
              selection.addFile(path);
              return review(args, allowed, selection, ctx);
            });
  }

  private Tool reviewPaths() {
    return new Tool("review_paths", "Review files, folders and globs (e.g. 'src', 'src/**/*.ts'); folders are walked, "
        + "skipping VCS, dependency and build folders.", common(Schema.object()
            .strings("paths", "Files, folders or globs, relative to a root or absolute inside one")
            .strings("exclude", "Globs to leave out, e.g. '**/test/**' or '*.generated.ts'")
            .integer("maxFiles", "Most files to review (default 10000)", 1, 100_000)
            .integer("maxFindings", "Most findings to return (default 1000)", 1, 100_000)).required("paths").build(),
        (args, ctx) -> {
          List<String> paths = Args.strings(args, "paths");
          if (paths.isEmpty()) {
            throw new InvalidArgumentException("paths", "Give at least one path, folder or glob in 'paths'");
          }
          List<PathGuard> allowed = roots.forCall(ctx);
          FileSelection selection = new FileSelection(allowed, Args.strings(args, "exclude"),
              Args.integer(args, "maxFiles", 10_000, 1, 100_000));
          for (String path : paths) {
            selection.add(path);
          }
          return review(args, allowed, selection, ctx);
        });
  }

  private JsonNode review(JsonNode args, List<PathGuard> allowed, FileSelection selection, ToolContext ctx)
      throws InterruptedException {
    List<RuleSet> chosen = chosen(Args.strings(args, "rulesets"));
    Severity minimum = minSeverity(args);
    List<Rule> rules = chosen.stream().flatMap(s -> s.rules().stream()).toList();
    ObjectNode result = new ReviewRun(rules, minimum, Args.integer(args, "maxFindings", 1000, 1, 100_000))
        .run(selection.files(), ctx);
    result.put("filesTruncated", selection.truncated());
    ArrayNode rootList = result.putArray("roots");
    allowed.forEach(r -> rootList.add(r.root().toString()));
    ArrayNode setList = result.putArray("rulesets");
    chosen.forEach(s -> setList.add(s.name()));
    return ToolResults.json(result);
  }

  private List<RuleSet> chosen(List<String> names) {
    if (names.isEmpty()) {
      return sets;
    }
    List<RuleSet> out = new ArrayList<>();
    for (String name : names) {
      out.add(sets.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(
          () -> new ToolFailure("No rule set '" + name + "'; available: "
              + sets.stream().map(RuleSet::name).toList())));
    }
    return out;
  }

  private static Schema common(Schema schema) {
    return schema.strings("rulesets", "Only these rule sets (default: all; see list_rule_sets)")
        .oneOf("minSeverity", "Only findings at least this severe (default info)", "critical", "high", "medium",
            "low", "info");
  }

  private static Severity minSeverity(JsonNode args) {
    try {
      return Severity.parse(Args.string(args, "minSeverity", "info"));
    } catch (InvalidArgumentException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("minSeverity", "Argument 'minSeverity': " + e.getMessage());
    }
  }
}
