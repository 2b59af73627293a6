package dev.switchboard.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** With no daemon, the built-in server runs in this process; unknown servers say what is configured. */
@Timeout(30)
class BuiltinFallbackTest {
  @TempDir
  Path home;

  private record Run(int code, String out, String err) {}

  private Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private Map<String, String> env() {
    return Map.of("SWITCHBOARD_HOME", home.toString());
  }

  @Test
  void listsAndCallsTheBuiltInServerInProcess() {
    Run tools = run(new ToolsCommand(env()), "switchboard", "-v");
    assertThat(tools.code()).as(tools.err()).isZero();
    assertThat(tools.out()).startsWith("NAME").contains("list_servers", "tail_log", "server*: string");
    assertThat(tools.err()).contains("using the built-in server 'switchboard' in this process "
        + "(no Switchboard daemon is running)");
    Run call = run(new CallCommand(env()), "switchboard", "tail_log", "--arg", "server=nope", "--no-daemon");
    assertThat(call.code()).isEqualTo(1);
    assertThat(call.err()).contains("No server named 'nope'");
    Run servers = run(new CallCommand(env()), "switchboard", "list_servers", "--raw");
    assertThat(servers.code()).isZero();
    assertThat(servers.out()).contains("\"structuredContent\"", "\"name\" : \"switchboard\"");
  }

  @Test
  void anUnknownServerExits3NamingTheConfiguredOnes() {
    Run run = run(new ToolsCommand(env()), "nope");
    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err()).contains("no MCP server named 'nope' is configured; configured: switchboard, review");
  }
}
