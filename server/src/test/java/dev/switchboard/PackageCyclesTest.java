package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No package of the gateway's modules ({@code core}, {@code builtins}, this CLI module) reaches itself through
 * others, and the built-in servers' packages depend on each other in one direction only: the server API does not
 * know the servers (they are found with {@link java.util.ServiceLoader}), and the review server does not know its
 * built-in rules. Read from the sources' imports and qualified names, comments left out; run from {@code server/}.
 */
class PackageCyclesTest {
  private static final String BUILTIN = "dev.switchboard.upstream.builtin";
  private static final List<Path> SOURCES = List.of(Path.of("../core/src/main/java"),
      Path.of("../builtins/src/main/java"), Path.of("src/main/java"));
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([a-z][a-z0-9.]*)\\s*;");
  private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.switchboard(?:\\.[a-z][a-z0-9]*)*)\\."
      + "(?:@\\w+\\s+)?[A-Z]");
  private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

  @Test
  void noPackageOfTheGatewayReachesItself() throws IOException {
    Map<String, Set<String>> graph = graph();
    assertThat(graph).containsKeys("dev.switchboard.gateway", "dev.switchboard.daemon", "dev.switchboard.cli",
        BUILTIN + ".switchboard");
    assertThat(cycles(graph)).isEmpty();
  }

  @Test
  void theBuiltInPackagesHaveNoCycles() throws IOException {
    Map<String, Set<String>> graph = graph();
    assertThat(graph).containsKeys(BUILTIN, BUILTIN + ".notes", BUILTIN + ".review", BUILTIN + ".review.rules",
        BUILTIN + ".yaml");
    assertThat(graph.get(BUILTIN)).as("the server API names no server").doesNotContain(BUILTIN + ".notes",
        BUILTIN + ".review", BUILTIN + ".switchboard");
  }

  /** Package to the {@code dev.switchboard} packages its classes name (its own left out). */
  static Map<String, Set<String>> graph() throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (Path root : SOURCES) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String text = COMMENT.matcher(Files.readString(file)).replaceAll(" ");
          Matcher declared = PACKAGE.matcher(text);
          if (!declared.find()) {
            continue; // module-info.java
          }
          String from = declared.group(1);
          Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
          Matcher m = REFERENCE.matcher(text);
          while (m.find()) {
            if (!m.group(1).equals(from)) {
              to.add(m.group(1));
            }
          }
        }
      }
    }
    return graph;
  }

  /** Every package that can reach itself, with the path back. */
  static List<String> cycles(Map<String, Set<String>> graph) {
    List<String> out = new ArrayList<>();
    for (String start : graph.keySet()) {
      List<String> path = new ArrayList<>(List.of(start));
      if (reaches(graph, start, start, path, new HashSet<>())) {
        out.add(String.join(" -> ", path));
      }
    }
    return out;
  }

  private static boolean reaches(Map<String, Set<String>> graph, String from, String target, List<String> path,
      Set<String> seen) {
    for (String next : graph.getOrDefault(from, Set.of())) {
      path.add(next);
      if (next.equals(target) || (seen.add(next) && reaches(graph, next, target, path, seen))) {
        return true;
      }
      path.remove(path.size() - 1);
    }
    return false;
  }
}
