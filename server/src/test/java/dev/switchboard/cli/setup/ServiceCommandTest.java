package dev.switchboard.cli.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.testing.Programs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceCommandTest {
  @TempDir
  Path tmp;

  Sandbox box;
  Path launcher;
  FakeRunner runner = new FakeRunner();

  @BeforeEach
  void setUp() throws IOException {
    box = new Sandbox(tmp);
    launcher = Sandbox.write(tmp.resolve("repo/bin/switchboard"), "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private ServiceCommand command(Os os) {
    return new ServiceCommand(box.platform(os), runner, target -> Optional.of(launcher));
  }

  private String systemdUnit() {
    return """
        [Unit]
        Description=Switchboard MCP gateway

        [Service]
        Type=simple
        ExecStart=%s run
        Environment=SWITCHBOARD_HOME=%s
        Restart=on-failure
        RestartSec=5

        [Install]
        WantedBy=default.target
        """.formatted(launcher, box.switchboardHome);
  }

  @Test
  void printShowsTheSystemdUnitAndWhereItGoes() {
    Sandbox.Run run = Sandbox.run(command(Os.LINUX), "print");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("File: " + box.home.resolve(".config/systemd/user/switchboard.service") + "\n\n"
        + systemdUnit() + "\n"
        + "To activate it (switchboard service install writes the file and does this):\n"
        + "  systemctl --user daemon-reload\n"
        + "  systemctl --user enable --now switchboard.service\n");
    assertThat(runner.commands).isEmpty();
    assertThat(box.home.resolve(".config/systemd")).doesNotExist();
  }

  @Test
  void systemdQuotesPathsWithSpacesAndPassesConfigAndJavaHome() throws IOException {
    launcher = Sandbox.write(tmp.resolve("my repo/bin/switchboard"), "");
    box.env.put("SWITCHBOARD_HOME", tmp.resolve("sb home 100%").toString());
    box.env.put("SWITCHBOARD_CONFIG", "/etc/switchboard.json");
    box.env.put("JAVA_HOME", "/opt/jdk-25");
    box.env.put("SWITCHBOARD_JAVA_OPTS", "-Xmx512m -Dfoo=bar");

    String unit = ServiceFiles.content(Os.LINUX, box.platform(Os.LINUX), launcher);

    assertThat(unit).contains("ExecStart=\"" + launcher + "\" run\n")
        .contains("Environment=\"SWITCHBOARD_HOME=" + tmp.resolve("sb home 100%%") + "\"\n"
            + "Environment=SWITCHBOARD_CONFIG=/etc/switchboard.json\n"
            + "Environment=\"SWITCHBOARD_JAVA_OPTS=-Xmx512m -Dfoo=bar\"\n"
            + "Environment=JAVA_HOME=/opt/jdk-25\n");
  }

  @Test
  void installOnLinuxWritesTheUnitAndEnablesIt() throws IOException {
    runner.available.add("systemctl");

    Sandbox.Run run = Sandbox.run(command(Os.LINUX), "install");

    Path unit = box.home.resolve(".config/systemd/user/switchboard.service");
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(unit).hasContent(systemdUnit().stripTrailing());
    assertThat(Sandbox.read(unit)).isEqualTo(systemdUnit());
    assertThat(runner.commands).containsExactly(List.of("systemctl", "--user", "daemon-reload"),
        List.of("systemctl", "--user", "enable", "--now", "switchboard.service"));
    assertThat(run.out()).contains("Wrote " + unit).contains("$ systemctl --user enable --now switchboard.service")
        .contains("journalctl --user -u switchboard.service");

    runner.commands.clear();
    Sandbox.Run removed = Sandbox.run(command(Os.LINUX), "uninstall");

    assertThat(removed.code()).as(removed.toString()).isZero();
    assertThat(unit).doesNotExist();
    assertThat(runner.commands).containsExactly(List.of("systemctl", "--user", "disable", "--now",
        "switchboard.service"), List.of("systemctl", "--user", "daemon-reload"));
  }

  @Test
  void withoutSystemctlTheCommandsArePrinted() {
    Sandbox.Run run = Sandbox.run(command(Os.LINUX), "install");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("systemctl is not on the PATH; run these yourself:\n"
        + "  systemctl --user daemon-reload\n  systemctl --user enable --now switchboard.service\n");
    assertThat(runner.commands).isEmpty();
  }

  @Test
  void aFailingManagerCommandExitsThree() {
    runner.available.add("systemctl");
    runner.exitCode = 1;

    Sandbox.Run run = Sandbox.run(command(Os.LINUX), "install");

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err()).contains("systemctl --user daemon-reload failed (exit 1)");
    assertThat(runner.commands).hasSize(1);
  }

  @Test
  void uninstallWhenNotInstalledDoesNothing() {
    runner.available.add("systemctl");

    Sandbox.Run run = Sandbox.run(command(Os.LINUX), "uninstall");

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("Not installed");
    assertThat(runner.commands).isEmpty();
  }

  @Test
  void macosGetsALaunchAgent() throws Exception {
    runner.available.add("launchctl");
    Path plist = box.home.resolve("Library/LaunchAgents/dev.switchboard.switchboard.plist");
    Path logs = box.switchboardHome.resolve("logs");

    Sandbox.Run run = Sandbox.run(command(Os.MACOS), "install");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(Sandbox.read(plist)).isEqualTo("""
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
        <plist version="1.0">
        <dict>
          <key>Label</key>
          <string>dev.switchboard.switchboard</string>
          <key>ProgramArguments</key>
          <array>
            <string>%s</string>
            <string>run</string>
          </array>
          <key>EnvironmentVariables</key>
          <dict>
            <key>SWITCHBOARD_HOME</key>
            <string>%s</string>
          </dict>
          <key>RunAtLoad</key>
          <true/>
          <key>KeepAlive</key>
          <dict>
            <key>SuccessfulExit</key>
            <false/>
          </dict>
          <key>StandardOutPath</key>
          <string>%s/switchboard.out.log</string>
          <key>StandardErrorPath</key>
          <string>%s/switchboard.err.log</string>
        </dict>
        </plist>
        """.formatted(launcher, box.switchboardHome, logs, logs));
    assertThat(logs).isDirectory();
    assertWellFormedXml(Files.readAllBytes(plist));
    assertThat(runner.commands).containsExactly(List.of("launchctl", "load", "-w", plist.toString()));

    runner.commands.clear();
    assertThat(Sandbox.run(command(Os.MACOS), "uninstall").code()).isZero();
    assertThat(runner.commands).containsExactly(List.of("launchctl", "unload", "-w", plist.toString()));
    assertThat(plist).doesNotExist();
  }

  @Test
  void windowsGetsAScheduledTaskInUtf16() throws Exception {
    runner.available.add("schtasks");
    box.env.put("USERDOMAIN", "WORK");
    box.env.put("USERNAME", "ada");
    Path xml = box.switchboardHome.resolve("switchboard-task.xml");
    String expected = """
        <?xml version="1.0" encoding="UTF-16"?>
        <Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
          <RegistrationInfo>
            <Description>Switchboard MCP gateway</Description>
            <URI>\\Switchboard</URI>
          </RegistrationInfo>
          <Triggers>
            <LogonTrigger>
              <Enabled>true</Enabled>
              <UserId>WORK\\ada</UserId>
            </LogonTrigger>
          </Triggers>
          <Principals>
            <Principal id="Author">
              <UserId>WORK\\ada</UserId>
              <LogonType>InteractiveToken</LogonType>
              <RunLevel>LeastPrivilege</RunLevel>
            </Principal>
          </Principals>
          <Settings>
            <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
            <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
            <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
            <StartWhenAvailable>true</StartWhenAvailable>
            <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
            <RestartOnFailure>
              <Interval>PT1M</Interval>
              <Count>999</Count>
            </RestartOnFailure>
            <Enabled>true</Enabled>
          </Settings>
          <Actions Context="Author">
            <Exec>
              <Command>%s</Command>
              <Arguments>run</Arguments>
            </Exec>
          </Actions>
        </Task>
        """.formatted(launcher);

    Sandbox.Run printed = Sandbox.run(command(Os.WINDOWS), "print");
    assertThat(printed.out()).contains("File: " + xml + "\n\n" + expected)
        .contains("  schtasks /Create /TN Switchboard /XML " + xml + " /F\n  schtasks /Run /TN Switchboard\n");

    Sandbox.Run run = Sandbox.run(command(Os.WINDOWS), "install");

    assertThat(run.code()).as(run.toString()).isZero();
    byte[] bytes = Files.readAllBytes(xml);
    assertThat(bytes).startsWith((byte) 0xFF, (byte) 0xFE);
    assertThat(new String(bytes, StandardCharsets.UTF_16LE)).isEqualTo("\uFEFF" + expected.replace("\n", "\r\n"));
    assertWellFormedXml(bytes);
    assertThat(runner.commands).containsExactly(
        List.of("schtasks", "/Create", "/TN", "Switchboard", "/XML", xml.toString(), "/F"),
        List.of("schtasks", "/Run", "/TN", "Switchboard"));

    runner.commands.clear();
    runner.exitCode = 1; // /End fails when the task is not running; that must not stop the uninstall
    Sandbox.Run removed = Sandbox.run(command(Os.WINDOWS), "uninstall");
    assertThat(removed.code()).isEqualTo(3);
    assertThat(runner.commands).containsExactly(List.of("schtasks", "/End", "/TN", "Switchboard"),
        List.of("schtasks", "/Delete", "/TN", "Switchboard", "/F"));
    assertThat(xml).doesNotExist();
  }

  @Test
  void anotherPlatformsFileIsWrittenButItsCommandsOnlyPrinted() {
    runner.available.add("launchctl");

    Sandbox.Run run = Sandbox.run(command(Os.LINUX), "install", "--platform", "macos");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("On the macos machine, run:\n  launchctl load -w ");
    assertThat(box.home.resolve("Library/LaunchAgents/dev.switchboard.switchboard.plist")).exists();
    assertThat(runner.commands).isEmpty();
  }

  @Test
  void withoutALauncherItExitsOne() {
    ServiceCommand cmd = new ServiceCommand(box.platform(Os.LINUX), runner, os -> Optional.empty());

    Sandbox.Run run = Sandbox.run(cmd, "print");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("switchboard.launcher");
  }

  @Test
  void unknownActionOrPlatformIsAUsageError() {
    assertThat(Sandbox.run(command(Os.LINUX), "restart").err()).contains("expected install, uninstall or print");
    assertThat(Sandbox.run(command(Os.LINUX), "print", "--platform", "beos").code()).isEqualTo(2);
  }

  @Test
  void launcherIsFoundFromTheBuildOutput() throws IOException {
    Path repo = tmp.resolve("checkout");
    Path script = Sandbox.write(repo.resolve("bin/switchboard"), "");
    Path jar = Sandbox.write(repo.resolve("server/target/switchboard/lib/switchboard-server-0.1.0.jar"), "");
    Path classes = Files.createDirectories(repo.resolve("server/target/classes"));
    Path cmd = Sandbox.write(repo.resolve("bin/switchboard.cmd"), "");

    assertThat(Launcher.fromCodeSource(jar, Os.LINUX)).contains(script);
    assertThat(Launcher.fromCodeSource(classes, Os.MACOS)).contains(script);
    assertThat(Launcher.fromCodeSource(jar, Os.WINDOWS)).contains(cmd);
    assertThat(Launcher.fromCodeSource(tmp.resolve("elsewhere/app.jar"), Os.LINUX)).isEmpty();
  }

  @Test
  void launcherPropertyWins() {
    String previous = System.getProperty(Launcher.PROPERTY);
    System.setProperty(Launcher.PROPERTY, "/opt/switchboard/bin/switchboard");
    try {
      assertThat(Launcher.find(Os.LINUX)).contains(Path.of("/opt/switchboard/bin/switchboard"));
    } finally {
      if (previous == null) {
        System.clearProperty(Launcher.PROPERTY);
      } else {
        System.setProperty(Launcher.PROPERTY, previous);
      }
    }
  }

  /** Asks systemd itself whether the unit is sound; only where systemd-analyze exists. */
  @Test
  void systemdAcceptsTheUnit() throws Exception {
    Optional<Path> analyze = Programs.onPath("systemd-analyze");
    assumeTrue(analyze.isPresent(), "systemd-analyze is not installed");
    Sandbox.run(command(Os.LINUX), "install");
    Path unit = box.home.resolve(".config/systemd/user/switchboard.service");
    Path runtime = Files.createDirectories(tmp.resolve("runtime"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

    ProcessBuilder pb = new ProcessBuilder(analyze.get().toString(), "verify", "--user", unit.toString())
        .redirectErrorStream(true);
    // A user manager needs a runtime dir; CI containers and root shells often lack one.
    pb.environment().putIfAbsent("XDG_RUNTIME_DIR", runtime.toString());
    Process process = pb.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assumeTrue(!output.contains("Failed to initialize manager"), "no systemd user manager here: " + output);

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).as("warnings from systemd-analyze").isBlank();
  }

  private static void assertWellFormedXml(byte[] bytes) throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    assertThat(factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes)).getDocumentElement())
        .isNotNull();
  }

  /** Records commands instead of running them. */
  static final class FakeRunner implements CommandRunner {
    final List<List<String>> commands = new ArrayList<>();
    final Set<String> available = new java.util.HashSet<>();
    int exitCode;

    @Override
    public Result run(List<String> command) {
      commands.add(command);
      return new Result(exitCode, "");
    }

    @Override
    public boolean available(String program) {
      return available.contains(program);
    }
  }
}
