package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A group name is served like a server's, comes and goes with reloads, and its sessions end when it goes. */
class GatewayGroupsTest {
  private static Config config(String gateway) {
    return ConfigLoader.parse(("{\"mcpServers\":{\"switchboard\":{\"builtin\":\"switchboard\"}},\"gateway\":"
        + gateway + "}").getBytes(StandardCharsets.UTF_8), null);
  }

  @Test
  void aGroupIsKnownOpensSessionsAndLeavesWithReload() {
    Config withGroup = config("{\"groups\":{\"g\":{\"servers\":\"*\"}},\"shutdownGrace\":\"100ms\"}");
    try (Gateway gateway = new Gateway(withGroup, "test")) {
      assertThat(gateway.isKnown("g")).isTrue();
      Session session = gateway.open("g", "anonymous");
      EventStream out = session.openRequestStream(1);
      session.initialize(Message.request(RequestId.of(1), "initialize", Json.object()
          .put("protocolVersion", "2025-06-18")), out);
      Message answer = Answers.await(out, Duration.ofSeconds(10)).orElseThrow();
      assertThat(((Message.Response) answer).result().at("/serverInfo/name").asString())
          .isEqualTo("switchboard-group-g");

      gateway.reload(withGroup);
      assertThat(session.isClosed()).as("an unchanged group keeps its sessions").isFalse();

      gateway.reload(config("{\"shutdownGrace\":\"100ms\"}"));
      assertThat(gateway.isKnown("g")).isFalse();
      GatewayException refused = catchThrowableOfType(GatewayException.class, () -> gateway.open("g", "anonymous"));
      assertThat(refused.refusal()).isEqualTo(Refusal.UNKNOWN_SERVER);
      await().atMost(Duration.ofSeconds(10)).until(session::isClosed);
    }
  }
}
