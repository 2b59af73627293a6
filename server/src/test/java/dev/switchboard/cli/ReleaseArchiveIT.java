package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.daemon.StateFile;
import dev.switchboard.daemon.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user gets it: {@code mvn package} made it in target/; unpacked into a temporary directory
 * (no source tree, no build) and run through its own {@code bin/switchboard} with only a JDK
 * ({@code SWITCHBOARD_JAVA_HOME}), a home of its own and any free port: start, status, call, stop.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "bin/switchboard is a POSIX shell script")
class ReleaseArchiveIT {
  private static final String TOP = "switchboard-" + Version.current();

  @TempDir
  Path dir;

  private boolean started;

  record Result(int exit, String out, String err) {}

  @AfterEach
  void stopDaemon() throws Exception {
    if (started) {
      run("stop", "--timeout", "10s");
    }
  }

  @Test
  void theTarAndTheZipHoldTheSameFiles() throws Exception {
    List<String> tar = List.of(exec(dir, "tar", "-tzf", archive("tar.gz").toString()).out().split("\n"));
    List<String> zip;
    try (ZipFile z = new ZipFile(archive("zip").toFile())) {
      zip = z.stream().map(e -> e.getName()).toList();
    }
    assertThat(files(zip)).isEqualTo(files(tar)).contains(TOP + "/bin/switchboard", TOP + "/bin/switchboard.cmd",
        TOP + "/lib/switchboard-server-" + Version.current() + ".jar", TOP + "/README.md", TOP + "/NOTICE");
  }

  @Test
  void theUnpackedArchiveStartsServesAnswersAndStopsWithOnlyAJdk() throws Exception {
    Result unpacked = exec(dir, "tar", "-xzf", archive("tar.gz").toString());
    assertThat(unpacked.exit()).as(unpacked.err()).isZero();

    Result start = run("start", "--port", "0");
    started = true;
    assertThat(start.exit()).as(start.err()).isZero();
    assertThat(start.out()).contains("✅ Switchboard started", "URL: http://127.0.0.1:");
    assertThat(start.err()).doesNotContain("Building", "\u001b[");
    StateFile state = StateFile.read(dir.resolve("home/state.json")).orElseThrow();

    Result status = run("status");
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out()).contains("✅ Switchboard is running", "URL: " + state.url());

    Result call = run("call", "switchboard", "list_servers");
    assertThat(call.exit()).as(call.err()).isZero();
    assertThat(call.out()).contains("switchboard");

    assertThat(run("stop").exit()).isZero();
    started = false;
    assertThat(ProcessHandle.of(state.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(run("status").exit()).isEqualTo(3);
    assertThat(dir.resolve(TOP + "/server")).as("the launcher never builds in an archive").doesNotExist();
  }

  @Test
  void theReadmesCommandLineExamplesRunAsWrittenOnTheEmbeddedDefault() throws Exception {
    Result unpacked = exec(dir, "tar", "-xzf", archive("tar.gz").toString());
    assertThat(unpacked.exit()).as(unpacked.err()).isZero();
    List<List<String>> examples = commandLineExamples(dir.resolve(TOP + "/README.md"));
    assertThat(examples).as("the README's command-line block").hasSizeGreaterThanOrEqualTo(4);
    for (List<String> example : examples) {
      List<String> cmd = new ArrayList<>(example);
      cmd.set(0, dir.resolve(TOP).resolve(cmd.get(0)).toString()); // as the shell resolves it from that folder
      Result result = exec(dir.resolve(TOP), cmd.toArray(String[]::new)); // no daemon: each runs its server
      assertThat(result.exit()).as("%s: %s", String.join(" ", example), result.err()).isZero();
      assertThat(result.out()).as(String.join(" ", example)).isNotBlank();
    }
  }

  /** The {@code bin/switchboard} lines of the README's "Use it from the command line" block, comments cut. */
  private static List<List<String>> commandLineExamples(Path readme) throws IOException {
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int section = text.indexOf("## Use it from the command line");
    assertThat(section).as("the README's section").isNotNegative();
    int start = text.indexOf("```bash\n", section) + "```bash\n".length();
    String block = text.substring(start, text.indexOf("```", start));
    List<List<String>> commands = new ArrayList<>();
    for (String line : block.split("\n")) {
      String command = line.replaceFirst("\\s+#.*$", "").strip();
      if (command.startsWith("bin/switchboard ")) {
        commands.add(List.of(command.split("\\s+")));
      }
    }
    return commands;
  }

  @Test
  void aServiceStartsTheArchivesOwnLauncher() throws Exception {
    Result unpacked = exec(dir, "tar", "-xzf", archive("tar.gz").toString());
    assertThat(unpacked.exit()).as(unpacked.err()).isZero();
    Result print = run("service", "print", "--platform", "linux");
    assertThat(print.exit()).as(print.err()).isZero();
    assertThat(print.out()).contains("ExecStart=" + dir.resolve(TOP + "/bin/switchboard").toRealPath() + " run");
  }

  private static Path archive(String extension) {
    Path archive = Path.of("target", TOP + "." + extension).toAbsolutePath();
    assertThat(archive).as("made by mvn package").isRegularFile();
    return archive;
  }

  /** Entries that are files (directories are listed by tar, not always by zip). */
  private static TreeSet<String> files(List<String> entries) {
    TreeSet<String> files = new TreeSet<>(entries);
    files.removeIf(e -> e.isBlank() || e.endsWith("/"));
    return files;
  }

  private Result run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(dir.resolve(TOP + "/bin/switchboard").toString()));
    Collections.addAll(cmd, args);
    return exec(dir, cmd.toArray(String[]::new));
  }

  /** Runs a command with stdin closed and its output in files (never the test JVM's stdio). */
  private Result exec(Path cwd, String... cmd) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    var env = pb.environment();
    env.put("SWITCHBOARD_JAVA_HOME", System.getProperty("java.home"));
    env.put("SWITCHBOARD_HOME", dir.resolve("home").toString());
    env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    List.of("SWITCHBOARD_CONFIG", "SWITCHBOARD_PORT", "SWITCHBOARD_HOST", "SWITCHBOARD_API_KEY",
        "SWITCHBOARD_NO_BUILD", "SWITCHBOARD_JAVA_OPTS").forEach(env::remove);
    Process p = pb.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", List.of(cmd)).isTrue();
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
