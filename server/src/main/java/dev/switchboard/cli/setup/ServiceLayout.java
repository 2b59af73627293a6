package dev.switchboard.cli.setup;

import java.nio.file.Path;
import java.util.List;

/**
 * Where one OS keeps the Switchboard service and the commands that start, stop and forget it: a systemd user unit,
 * a launchd agent, or a Task Scheduler task registered from an XML file. Immutable.
 */
record ServiceLayout(Os os, Path file, String tool, List<Path> directories, List<Step> start, List<Step> stop,
    List<Step> afterRemoval) {
  static final String UNIT = "switchboard.service";
  static final String LABEL = "dev.switchboard.switchboard";
  static final String TASK = "Switchboard";

  /** One command; {@code mayFail} for those that fail harmlessly, such as stopping what is not running. */
  record Step(List<String> command, boolean mayFail) {
    Step {
      command = List.copyOf(command);
    }
  }

  ServiceLayout {
    directories = List.copyOf(directories);
    start = List.copyOf(start);
    stop = List.copyOf(stop);
    afterRemoval = List.copyOf(afterRemoval);
  }

  static ServiceLayout of(Os os, Platform p) {
    return switch (os) {
      case LINUX -> {
        Path unit = p.xdgConfig().resolve("systemd/user").resolve(UNIT);
        yield new ServiceLayout(os, unit, "systemctl", List.of(unit.getParent()),
            List.of(step("systemctl", "--user", "daemon-reload"),
                step("systemctl", "--user", "enable", "--now", UNIT)),
            List.of(step("systemctl", "--user", "disable", "--now", UNIT)),
            List.of(step("systemctl", "--user", "daemon-reload")));
      }
      case MACOS -> {
        Path plist = p.home().resolve("Library/LaunchAgents").resolve(LABEL + ".plist");
        yield new ServiceLayout(os, plist, "launchctl", List.of(plist.getParent(), logDir(p)),
            List.of(step("launchctl", "load", "-w", plist.toString())),
            List.of(new Step(List.of("launchctl", "unload", "-w", plist.toString()), true)), List.of());
      }
      case WINDOWS -> {
        Path xml = p.switchboardHome().resolve("switchboard-task.xml");
        yield new ServiceLayout(os, xml, "schtasks", List.of(xml.getParent()),
            List.of(step("schtasks", "/Create", "/TN", TASK, "/XML", xml.toString(), "/F"),
                step("schtasks", "/Run", "/TN", TASK)),
            List.of(new Step(List.of("schtasks", "/End", "/TN", TASK), true),
                step("schtasks", "/Delete", "/TN", TASK, "/F")), List.of());
      }
    };
  }

  /** launchd does not create log directories, so install makes this one. */
  static Path logDir(Platform p) {
    return p.switchboardHome().resolve("logs");
  }

  private static Step step(String... command) {
    return new Step(List.of(command), false);
  }
}
