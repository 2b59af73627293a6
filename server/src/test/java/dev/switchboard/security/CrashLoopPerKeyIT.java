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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/**
 * Under {@code session} sharing one key's crashing sessions put only that key in a crash loop, and no other key
 * reads its children's stderr — not in an error, not in {@code /health}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrashLoopPerKeyIT {
  private static final String PATH = "/mcp/crashy";

  @Test
  void aliceCrashLoopsHerselfOnlyAndBobNeverSeesHerStderr() throws Exception {
    ObjectNode servers = Json.object();
    ObjectNode entry = Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "session");
    entry.putObject("restart").put("maxFailures", 3).put("window", "5m").put("backoff", "100ms")
        .put("maxBackoff", "200ms");
    servers.set("crashy", entry);
    try (TestGateway gateway = TestGateway.start(servers, SecureHttp::auth)) {
      Client http = new Client(gateway.baseUrl());
      for (int i = 0; i < 3; i++) {
        String session = http.open(PATH, ALICE);
        ObjectNode log = Json.object().put("name", "log_to_stderr");
        log.putObject("arguments").put("text", "alice-secret-" + i);
        assertThat(http.post(PATH, bearer(ALICE), SecureHttp.request(2, "tools/call", log),
            SecureHttp.session(session)).status()).isEqualTo(200);
        ObjectNode crash = Json.object().put("name", "crash");
        crash.putObject("arguments").put("code", 3);
        Reply crashed = http.post(PATH, bearer(ALICE), SecureHttp.request(3, "tools/call", crash),
            SecureHttp.session(session));
        assertThat(crashed.json().path("error").path("data").path("stderrTail").asString())
            .as("alice sees her own child's stderr").contains("alice-secret-" + i);
      }
      Reply aliceAgain = http.post(PATH, bearer(ALICE), SecureHttp.initialize(1));
      assertThat(aliceAgain.errorMessage()).contains("crash loop").contains("alice-secret");

      String bobs = http.open(PATH, BOB);
      http.assertEchoes(PATH, BOB, bobs, "bob is not in alice's crash loop");
      Reply health = http.health(bearer(BOB));
      assertThat(health.body()).doesNotContain("alice-secret");
    }
  }
}
