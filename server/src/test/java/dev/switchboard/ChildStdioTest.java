package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No process this project starts, in its code or its tests, inherits the JVM's own stdin, stdout or stderr: a child
 * that reads an inherited stdin steals the input of whoever ran the build (CI runs with none, and a test that waits
 * for it hangs), and one that writes to inherited output mixes into Surefire's channel. Read from the sources,
 * comments left out; run from {@code server/}.
 */
class ChildStdioTest {
  private static final List<Path> SOURCES = Stream.of("protocol", "core", "builtins", "server", "client", "bench",
      "fixture").flatMap(m -> Stream.of(Path.of("..", m, "src/main/java"), Path.of("..", m, "src/test/java")))
      .toList();
  private static final Pattern INHERIT = Pattern.compile("\\binheritIO\\s*\\(|Redirect\\.INHERIT\\b");
  private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

  @Test
  void noProcessInheritsTheJvmsStdio() throws IOException {
    List<Path> files = javaFiles();
    assertThat(files).as("the sources were found (run from server/)").hasSizeGreaterThan(500);
    List<String> inheriting = files.stream().filter(ChildStdioTest::inherits).map(Path::toString).toList();
    assertThat(inheriting).isEmpty();
  }

  @Test
  void theCheckSeesAnInheritedStream() {
    String inherit = "inherit"; // split, so this file holds no call the scan would find
    assertThat(INHERIT.matcher(withoutComments("pb." + inherit + "IO().start();")).find()).isTrue();
    assertThat(INHERIT.matcher(withoutComments("pb.redirectInput(ProcessBuilder.Redirect." + inherit.toUpperCase(
        java.util.Locale.ROOT) + ");")).find()).isTrue();
    assertThat(INHERIT.matcher(withoutComments("// never " + inherit + "IO(): CI has no stdin")).find()).isFalse();
  }

  private static boolean inherits(Path file) {
    try {
      return INHERIT.matcher(withoutComments(Files.readString(file, StandardCharsets.UTF_8))).find();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String withoutComments(String source) {
    return COMMENT.matcher(source).replaceAll("");
  }

  private static List<Path> javaFiles() throws IOException {
    List<Path> files = new java.util.ArrayList<>();
    for (Path root : SOURCES) {
      if (Files.isDirectory(root)) {
        try (Stream<Path> walk = Files.walk(root)) {
          walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
        }
      }
    }
    return files;
  }
}
