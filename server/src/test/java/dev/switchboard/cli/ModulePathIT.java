package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.daemon.StateFile;
import dev.switchboard.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI on the module path ({@code java --module-path lib -m dev.switchboard.cli}), as its module
 * descriptors say it can run: the folder resolves as modules, the CLI exports nothing, the built-in servers are bound
 * through their {@code provides} clauses (in-process without a daemon, and in a daemon the CLI starts — itself on the
 * module path). The test JVM's own class path plays no part.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ModulePathIT {
  private static final Path LIB = Path.of("target/switchboard/lib").toAbsolutePath();

  @TempDir
  Path dir;

  private boolean started;

  record Result(int exit, String out, String err) {}

  @AfterEach
  void stopDaemon() throws Exception {
    if (started) {
      cli("stop", "--timeout", "10s");
    }
  }

  @Test
  void theLibFolderIsAModulePathWhereTheCliExportsNothing() throws Exception {
    Result validate = java("--module-path", LIB.toString(), "--validate-modules");
    assertThat(validate.exit()).as(validate.out() + validate.err()).isZero();
    Result describe = java("--module-path", LIB.toString(), "--describe-module", "dev.switchboard.cli");
    assertThat(describe.exit()).as(describe.err()).isZero();
    assertThat(describe.out()).contains("requires dev.switchboard.core", "requires dev.switchboard.client")
        .doesNotContain("exports", "requires dev.switchboard.builtins");
  }

  @Test
  void withoutADaemonTheBuiltInServersRunInTheCliItself() throws Exception {
    Result call = cli("call", "review", "list_rule_sets", "--no-daemon");
    assertThat(call.exit()).as(call.err()).isZero();
    assertThat(call.out()).as("the review server and its rule sets, each found by ServiceLoader").contains(
        "\"name\":\"secrets\"");
  }

  @Test
  void theCliStartsADaemonAsAModuleThatServesTheBuiltInsAndStops() throws Exception {
    Result start = cli("start", "--port", "0");
    started = true;
    assertThat(start.exit()).as(start.err()).isZero();
    StateFile state = StateFile.read(dir.resolve("home/state.json")).orElseThrow();
    assertThat(ProcessHandle.of(state.pid()).flatMap(p -> p.info().arguments()).map(List::of).orElseThrow())
        .containsSubsequence("--module-path", LIB.toString(), "-m", "dev.switchboard.cli/dev.switchboard.cli.Main",
            "run")
        .doesNotContain("-cp");

    Result status = cli("status");
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out()).contains("✅ Switchboard is running", "switchboard", "review");
    Result call = cli("call", "switchboard", "list_servers");
    assertThat(call.exit()).as(call.err()).isZero();
    assertThat(call.out()).contains("review");

    assertThat(cli("stop").exit()).isZero();
    started = false;
    assertThat(ProcessHandle.of(state.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  private Result cli(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("--module-path", LIB.toString(), "-m", "dev.switchboard.cli"));
    Collections.addAll(cmd, args);
    return java(cmd.toArray(String[]::new));
  }

  /** Runs the test JVM's {@code java} with stdin closed, its output in files, a home of its own. */
  private Result java(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Fixtures.java()));
    Collections.addAll(cmd, args);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("SWITCHBOARD_HOME", dir.resolve("home").toString());
    List.of("SWITCHBOARD_CONFIG", "SWITCHBOARD_PORT", "SWITCHBOARD_HOST", "SWITCHBOARD_API_KEY")
        .forEach(pb.environment()::remove);
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
