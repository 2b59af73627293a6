package dev.switchboard.security;

import static dev.switchboard.security.SecureHttp.ALICE;
import static dev.switchboard.security.SecureHttp.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.daemon.Daemon;
import dev.switchboard.daemon.DaemonState;
import dev.switchboard.protocol.Json;
import dev.switchboard.security.SecureHttp.Client;
import dev.switchboard.security.SecureHttp.Reply;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/**
 * No keys is a loopback-only mode: a non-loopback bind without keys refuses to start unless explicitly made
 * insecure. The wildcard listeners here live for a moment on port 0; traffic goes to 127.0.0.1 only.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BindPolicyIT {
  private static Config config(String host, Consumer<ObjectNode> gateway) {
    ObjectNode root = Json.object();
    root.set("mcpServers", SecureHttp.servers());
    ObjectNode gw = root.putObject("gateway").put("host", host).put("port", 0);
    gateway.accept(gw);
    return ConfigLoader.parse(Json.bytes(root), null);
  }

  private static Config insecure(Config c) {
    return c.withGateway(c.gateway().withSecurity(c.gateway().security().withInsecureNoAuth(true)));
  }

  @Test
  void aWildcardBindWithoutKeysRefusesToStartWithAClearMessage() {
    Daemon daemon = new Daemon(config("0.0.0.0", gw -> {}));
    assertThatThrownBy(daemon::start).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("0.0.0.0").hasMessageContaining("gateway.auth.keys")
        .hasMessageContaining("SWITCHBOARD_API_KEY").hasMessageContaining("--insecure-no-auth");
    assertThat(daemon.state()).isEqualTo(DaemonState.FAILED);
  }

  @Test
  void everyNonLoopbackAddressCounts() {
    for (String host : new String[] {"::", "192.0.2.10", "example.com"}) {
      Daemon daemon = new Daemon(config(host, gw -> {}));
      assertThatThrownBy(daemon::start).as(host).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("without API keys");
    }
  }

  @Test
  void loopbackWithoutKeysIsTheAnonymousDevelopmentMode() throws Exception {
    for (String host : new String[] {"127.0.0.1", "localhost"}) {
      Daemon daemon = new Daemon(config(host, gw -> {})).start();
      try {
        Client http = new Client("http://127.0.0.1:" + daemon.port());
        Reply init = http.post("/mcp/fixture", null, SecureHttp.initialize(1));
        assertThat(init.status()).as(init.describe()).isEqualTo(200);
        Reply health = http.health(null);
        assertThat(health.json().has("security")).as("no keys: detail for anyone on loopback").isTrue();
      } finally {
        daemon.close();
      }
    }
  }

  @Test
  void insecureNoAuthStartsAWildcardBindWithoutKeys() throws Exception {
    Daemon daemon = new Daemon(insecure(config("0.0.0.0", gw -> {}))).start();
    try {
      assertThat(daemon.state()).isEqualTo(DaemonState.RUNNING);
      Reply health = new Client("http://127.0.0.1:" + daemon.port()).health(null);
      assertThat(health.status()).as(health.describe()).isEqualTo(200);
    } finally {
      daemon.close();
    }
  }

  @Test
  void aWildcardBindWithKeysStartsAndRequiresThem() throws Exception {
    Daemon daemon = new Daemon(config("0.0.0.0", SecureHttp::auth)).start();
    try {
      Client http = new Client("http://127.0.0.1:" + daemon.port());
      assertThat(http.post("/mcp/fixture", null, SecureHttp.initialize(1)).status()).isEqualTo(401);
      assertThat(http.post("/mcp/fixture", bearer(ALICE), SecureHttp.initialize(1)).status()).isEqualTo(200);
      // a wildcard bind without gateway.allowedHosts accepts any Host (there is no single name to check):
      // keys are the protection then; SECURITY.md says to list the public names
      Reply anyHost = SecureHttp.raw(daemon.port(), SecureHttp.postHead("/mcp/fixture", "evil.example.com"),
          SecureHttp.initialize(1));
      assertThat(anyHost.status()).as(anyHost.describe()).isEqualTo(401);
    } finally {
      daemon.close();
    }
  }

  @Test
  void aWildcardBindWithAllowedHostsChecksTheHost() throws Exception {
    Daemon daemon = new Daemon(config("0.0.0.0", gw -> {
      SecureHttp.auth(gw);
      gw.putArray("allowedHosts").add("mcp.example.com");
    })).start();
    try {
      Reply evil = SecureHttp.raw(daemon.port(), SecureHttp.postHead("/mcp/fixture", "evil.example.com",
          "Authorization: " + bearer(ALICE)), SecureHttp.initialize(1));
      assertThat(evil.status()).as(evil.describe()).isEqualTo(403);
      Reply named = SecureHttp.raw(daemon.port(), SecureHttp.postHead("/mcp/fixture", "mcp.example.com",
          "Authorization: " + bearer(ALICE)), SecureHttp.initialize(1));
      assertThat(named.status()).as(named.describe()).isEqualTo(200);
    } finally {
      daemon.close();
    }
  }
}
