package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.daemon.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/switchboard} in a source tree whose first run builds: a stand-in {@code mvn} on PATH writes colour codes
 * on stdout and stderr (as Maven 3.8 does) and copies the real {@code lib/}. The command's stdout must hold only its
 * own output; a failed build's log goes to stderr without colour codes. The JDK found is remembered.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "bin/switchboard is a POSIX shell script")
class LauncherIT {
  private static final String ESC = "\u001b[";

  @TempDir
  Path dir;

  private Path tree;

  record Result(int exit, String out, String err) {}

  @BeforeEach
  void sourceTreeWithAStandInMaven() throws IOException {
    tree = Files.createDirectories(dir.resolve("tree"));
    Files.createDirectories(tree.resolve("bin"));
    Files.copy(Path.of("..", "bin", "switchboard"), tree.resolve("bin/switchboard"),
        StandardCopyOption.COPY_ATTRIBUTES);
    Files.writeString(tree.resolve("pom.xml"), "<project/>\n");
    Path lib = Path.of("target", "switchboard", "lib").toAbsolutePath();
    executable(dir.resolve("path/mvn"), """
        #!/bin/sh
        printf '\\033[0m\\033[0m[INFO] Scanning for projects...\\n'
        printf '\\033[1;33m[WARNING] on stderr\\033[0m\\n' >&2
        [ -z "${FAIL:-}" ] || { printf '\\033[1;31m[ERROR] it broke\\033[0m\\n'; exit 1; }
        mkdir -p server/target/switchboard && cp -r '%s' server/target/switchboard/lib
        """.formatted(lib));
  }

  @Test
  void theFirstRunBuildsQuietlyAndStdoutHoldsOnlyTheCommandsOutput() throws Exception {
    Result first = run(false, "--version");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("switchboard " + Version.current() + "\n");
    assertThat(first.err()).contains("Building Switchboard (first run)").doesNotContain(ESC, "[INFO]");

    List<String> remembered = Files.readAllLines(dir.resolve("cache/switchboard/jdk"));
    assertThat(remembered.get(2)).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Result second = run(false, "--version");
    assertThat(second.err()).as("no rebuild").isEmpty();
    assertThat(second.out()).isEqualTo(first.out());
  }

  @Test
  void aFailedBuildShowsItsLogOnStderrWithoutColourCodes() throws Exception {
    Result failed = run(true, "--version");
    assertThat(failed.exit()).isEqualTo(1);
    assertThat(failed.out()).isEmpty();
    assertThat(failed.err()).contains("[INFO] Scanning for projects...", "[WARNING] on stderr", "[ERROR] it broke",
        "build failed").doesNotContain(ESC);
  }

  private Result run(boolean failBuild, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(tree.resolve("bin/switchboard").toString());
    pb.command().addAll(List.of(args));
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    var env = pb.environment();
    env.put("PATH", dir.resolve("path") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("SWITCHBOARD_JAVA_HOME", System.getProperty("java.home"));
    env.put("SWITCHBOARD_HOME", dir.resolve("home").toString());
    env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    env.remove("SWITCHBOARD_NO_BUILD");
    env.remove("SWITCHBOARD_JAVA_OPTS");
    if (failBuild) {
      env.put("FAIL", "1");
    }
    Process p = pb.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static void executable(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
