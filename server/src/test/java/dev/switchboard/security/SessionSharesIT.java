package dev.switchboard.security;

import static dev.switchboard.security.SecureHttp.ALICE;
import static dev.switchboard.security.SecureHttp.BOB;
import static dev.switchboard.security.SecureHttp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.security.SecureHttp.Client;
import dev.switchboard.security.SecureHttp.Reply;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.TestGateway;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/**
 * One key cannot take every child of a {@code session}-shared server: alice holds all of them idle, and bob's
 * initialize still gets a child at once (one of alice's idle sessions is reclaimed) instead of waiting for
 * {@code acquireTimeout} and failing; alice, now at her share, is refused at once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionSharesIT {
  private static final String PATH = "/mcp/fixture";

  @Test
  void aKeyHoldingEveryChildGivesUpAnIdleOneToAnotherKey() throws Exception {
    ObjectNode servers = Json.object();
    ObjectNode entry = Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "session");
    entry.putObject("pool").put("max", 2);
    servers.set("fixture", entry);
    try (TestGateway gateway = TestGateway.start(servers, gw -> {
      SecureHttp.auth(gw);
      gw.putObject("upstreams").put("acquireTimeout", "15s");
    })) {
      Client http = new Client(gateway.baseUrl());
      String first = http.open(PATH, ALICE);
      String second = http.open(PATH, ALICE);
      http.assertEchoes(PATH, ALICE, second, "alice works");

      long start = System.nanoTime();
      String bobs = http.open(PATH, BOB);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      http.assertEchoes(PATH, BOB, bobs, "bob works");
      assertThat(took).as("bob did not wait out acquireTimeout").isLessThan(Duration.ofSeconds(10));

      Reply gone = http.post(PATH, bearer(ALICE), SecureHttp.echo(3, "x"), SecureHttp.session(first));
      assertThat(gone.status()).as("alice's longest-idle session was reclaimed: %s", gone.describe()).isEqualTo(404);
      http.assertEchoes(PATH, ALICE, second, "alice keeps her share");

      long again = System.nanoTime();
      Reply refused = http.post(PATH, bearer(ALICE), SecureHttp.initialize(1));
      assertThat(refused.status()).as(refused.describe()).isEqualTo(429);
      assertThat(refused.errorMessage()).contains("fair share");
      assertThat(Duration.ofNanos(System.nanoTime() - again)).as("refused at once").isLessThan(Duration.ofSeconds(5));
    }
  }
}
