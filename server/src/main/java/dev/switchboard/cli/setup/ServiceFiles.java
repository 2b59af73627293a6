package dev.switchboard.cli.setup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The text of the service definition for each OS: a systemd user unit, a launchd agent plist, a Task Scheduler task.
 * All start {@code <launcher> run} and restart it when it fails. Stateless.
 */
final class ServiceFiles {
  /** Read by bin/switchboard to pick a JDK and JVM options. */
  private static final List<String> PASSED_ON = List.of("SWITCHBOARD_JAVA_HOME", "SWITCHBOARD_JAVA_OPTS", "JAVA_HOME");

  private ServiceFiles() {}

  static String content(Os os, Platform p, Path launcher) {
    return switch (os) {
      case LINUX -> systemdUnit(p, launcher);
      case MACOS -> launchdPlist(p, launcher);
      case WINDOWS -> scheduledTask(p, launcher);
    };
  }

  /** Task Scheduler is only dependable with UTF-16 files (what it exports itself); the others are UTF-8. */
  static byte[] bytes(Os os, String content) {
    return os == Os.WINDOWS ? ("\uFEFF" + content.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_16LE)
        : content.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * What the service needs from the installing shell, which a service manager does not pass on: the Switchboard home
   * always, and the config file and the launcher's JDK settings when the user set them.
   */
  static Map<String, String> environment(Platform p) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SWITCHBOARD_HOME", p.switchboardHome().toString());
    if (!p.env().getOrDefault("SWITCHBOARD_CONFIG", "").isBlank()) {
      env.put("SWITCHBOARD_CONFIG", p.configFile(null).toString());
    }
    for (String name : PASSED_ON) {
      if (!p.env().getOrDefault(name, "").isBlank()) {
        env.put(name, p.env().get(name));
      }
    }
    return env;
  }

  private static String systemdUnit(Platform p, Path launcher) {
    String env = environment(p).entrySet().stream()
        .map(e -> "Environment=" + systemdAssignment(e.getKey(), e.getValue()) + "\n").collect(Collectors.joining());
    return """
        [Unit]
        Description=Switchboard MCP gateway

        [Service]
        Type=simple
        ExecStart=%s run
        %sRestart=on-failure
        RestartSec=5

        [Install]
        WantedBy=default.target
        """.formatted(systemdWord(launcher.toString()), env);
  }

  private static String launchdPlist(Platform p, Path launcher) {
    String env = environment(p).entrySet().stream()
        .map(e -> "    <key>" + xml(e.getKey()) + "</key>\n    <string>" + xml(e.getValue()) + "</string>\n")
        .collect(Collectors.joining());
    Path logs = ServiceLayout.logDir(p);
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
        <plist version="1.0">
        <dict>
          <key>Label</key>
          <string>%s</string>
          <key>ProgramArguments</key>
          <array>
            <string>%s</string>
            <string>run</string>
          </array>
          <key>EnvironmentVariables</key>
          <dict>
        %s  </dict>
          <key>RunAtLoad</key>
          <true/>
          <key>KeepAlive</key>
          <dict>
            <key>SuccessfulExit</key>
            <false/>
          </dict>
          <key>StandardOutPath</key>
          <string>%s</string>
          <key>StandardErrorPath</key>
          <string>%s</string>
        </dict>
        </plist>
        """.formatted(ServiceLayout.LABEL, xml(launcher.toString()), env,
        xml(logs.resolve("switchboard.out.log").toString()), xml(logs.resolve("switchboard.err.log").toString()));
  }

  /**
   * Starts at the user's logon with their own rights, never stops on battery or after a time limit (the default
   * limit is 72 hours), and restarts every minute after a failure.
   */
  private static String scheduledTask(Platform p, Path launcher) {
    String domain = p.env().getOrDefault("USERDOMAIN", "");
    String user = p.env().getOrDefault("USERNAME", "");
    String userId = user.isBlank() ? "" : (domain.isBlank() ? user : domain + "\\" + user);
    String userLine = userId.isEmpty() ? "" : "\n      <UserId>" + xml(userId) + "</UserId>";
    return """
        <?xml version="1.0" encoding="UTF-16"?>
        <Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
          <RegistrationInfo>
            <Description>Switchboard MCP gateway</Description>
            <URI>\\%s</URI>
          </RegistrationInfo>
          <Triggers>
            <LogonTrigger>
              <Enabled>true</Enabled>%s
            </LogonTrigger>
          </Triggers>
          <Principals>
            <Principal id="Author">%s
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
        """.formatted(ServiceLayout.TASK, userLine, userLine, xml(launcher.toString()));
  }

  /** One ExecStart word: quoted when it has spaces; {@code %} and {@code $} doubled so systemd does not expand them. */
  static String systemdWord(String word) {
    String escaped = word.replace("%", "%%").replace("$", "$$");
    return word.matches("[^\\s\"'\\\\]+") ? escaped
        : "\"" + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** One Environment= assignment, quoted as a whole when the value has spaces. */
  static String systemdAssignment(String key, String value) {
    String assignment = (key + "=" + value).replace("%", "%%");
    return assignment.matches("[^\\s\"'\\\\]+") ? assignment
        : "\"" + assignment.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
