package dev.switchboard.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.protocol.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Which threads a listener's I/O runs on, as {@code gateway.ioThreads} and the bound address decide; nothing binds. */
class IoThreadsChoiceTest {
  @Test
  void byDefaultOnlyAListenerBeyondLoopbackReadsOnPlatformThreads() throws Exception {
    assertThat(platformIo("127.0.0.1", null)).isFalse();
    assertThat(platformIo("0.0.0.0", null)).isTrue();
  }

  @Test
  void anExplicitSettingWinsWhereverTheListenerIs() throws Exception {
    assertThat(platformIo("0.0.0.0", "virtual")).isFalse();
    assertThat(platformIo("127.0.0.1", "platform")).isTrue();
  }

  private static boolean platformIo(String host, @org.jspecify.annotations.Nullable String setting)
      throws Exception {
    ObjectNode json = Json.object();
    json.putObject("mcpServers");
    ObjectNode gateway = json.putObject("gateway").put("host", host).put("port", 0);
    gateway.putObject("auth").putArray("keys").addObject().put("name", "alice").put("key", "alice-0123456789abcdef");
    if (setting != null) {
      gateway.put("ioThreads", setting);
    }
    try (Gateway g = new Gateway(ConfigLoader.parse(Json.bytes(json), null), "test");
        HttpServer server = new HttpServer(g, host, 0, null)) {
      return server.platformIo();
    }
  }
}
