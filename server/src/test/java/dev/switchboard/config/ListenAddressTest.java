package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-server {@code listen} list: loopback TCP and socket paths parse; anything that would carry no key off the machine is refused. */
class ListenAddressTest {
  @Test
  void loopbackTcpAndSocketPathsParse() {
    Config config = ConfigLoaderTest.parse("""
        {"mcpServers": {"a": {"command": "x", "listen": ["tcp://127.0.0.1:7190", "tcp://[::1]:0",
          "tcp://localhost:7191", "unix:/run/sb/a.sock", "unix:~/sockets/a.sock"]}}}""");
    assertThat(config.servers().get("a").listen()).containsExactly(new ListenAddress.Tcp("127.0.0.1", 7190),
        new ListenAddress.Tcp("::1", 0), new ListenAddress.Tcp("localhost", 7191),
        new ListenAddress.Unix(Path.of("/run/sb/a.sock")),
        new ListenAddress.Unix(Path.of(System.getProperty("user.home"), "sockets", "a.sock")));
  }

  @Test
  void aNonLoopbackTcpAddressIsAConfigErrorNamingWhy() {
    ConfigException e = ConfigLoaderTest.invalid("""
        {"mcpServers": {"a": {"command": "x", "listen": ["tcp://0.0.0.0:7190", "tcp://example.com:1"]}}}""");
    assertThat(ConfigLoaderTest.paths(e)).containsExactly("$.mcpServers.a.listen[0]", "$.mcpServers.a.listen[1]");
    assertThat(e.problems().get(0).message()).contains("not a loopback address", "API key");
  }

  @Test
  void malformedEntriesAreRefused() {
    ConfigException e = ConfigLoaderTest.invalid("""
        {"mcpServers": {"a": {"command": "x", "listen": ["http://127.0.0.1:1", "tcp://127.0.0.1", "unix:rel.sock",
          "tcp://127.0.0.1:1/path"]}}}""");
    assertThat(ConfigLoaderTest.paths(e)).hasSize(4);
  }

  @Test
  void twoServersOnOneAddressCollide() {
    ConfigException e = ConfigLoaderTest.invalid("""
        {"mcpServers": {"a": {"command": "x", "listen": ["tcp://127.0.0.1:7190"]},
                        "b": {"command": "y", "listen": ["tcp://127.0.0.1:7190", "tcp://127.0.0.1:0"]},
                        "c": {"command": "z", "listen": ["tcp://127.0.0.1:0"]}}}""");
    assertThat(ConfigLoaderTest.paths(e)).containsExactly("$.mcpServers.b.listen");
    assertThat(e.problems().get(0).message()).contains("already used by server \"a\"");
  }

  @Test
  void aGroupListensLikeAServerAndMayNotTakeAServersAddress() {
    Config ok = ConfigLoaderTest.parse("""
        {"mcpServers": {"a": {"command": "x"}},
         "gateway": {"groups": {"g": {"servers": ["a"], "listen": ["tcp://127.0.0.1:7191"]}}}}""");
    assertThat(ok.gateway().groups().get("g").listen()).containsExactly(ListenAddress.parse("tcp://127.0.0.1:7191"));
    ConfigException e = ConfigLoaderTest.invalid("""
        {"mcpServers": {"a": {"command": "x", "listen": ["tcp://127.0.0.1:7190"]}},
         "gateway": {"groups": {"g": {"servers": ["a"], "listen": ["tcp://127.0.0.1:7190", "ftp://x"]}}}}""");
    assertThat(ConfigLoaderTest.paths(e)).containsExactlyInAnyOrder("$.gateway.groups.g.listen",
        "$.gateway.groups.g.listen[1]");
    assertThat(e.problems()).anyMatch(p -> p.message().contains("already used by server \"a\""));
  }

  @Test
  void serversWithoutListenHaveNone() {
    assertThat(ConfigLoaderTest.parse("{\"mcpServers\": {\"a\": {\"command\": \"x\"}}}").servers().get("a").listen())
        .isEqualTo(List.of());
  }
}
