package dev.switchboard.cli.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.testing.Wine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code service install} and {@code uninstall} for Windows against a real Task Scheduler, Wine's: the task file
 * written (UTF-16 with its byte order mark, CRLF) is registered by {@code schtasks /Create … /XML}, started, ended and
 * deleted with the very commands the service layout names. Wine's scheduler parses the file (it refuses XML it cannot
 * parse, though it is lenient about encodings and entities) but does not run its logon trigger or action, so what is
 * checked is the commands' syntax against a real {@code schtasks}, the file being accepted, and the task's lifecycle.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs schtasks under Wine")
class WindowsServiceIT {
  @TempDir
  static Path dir;

  private static Wine wine;

  @BeforeAll
  static void wine() throws Exception {
    assumeTrue(Wine.installed(), "Wine is not installed (Debian package 'wine64'); .ci/run installs it");
    wine = new Wine(dir.resolve("wine"));
  }

  @AfterAll
  static void stopWine() throws Exception {
    if (wine != null) {
      wine.close();
    }
  }

  @Test
  void installRegistersTheTaskAsWrittenAndUninstallRemovesIt() throws Exception {
    Sandbox box = new Sandbox(dir.resolve("sandbox"));
    Path launcher = Sandbox.write(dir.resolve("R&D Apps (x86)/switchboard/bin/switchboard.cmd"), "@echo off\r\n");
    ServiceCommand command = new ServiceCommand(box.platform(Os.WINDOWS), new WineRunner(),
        os -> Optional.of(launcher));
    Path task = wine.driveC().resolve("windows/system32/tasks/Switchboard");

    Sandbox.Run install = Sandbox.run(command, "install");

    assertThat(install.code()).as(install.toString()).isZero();
    assertThat(install.out()).contains("$ schtasks /Create /TN Switchboard /XML", "$ schtasks /Run /TN Switchboard");
    assertThat(task).as("the task Task Scheduler registered").exists();
    assertThat(stored(task)).as("what it kept of the file").contains(
        "<Description>Switchboard MCP gateway</Description>");

    Sandbox.Run uninstall = Sandbox.run(command, "uninstall");

    assertThat(uninstall.code()).as(uninstall.toString()).isZero();
    assertThat(uninstall.out()).contains("$ schtasks /Delete /TN Switchboard /F");
    assertThat(task).doesNotExist();
    assertThat(box.switchboardHome.resolve("switchboard-task.xml")).doesNotExist();
  }

  /** So the check above can fail: the scheduler does read the file, and refuses one it cannot parse. */
  @Test
  void theSchedulerRefusesATaskFileItCannotParse() throws Exception {
    Path xml = dir.resolve("broken.xml");
    Files.write(xml, "\uFEFF<Task version=\"1.2\"".getBytes(StandardCharsets.UTF_16LE));

    CommandRunner.Result result = new WineRunner().run(List.of("schtasks", "/Create", "/TN", "Broken", "/XML",
        xml.toString(), "/F"));

    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(wine.driveC().resolve("windows/system32/tasks/Broken")).doesNotExist();
  }

  /** The scheduler's own copy of a task (Wine keeps it in UTF-8, with a byte order mark). */
  private static String stored(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** Runs the service manager's commands under Wine, an argument naming a file given as Windows sees its path. */
  private static final class WineRunner implements CommandRunner {
    @Override
    public Result run(List<String> command) throws IOException, InterruptedException {
      List<String> windows = command.stream().map(a -> Files.isRegularFile(Path.of(a)) ? Wine.windowsPath(Path.of(a))
          : a).toList();
      Wine.Result result = wine.run(windows, Map.of());
      return new Result(result.exit(), result.output());
    }

    @Override
    public boolean available(String program) {
      return program.equals("schtasks");
    }
  }
}
