package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real CLI as a separate process against a temporary {@code SWITCHBOARD_HOME}, as a user would. */
final class Cli {
  private final Path home;
  private final java.util.Map<String, String> env;
  /** What names the CLI on the {@code java} command line: the test class path and {@code Main}, or a module. */
  private final List<String> entry;

  Cli(Path home) {
    this(home, java.util.Map.of());
  }

  /** With {@code env} added to (or, for an empty value, removed from) the inherited environment. */
  Cli(Path home, java.util.Map<String, String> env) {
    this(home, env, List.of("-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
  }

  private Cli(Path home, java.util.Map<String, String> env, List<String> entry) {
    this.home = home;
    this.env = env;
    this.entry = entry;
  }

  /** The packaged CLI run as the module {@code dev.switchboard.cli} from {@code lib}, the test class path unused. */
  static Cli onModulePath(Path home, Path lib) {
    return new Cli(home, java.util.Map.of(), List.of("--module-path", lib.toString(), "-m", "dev.switchboard.cli"));
  }

  record Result(int exit, String out, String err) {}

  Result run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(entry);
    cmd.addAll(List.of(args));
    return java(cmd.toArray(String[]::new));
  }

  /** Runs {@code java} with these arguments alone, in the CLI's environment. */
  Result java(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Fixtures.java()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("SWITCHBOARD_HOME", home.toString());
    pb.environment().remove("SWITCHBOARD_CONFIG");
    pb.environment().remove("SWITCHBOARD_PORT");
    pb.environment().remove("SWITCHBOARD_API_KEY");
    env.forEach((k, v) -> {
      if (v.isEmpty()) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    Path out = java.nio.file.Files.createTempFile("cli-out", ".txt");
    Path err = java.nio.file.Files.createTempFile("cli-err", ".txt");
    try {
      pb.redirectOutput(out.toFile()).redirectError(err.toFile()); // files: neither pipe can fill and stall it
      Process p = pb.start();
      p.getOutputStream().close();
      boolean finished = p.waitFor(90, TimeUnit.SECONDS);
      if (!finished) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // a command that never ends must not outlive the test
      }
      String stdout = java.nio.file.Files.readString(out, StandardCharsets.UTF_8);
      String stderr = java.nio.file.Files.readString(err, StandardCharsets.UTF_8);
      assertThat(finished).as("%s finished; it printed:%n%s%n%s", List.of(args), stdout, stderr).isTrue();
      return new Result(p.exitValue(), stdout, stderr);
    } finally {
      java.nio.file.Files.deleteIfExists(out);
      java.nio.file.Files.deleteIfExists(err);
    }
  }
}
