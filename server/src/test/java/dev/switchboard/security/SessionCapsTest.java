package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.GatewayException;
import dev.switchboard.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/**
 * The session caps at the gateway level (no HTTP, no child: opening a session does not start one until its
 * initialize): per key ({@code gateway.auth.maxSessionsPerKey}, 429) and in total ({@code gateway.sessions.max},
 * 503).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionCapsTest {
  private static Config config(int perKey, int total) {
    ObjectNode root = Json.object();
    root.set("mcpServers", SecureHttp.servers());
    ObjectNode gw = root.putObject("gateway").put("host", "127.0.0.1").put("port", 0);
    SecureHttp.auth(gw).put("maxSessionsPerKey", perKey);
    gw.putObject("sessions").put("max", total);
    return ConfigLoader.parse(Json.bytes(root), null);
  }

  @Test
  void sequentiallyTheCapsHold() {
    Gateway g = new Gateway(config(2, 3), "test");
    try {
      g.open("fixture", "bob");
      g.open("other", "bob");
      assertThatThrownBy(() -> g.open("fixture", "bob")).isInstanceOfSatisfying(GatewayException.class,
          e -> assertThat(e.refusal()).isEqualTo(dev.switchboard.gateway.Refusal.TOO_MANY_SESSIONS_FOR_KEY));
      g.open("fixture", "carol");
      assertThatThrownBy(() -> g.open("fixture", "dave")).isInstanceOfSatisfying(GatewayException.class,
          e -> assertThat(e.refusal()).isEqualTo(dev.switchboard.gateway.Refusal.CAPACITY));
      assertThat(g.sessions()).hasSize(3);
    } finally {
      g.close();
    }
  }

  @Test
  void concurrentOpensNeverExceedTheCaps() throws Exception {
    Config config = config(2, 3);
    for (int round = 0; round < 30; round++) {
      Gateway g = new Gateway(config, "test");
      try {
        int n = 16;
        CyclicBarrier barrier = new CyclicBarrier(n);
        AtomicInteger admitted = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          String who = i % 2 == 0 ? "bob" : "carol";
          threads.add(Thread.ofPlatform().start(() -> {
            try {
              barrier.await(10, TimeUnit.SECONDS);
              g.open("fixture", who);
              admitted.incrementAndGet();
            } catch (GatewayException refused) {
              // 429 or 503: expected for most
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }));
        }
        for (Thread t : threads) {
          t.join(TimeUnit.SECONDS.toMillis(20));
        }
        assertThat(admitted.get()).as("round %d: admitted", round).isLessThanOrEqualTo(3);
        assertThat(g.sessionRegistry().countFor("bob")).as("round %d: bob", round).isLessThanOrEqualTo(2);
        assertThat(g.sessionRegistry().countFor("carol")).as("round %d: carol", round).isLessThanOrEqualTo(2);
      } finally {
        g.close();
      }
    }
  }
}
