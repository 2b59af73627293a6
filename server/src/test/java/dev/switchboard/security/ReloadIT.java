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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reloads through the daemon, as SIGHUP, saving the file and {@code switchboard reload} do: a revoked key stops
 * working, settings read once at start are named as needing a restart (and keep their running values), and no
 * reload hands a rate-limited key a fresh bucket.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReloadIT {
  /** A config like {@link SecureHttp#gateway}'s, with {@code tweak} applied to its gateway section. */
  private static Config config(Consumer<ObjectNode> tweak) {
    ObjectNode root = Json.object();
    root.set("mcpServers", SecureHttp.servers());
    ObjectNode gw = root.putObject("gateway").put("host", "127.0.0.1").put("port", 0).put("defaultServer",
        "fixture");
    SecureHttp.auth(gw);
    tweak.accept(gw);
    return ConfigLoader.parse(Json.bytes(root), null);
  }

  private static Reply probe(Client http, String key) throws Exception {
    return http.send("GET", "/mcp/fixture", Map.of("Authorization", bearer(key), "Accept", "text/event-stream"),
        null);
  }

  @Test
  void aKeyRemovedByAReloadStopsWorking() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> {})) {
      Client http = new Client(gateway.baseUrl());
      assertThat(http.post("/mcp/fixture", bearer(BOB), SecureHttp.initialize(1)).status()).isEqualTo(200);

      Reload report = gateway.daemon().reload(config(gw -> ((ObjectNode) gw.get("auth")).withArray("keys")
          .remove(1))); // bob revoked
      assertThat(report.applied()).containsExactly("gateway.auth.keys");
      assertThat(report.restartNeeded()).isFalse();
      assertThat(http.post("/mcp/fixture", bearer(BOB), SecureHttp.initialize(1)).status()).isEqualTo(401);
      assertThat(http.post("/mcp/fixture", bearer(ALICE), SecureHttp.initialize(1)).status()).isEqualTo(200);
    }
  }

  @Test
  void theReloadAnswerNamesSettingsThatNeedARestartUntilThereIsOne() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> {})) {
      long runningBody = gateway.daemon().gateway().config().gateway().limits().maxBodyBytes();
      Config next = config(gw -> gw.put("heartbeat", "5s").put("trustProxy", true).putObject("limits")
          .put("maxBodyBytes", "1KiB"));

      Reload report = gateway.daemon().reload(next);
      assertThat(report.needsRestart()).containsExactly("gateway.limits.maxBodyBytes", "gateway.heartbeat");
      assertThat(report.applied()).containsExactly("gateway.trustProxy");
      ObjectNode answer = report.toJson();
      assertThat(answer.path("restartNeeded").asBoolean()).isTrue();
      assertThat(Json.text(answer.path("needsRestart"))).isEqualTo(
          "[\"gateway.limits.maxBodyBytes\",\"gateway.heartbeat\"]");
      var running = gateway.daemon().gateway().config().gateway();
      assertThat(running.limits().maxBodyBytes()).isEqualTo(runningBody);
      assertThat(running.security().trustProxy()).isTrue();

      // still pending: the same file reloaded, and the dry run, say so again
      assertThat(gateway.daemon().preview(next).needsRestart()).containsExactly("gateway.limits.maxBodyBytes",
          "gateway.heartbeat");
      Reload again = gateway.daemon().reload(next);
      assertThat(again.needsRestart()).containsExactly("gateway.limits.maxBodyBytes", "gateway.heartbeat");
      assertThat(again.applied()).isEmpty();
      // the body limit in force is still the old one
      Client http = new Client(gateway.baseUrl());
      String padded = SecureHttp.initialize("x".repeat(2048));
      assertThat(http.post("/mcp/fixture", bearer(ALICE), padded).status()).isEqualTo(200);
    }
  }

  @Test
  void aReloadDoesNotRefillADrainedBucket() throws Exception {
    Consumer<ObjectNode> limited = gw -> ((ObjectNode) gw.get("auth")).putObject("rateLimit").put("perMinute", 1)
        .put("burst", 2);
    try (TestGateway gateway = SecureHttp.gateway(limited)) {
      Client http = new Client(gateway.baseUrl());
      assertThat(probe(http, ALICE).status()).isEqualTo(400); // admitted (no session: 400)
      assertThat(probe(http, ALICE).status()).isEqualTo(400);
      assertThat(probe(http, ALICE).status()).isEqualTo(429);

      gateway.daemon().reload(config(limited)); // the file saved unchanged
      assertThat(probe(http, ALICE).status()).as("after a no-op reload").isEqualTo(429);
      Reload report = gateway.daemon().reload(config(limited.andThen(gw -> gw.put("heartbeat", "7s")
          .withObject("limits").put("maxStreamEvents", 100))));
      assertThat(report.needsRestart()).containsExactly("gateway.limits.maxStreamEvents", "gateway.heartbeat");
      assertThat(probe(http, ALICE).status()).as("after a reload of restart-only settings").isEqualTo(429);
      assertThat(probe(http, BOB).status()).as("bob's bucket was never touched").isEqualTo(400);
    }
  }

  @Test
  void aReloadThatChangesKeysOrTheLimitDoesNotRefillADrainedBucket() throws Exception {
    Consumer<ObjectNode> limited = gw -> ((ObjectNode) gw.get("auth")).putObject("rateLimit").put("perMinute", 1)
        .put("burst", 2);
    try (TestGateway gateway = SecureHttp.gateway(limited)) {
      Client http = new Client(gateway.baseUrl());
      assertThat(probe(http, ALICE).status()).isEqualTo(400);
      assertThat(probe(http, ALICE).status()).isEqualTo(400);
      assertThat(probe(http, ALICE).status()).isEqualTo(429);
      Reload keys = gateway.daemon().reload(config(limited.andThen(gw -> ((ObjectNode) gw.get("auth"))
          .withArray("keys").remove(1))));
      assertThat(keys.applied()).containsExactly("gateway.auth.keys");
      assertThat(probe(http, ALICE).status()).as("after a key change").isEqualTo(429);
      Reload rate = gateway.daemon().reload(config(gw -> ((ObjectNode) gw.get("auth")).putObject("rateLimit")
          .put("perMinute", 2).put("burst", 10)));
      assertThat(rate.applied()).contains("gateway.auth.rateLimit.burst");
      assertThat(probe(http, ALICE).status()).as("after a limit change").isEqualTo(429);
    }
  }
}
