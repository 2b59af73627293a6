package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.daemon.StateFile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
  Path home;

  private Cli cli;
  private boolean started;

  @BeforeEach
  void cli() {
    cli = Cli.onModulePath(home, LIB);
  }

  @AfterEach
  void stopDaemon() throws Exception {
    if (started) {
      cli.run("stop", "--timeout", "10s");
    }
  }

  @Test
  void theLibFolderIsAModulePathWhereTheCliExportsNothing() throws Exception {
    Cli.Result validate = cli.java("--module-path", LIB.toString(), "--validate-modules");
    assertThat(validate.exit()).as(validate.out() + validate.err()).isZero();
    Cli.Result describe = cli.java("--module-path", LIB.toString(), "--describe-module", "dev.switchboard.cli");
    assertThat(describe.exit()).as(describe.err()).isZero();
    assertThat(describe.out()).contains("requires dev.switchboard.core", "requires dev.switchboard.client")
        .doesNotContain("exports", "requires dev.switchboard.builtins");
  }

  @Test
  void withoutADaemonTheBuiltInServersRunInTheCliItself() throws Exception {
    Cli.Result call = cli.run("call", "review", "list_rule_sets", "--no-daemon");
    assertThat(call.exit()).as(call.err()).isZero();
    assertThat(call.out()).as("the review server and its rule sets, each found by ServiceLoader")
        .contains("\"name\":\"secrets\"");
  }

  @Test
  void theCliStartsADaemonAsAModuleThatServesTheBuiltInsAndStops() throws Exception {
    Cli.Result start = cli.run("start", "--port", "0");
    started = true;
    assertThat(start.exit()).as(start.err()).isZero();
    StateFile state = StateFile.read(home.resolve("state.json")).orElseThrow();
    assertThat(ProcessHandle.of(state.pid()).flatMap(p -> p.info().arguments()).map(List::of).orElseThrow())
        .containsSubsequence("--module-path", LIB.toString(), "-m", "dev.switchboard.cli/dev.switchboard.cli.Main",
            "run")
        .doesNotContain("-cp");

    Cli.Result status = cli.run("status");
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out()).contains("✅ Switchboard is running", "switchboard", "review");
    Cli.Result call = cli.run("call", "switchboard", "list_servers");
    assertThat(call.exit()).as(call.err()).isZero();
    assertThat(call.out()).contains("review");

    assertThat(cli.run("stop").exit()).isZero();
    started = false;
    assertThat(ProcessHandle.of(state.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }
}
