package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The built-in {@code switchboard} server's {@code tail_log} shows a server's stderr only to API keys whose scope
 * includes that server: reaching the {@code switchboard} server is not enough. No child is started.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LogScopeTest {
  @Test
  void tailLogNeedsTheServerInTheKeysScope() throws Exception {
    try (Gateway g = new Gateway(config(), "test")) {
      assertThat(tailLog(g, "ops", "secret-db").path("isError").asBoolean()).isFalse();
      JsonNode denied = tailLog(g, "viewer", "secret-db");
      assertThat(denied.path("isError").asBoolean()).isTrue();
      assertThat(denied.path("content").path(0).path("text").asString())
          .contains("only to API keys whose scope includes that server");
      assertThat(tailLog(g, "viewer", "switchboard").path("isError").asBoolean()).as("its own scope").isFalse();
      assertThat(tailLog(g, "all", "secret-db").path("isError").asBoolean()).as("scope *").isFalse();
    }
  }

  /** A tools/call of tail_log on a fresh session of the switchboard server, opened with {@code key}. */
  private static JsonNode tailLog(Gateway g, String key, String server) throws InterruptedException {
    Session session = g.open("switchboard", key);
    EventStream init = session.openRequestStream(1);
    session.initialize(Wire.request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"),
        init);
    Wire.await(init, 1);
    EventStream out = session.openRequestStream(1);
    session.forward(Wire.request("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{"
        + "\"name\":\"tail_log\",\"arguments\":{\"server\":\"" + server + "\"}}}"), out);
    Message answer = Wire.await(out, 1).get(0);
    session.close("done");
    return answer.node().path("result");
  }

  private static Config config() {
    ObjectNode root = Json.object();
    root.putObject("mcpServers").putObject("secret-db").put("command", "sh");
    var keys = root.putObject("gateway").put("host", "127.0.0.1").put("port", 0).putObject("auth").putArray("keys");
    keys.addObject().put("name", "ops").put("key", "k-ops-0123456789abcdef").putArray("servers").add("switchboard")
        .add("secret-db");
    keys.addObject().put("name", "viewer").put("key", "k-viewer-0123456789abcdef").putArray("servers")
        .add("switchboard");
    keys.addObject().put("name", "all").put("key", "k-all-0123456789abcdef0");
    return ConfigLoader.parse(Json.bytes(root), null);
  }
}
