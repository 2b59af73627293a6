package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real CLI as a separate process against a temporary {@code SWITCHBOARD_HOME}, as a user would. */
final class Cli {
  private final Path home;
  private final java.util.Map<String, String> env;

  Cli(Path home) {
    this(home, java.util.Map.of());
  }

  /** With {@code env} added to (or, for an empty value, removed from) the inherited environment. */
  Cli(Path home, java.util.Map<String, String> env) {
    this.home = home;
    this.env = env;
  }

  record Result(int exit, String out, String err) {}

  Result run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Fixtures.java(), "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("SWITCHBOARD_HOME", home.toString());
    pb.environment().remove("SWITCHBOARD_CONFIG");
    pb.environment().remove("SWITCHBOARD_PORT");
    pb.environment().remove("SWITCHBOARD_API_KEY");
    env.forEach((k, v) -> {
      if (v.isEmpty()) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    Process p = pb.start();
    p.getOutputStream().close();
    var out = p.getInputStream().readAllBytes();
    var err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("CLI %s finished", List.of(args)).isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }
}
