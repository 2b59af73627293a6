package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StartCommandTest {
  @Test
  void aDaemonStartedWithoutTheLauncherGetsTheDaemonsDefaultsAfterItsJava() {
    List<String> command = new StartCommand().command();

    int java = command.indexOf(ProcessHandle.current().info().command().orElseThrow());
    assertThat(java).as("%s", command).isNotNegative();
    assertThat(command.subList(java + 1, java + 1 + StartCommand.DAEMON_DEFAULTS.size()))
        .isEqualTo(StartCommand.DAEMON_DEFAULTS);
    assertThat(command).endsWith(Main.class.getName(), "run");
  }
}
