package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code config check} and the daemon's start-up refuse a server that would loop back into this Switchboard. */
@Timeout(120)
class SelfLoopIT {
  private static final String LOOPING = """
      {"mcpServers": {
         "review-again": {"command": "npx", "args": ["-y", "mcp-remote", "http://127.0.0.1:7399/mcp/review"]}},
       "gateway": {"port": 7399}}""";

  @TempDir
  Path home;

  @Test
  void configCheckNamesTheServerThatLoops() throws Exception {
    Files.writeString(home.resolve("config.json"), LOOPING);
    Cli.Result check = new Cli(home).run("config", "check");
    assertThat(check.exit()).as(check.out() + check.err()).isEqualTo(1);
    assertThat(check.err()).contains("$.mcpServers.review-again: server 'review-again' would loop back into "
        + "Switchboard: it connects to this Switchboard itself (http://127.0.0.1:7399/mcp/review)");
  }

  @Test
  void theDaemonRefusesToStartWithIt() throws Exception {
    Files.writeString(home.resolve("config.json"), LOOPING);
    Cli.Result run = new Cli(home).run("run");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.err()).contains("server 'review-again' would loop back into Switchboard");
    assertThat(home.resolve("switchboard.pid")).doesNotExist();
  }
}
