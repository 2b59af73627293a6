package dev.switchboard.cli.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cli.Main;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The bridge's command line parsed without picocli: the same result as picocli's, or none (picocli then explains). */
class BridgeQuickArgsTest {
  @ParameterizedTest
  @ValueSource(strings = {"bridge github", "bridge --no-start github", "bridge github -v --no-start",
      "bridge --verbose github --log-file /tmp/b.log", "bridge --log-file=/tmp/b.log github", "bridge git-hub_2"})
  void theFormsClientsUseParseAsPicocliParsesThem(String line) {
    String[] args = line.split(" ");

    BridgeCommand quick = BridgeCommand.quick(args).orElseThrow();
    BridgeCommand picocli = picocli(args);

    assertThat(quick.server).isEqualTo(picocli.server);
    assertThat(quick.noStart).isEqualTo(picocli.noStart);
    assertThat(quick.verbose).isEqualTo(picocli.verbose);
    assertThat(quick.logFile).isEqualTo(picocli.logFile);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bridge", "bridge --help", "bridge -h github", "bridge github other", "bridge -x github",
      "bridge github --log-file", "bridge -vV github", "status github", "tools bridge", "bridge gh --log-file -v",
      "bridge gh --log-file a --log-file b", "bridge -v -v gh", "bridge @args", "bridge gh --log-file @f",
      "bridge -- gh", "bridge --no-start=true gh"})
  void anythingElseIsLeftToPicocli(String line) {
    assertThat(BridgeCommand.quick(line.split(" "))).isEmpty();
  }

  @Test
  void noArgumentsAreLeftToPicocli() {
    assertThat(BridgeCommand.quick(new String[0])).isEqualTo(Optional.empty());
  }

  private static BridgeCommand picocli(String[] args) {
    CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args);
    return (BridgeCommand) parsed.subcommand().commandSpec().userObject();
  }
}
