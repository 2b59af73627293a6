package dev.switchboard.cli.setup;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** A fake machine under a temp dir: a home, a project directory, %APPDATA% and a Switchboard home. */
final class Sandbox {
  final Path home;
  final Path project;
  final Path appData;
  final Path switchboardHome;
  final Map<String, String> env = new HashMap<>();

  Sandbox(Path root) throws IOException {
    home = Files.createDirectories(root.resolve("home"));
    project = Files.createDirectories(root.resolve("project"));
    appData = root.resolve("appdata");
    switchboardHome = root.resolve("sbhome");
    env.put("SWITCHBOARD_HOME", switchboardHome.toString());
  }

  Platform platform(Os os) {
    return new Platform(os, home, os == Os.WINDOWS ? appData : null, project, env);
  }

  Path config() {
    return switchboardHome.resolve("config.json");
  }

  static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** Runs a command in-process, the way Main would, capturing what it prints. */
  static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }
}
