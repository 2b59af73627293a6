package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fair shares of the children that {@code session}-shared servers hold per session, at the registry (no HTTP; opening
 * a session starts no child until its initialize, so the sessions here hold their places idle): one key cannot keep
 * every child of a server, or of the gateway, from the others.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionSharesTest {
  private static Config config(int poolMax, Consumer<ObjectNode> gateway) {
    ObjectNode root = Json.object();
    ObjectNode servers = root.putObject("mcpServers");
    for (String name : new String[] {"a", "b"}) {
      ObjectNode entry = Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "session");
      entry.putObject("pool").put("max", poolMax);
      servers.set(name, entry);
    }
    servers.set("shared", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "shared"));
    ObjectNode gw = root.putObject("gateway").put("host", "127.0.0.1").put("port", 0);
    gateway.accept(gw);
    return ConfigLoader.parse(Json.bytes(root), null);
  }

  @Test
  void anotherKeyReclaimsTheIdleSessionsOfAKeyOverItsShareOfAServer() {
    Gateway g = new Gateway(config(2, gw -> {}), "test");
    try {
      Session a1 = g.open("a", "alice");
      Session a2 = g.open("a", "alice");
      Session b1 = g.open("a", "bob");
      assertThat(a1.state()).as("alice's longest-idle session made room").isEqualTo(SessionState.CLOSED);
      assertThat(a2.state()).isNotEqualTo(SessionState.CLOSED);
      assertThat(b1.state()).isNotEqualTo(SessionState.CLOSED);
      assertThat(g.sessionRegistry().countFor("alice")).isEqualTo(1);

      // each key now has its share (1 of 2): more is refused at once rather than waiting for a child
      assertThatThrownBy(() -> g.open("a", "alice")).isInstanceOfSatisfying(GatewayException.class,
          e -> assertThat(e.refusal()).isEqualTo(Refusal.TOO_MANY_SESSIONS_FOR_KEY));
      assertThatThrownBy(() -> g.open("a", "bob")).isInstanceOfSatisfying(GatewayException.class,
          e -> assertThat(e.getMessage()).contains("'bob'").contains("fair share").contains("pool.max 2"));
      // other servers are not affected
      g.open("b", "alice");
      g.open("shared", "alice");
      g.open("shared", "alice");
      g.open("shared", "alice");
    } finally {
      g.close();
    }
  }

  @Test
  void busySessionsAreNotReclaimed() {
    Gateway g = new Gateway(config(2, gw -> {}), "test");
    try {
      Session a1 = g.open("a", "alice");
      Session a2 = g.open("a", "alice");
      a1.openRequestStream(1).attach(); // a client holding a stream open: busy
      a2.openRequestStream(1).attach();
      Session b1 = g.open("a", "bob"); // nothing idle to take: bob waits for a child as before
      assertThat(a1.state()).isNotEqualTo(SessionState.CLOSED);
      assertThat(a2.state()).isNotEqualTo(SessionState.CLOSED);
      assertThat(b1.state()).isNotEqualTo(SessionState.CLOSED);
    } finally {
      g.close();
    }
  }

  @Test
  void oneKeyAloneKeepsTheOldBehaviour() {
    Gateway g = new Gateway(config(2, gw -> {}), "test");
    try {
      Session first = g.open("a", "anonymous");
      g.open("a", "anonymous");
      g.open("a", "anonymous"); // waits for a child at its initialize, as it always did
      assertThat(first.state()).isNotEqualTo(SessionState.CLOSED);
      assertThat(g.sessionRegistry().countFor("anonymous")).isEqualTo(3);
    } finally {
      g.close();
    }
  }

  @Test
  void childrenAreSharedAcrossServersWithinTheGatewayLimit() {
    Gateway g = new Gateway(config(64, gw -> gw.putObject("upstreams").put("maxChildren", 4)), "test");
    try {
      Session[] alice = new Session[4];
      for (int i = 0; i < alice.length; i++) {
        alice[i] = g.open("a", "alice");
      }
      g.open("b", "bob");
      g.open("b", "bob");
      assertThat(alice[0].state()).isEqualTo(SessionState.CLOSED);
      assertThat(alice[1].state()).isEqualTo(SessionState.CLOSED);
      assertThat(alice[2].state()).isNotEqualTo(SessionState.CLOSED);
      assertThatThrownBy(() -> g.open("b", "bob")).isInstanceOfSatisfying(GatewayException.class,
          e -> assertThat(e.getMessage()).contains("gateway.upstreams.maxChildren 4"));
    } finally {
      g.close();
    }
  }
}
