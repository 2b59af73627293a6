package dev.switchboard.security;

import static dev.switchboard.security.SecureHttp.ALICE;
import static dev.switchboard.security.SecureHttp.BOB;
import static dev.switchboard.security.SecureHttp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.gateway.Reload;
import dev.switchboard.protocol.Json;
import dev.switchboard.security.SecureHttp.Client;
import dev.switchboard.security.SecureHttp.Reply;
import dev.switchboard.testing.TestGateway;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/** Revoking a key is a config edit plus a reload (SIGHUP, saving the file, or {@code switchboard reload}). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReloadIT {
  @Test
  void aKeyRemovedByAReloadStopsWorkingOrTheReloadSaysARestartIsNeeded() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> { })) {
      Client http = new Client(gateway.baseUrl());
      assertThat(http.post("/mcp/fixture", bearer(BOB), SecureHttp.initialize(1)).status()).isEqualTo(200);

      ObjectNode root = Json.object();
      root.set("mcpServers", SecureHttp.servers());
      ObjectNode gw = root.putObject("gateway").put("host", "127.0.0.1").put("port", 0).put("defaultServer",
          "fixture");
      gw.putObject("auth").putArray("keys").addObject().put("name", "alice").put("key", ALICE); // bob revoked
      Config next = ConfigLoader.parse(Json.bytes(root), null);
      Reload report = gateway.daemon().gateway().reload(next);

      Reply bob = http.post("/mcp/fixture", bearer(BOB), SecureHttp.initialize(1));
      assertThat(bob.status() == 401 || report.restartNeeded())
          .as("bob after revocation: %s; reload report: %s", bob.status(), report).isTrue();
    }
  }
}
