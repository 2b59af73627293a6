package dev.switchboard.upstream.builtin;

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
 * The packages of the built-in servers depend on each other in one direction only: the server API does not know the
 * servers (they are found with {@link java.util.ServiceLoader}), and the review server does not know its built-in
 * rules. Read from the sources' imports and qualified names, comments left out.
 */
class PackageCyclesTest {
  private static final String ROOT = "dev.switchboard.upstream.builtin";
  private static final Path SOURCES = Path.of("src/main/java", ROOT.split("\\."));
  private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.switchboard\\.upstream\\.builtin(?:\\.[a-z]"
      + "[a-z0-9]*)*)\\.[A-Z]");
  private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

  @Test
  void theBuiltInPackagesHaveNoCycles() throws IOException {
    Map<String, Set<String>> graph = graph();
    assertThat(graph).containsKeys(ROOT, ROOT + ".notes", ROOT + ".review", ROOT + ".review.rules", ROOT + ".yaml");
    assertThat(cycles(graph)).isEmpty();
    assertThat(graph.get(ROOT)).as("the server API names no server").doesNotContain(ROOT + ".notes",
        ROOT + ".review");
  }

  /** Package to the packages under {@link #ROOT} its classes name. */
  static Map<String, Set<String>> graph() throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String from = ROOT + SOURCES.relativize(file.getParent()).toString().replace('/', '.').replaceFirst("^(.)",
            ".$1");
        Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
        Matcher m = REFERENCE.matcher(COMMENT.matcher(Files.readString(file)).replaceAll(" "));
        while (m.find()) {
          if (!m.group(1).equals(from)) {
            to.add(m.group(1));
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
