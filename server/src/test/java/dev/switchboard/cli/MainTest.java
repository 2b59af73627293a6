package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@link Main} registers only the subcommand the arguments name, and that changes nothing a user can see. */
class MainTest {
  private static final CommandLine FULL = Main.commandLine();

  @Test
  void everySubcommandNamedFirstIsRegisteredAloneWithTheSameUsage() {
    Set<String> names = FULL.getSubcommands().keySet();
    assertThat(names).contains("run", "start", "status", "call", "help");
    for (String name : names) {
      if (name.equals("help")) {
        continue;
      }
      CommandLine alone = Main.commandLine(new String[] {name, "--whatever"});
      assertThat(alone.getSubcommands().keySet()).as(name).containsExactly(name);
      assertThat(alone.getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF)).as(name)
          .isEqualTo(FULL.getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF));
    }
  }

  @Test
  void helpOptionsAndUnknownWordsGetTheWholeTree() {
    for (String[] args : new String[][] {{}, {"help", "status"}, {"--help"}, {"-V", "status"}, {"statuss"}}) {
      assertThat(Main.commandLine(args).getSubcommands().keySet()).as(String.join(" ", args))
          .isEqualTo(FULL.getSubcommands().keySet());
    }
  }

  @Test
  void plainStatusAndBridgeLinesSkipPicocliAndEveryOtherLineDoesNot() {
    assertThat(Main.quick(new String[] {"status"})).get().isInstanceOfSatisfying(StatusCommand.class,
        c -> assertThat(c.json).isFalse());
    assertThat(Main.quick(new String[] {"status", "--json"})).get().isInstanceOfSatisfying(StatusCommand.class,
        c -> assertThat(c.json).isTrue());
    assertThat(Main.quick(new String[] {"bridge", "github"})).isPresent();
    for (String[] args : new String[][] {{}, {"status", "--help"}, {"status", "--json", "x"}, {"status", "-j"},
        {"stop"}, {"bridge"}, {"help", "status"}}) {
      assertThat(Main.quick(args)).as(String.join(" ", args)).isEmpty();
    }
  }
}
