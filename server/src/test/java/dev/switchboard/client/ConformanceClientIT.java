package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.Interop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official conformance suite's client scenarios against {@link ConformanceClient}. The suite's mock servers
 * listen on every interface, so each run happens in a private network namespace that has only loopback.
 */
@Timeout(300)
class ConformanceClientIT {
  private static Path argFile;

  @BeforeAll
  static void prepare() throws Exception {
    Process probe = new ProcessBuilder("unshare", "-n", "true").redirectErrorStream(true).start();
    assumeTrue(probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0,
        "needs 'unshare -n' (root or user namespaces) to keep the suite's servers off the network");
    Path dir = Files.createDirectories(Path.of("target/conformance-client").toAbsolutePath());
    // The runner splits --command on spaces, so the class path travels in an argument file.
    String classPath = System.getProperty("java.class.path").replace("\\", "\\\\");
    argFile = Files.writeString(dir.resolve("client.args"), "-XX:TieredStopAtLevel=1 -cp \"" + classPath + "\" "
        + ConformanceClient.class.getName() + "\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"initialize", "tools_call", "sse-retry", "elicitation-sep1034-client-defaults"})
  void passes(String scenario) throws Exception {
    Path out = Files.createDirectories(argFile.resolveSibling(scenario));
    Path log = out.resolve("conformance.log");
    String command = "conformance client --command '" + Fixtures.java() + " @" + argFile + "' --scenario "
        + scenario + " --timeout 60000 -o " + out;
    int exit = Interop.run(List.of("unshare", "-n", "bash", "-c", "ip link set lo up && " + command), log, 180);
    String text = Files.readString(log);
    assertThat(text).as("conformance output (%s)", log).contains("OVERALL: PASSED").contains(" 0 failed");
    assertThat(exit).as("exit code; output in %s", log).isZero();
  }
}
