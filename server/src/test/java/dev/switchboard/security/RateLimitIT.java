package dev.switchboard.security;

import static dev.switchboard.security.SecureHttp.ALICE;
import static dev.switchboard.security.SecureHttp.BOB;
import static dev.switchboard.security.SecureHttp.UNAUTHORIZED_BODY;
import static dev.switchboard.security.SecureHttp.WRONG;
import static dev.switchboard.security.SecureHttp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.security.SecureHttp.Client;
import dev.switchboard.security.SecureHttp.Reply;
import dev.switchboard.testing.TestGateway;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Per-key token buckets (429 + Retry-After) and the per-address throttle after repeated authentication failures
 * (10 within a minute → 429 + Retry-After for that address). Rates are chosen so that refill during a test is
 * negligible: no timing assumptions beyond "a few requests take less than ten seconds".
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RateLimitIT {
  private static final String PATH = "/mcp/fixture";

  /** A cheap admitted request: GET without a session is admitted (key, scope, rate) and then refused with 400. */
  private static Reply probe(Client http, String key) throws Exception {
    return http.send("GET", PATH, Map.of("Authorization", bearer(key), "Accept", "text/event-stream"), null);
  }

  private static JsonNode security(Client http) throws Exception {
    Reply health = http.health(bearer(ALICE));
    assertThat(health.status()).as(health.describe()).isEqualTo(200);
    return health.json().path("security");
  }

  @Test
  void aKeyOverItsRateGets429WithRetryAfterAndOtherKeysDoNot() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> ((ObjectNode) gw.get("auth")).putObject("rateLimit")
        .put("perMinute", 6).put("burst", 3))) {
      Client http = new Client(gateway.baseUrl());
      for (int i = 0; i < 3; i++) {
        Reply r = probe(http, ALICE);
        assertThat(r.status()).as("request %d: %s", i, r.describe()).isEqualTo(400);
      }
      Reply limited = probe(http, ALICE);
      assertThat(limited.status()).as(limited.describe()).isEqualTo(429);
      assertThat(limited.header("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v))
          .isBetween(1L, 10L)); // one token per 10 s
      assertThat(limited.json().path("jsonrpc").asString()).isEqualTo("2.0");
      assertThat(limited.errorMessage()).contains("alice").contains("rate limit");
      // initialize and other methods share the bucket
      Reply init = http.post(PATH, bearer(ALICE), SecureHttp.initialize(1));
      assertThat(init.status()).as(init.describe()).isEqualTo(429);
      // per key: bob has his own bucket
      assertThat(probe(http, BOB).status()).isEqualTo(400);
      String bobs = http.open(PATH, BOB);
      assertThat(bobs).isNotBlank();
      // /health is not rate limited, and counts the refusals
      JsonNode counters = security(http);
      assertThat(counters.path("rateLimited").asLong()).isGreaterThanOrEqualTo(2);
      // a bad key is refused for the key, not counted against anyone's bucket
      Reply wrong = http.post(PATH, bearer(WRONG), SecureHttp.initialize(1));
      assertThat(wrong.status()).isEqualTo(401);
    }
  }

  @Test
  void withoutARateLimitNothingIsLimited() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> {})) {
      Client http = new Client(gateway.baseUrl());
      for (int i = 0; i < 50; i++) {
        assertThat(probe(http, ALICE).status()).isEqualTo(400);
      }
    }
  }

  @Test
  void tenFailuresFromOneAddressThrottleThatAddress() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> {})) {
      Client http = new Client(gateway.baseUrl());
      for (int i = 0; i < 10; i++) {
        Reply r = i % 2 == 0 ? http.post(PATH, bearer(WRONG + i), SecureHttp.initialize(1))
            : http.post(PATH, null, SecureHttp.initialize(1));
        assertThat(r.status()).as("failure %d: %s", i, r.describe()).isEqualTo(401);
        assertThat(r.json()).isEqualTo(UNAUTHORIZED_BODY);
      }
      Reply throttled = http.post(PATH, bearer(WRONG), SecureHttp.initialize(1));
      assertThat(throttled.status()).as(throttled.describe()).isEqualTo(429);
      assertThat(throttled.header("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v))
          .isBetween(1L, 60L));
      assertThat(throttled.json().path("error").path("code").asInt()).isEqualTo(-32001);
      // the address is throttled, whatever it presents, on every MCP endpoint
      assertThat(http.post(PATH, bearer(ALICE), SecureHttp.initialize(1)).status()).isEqualTo(429);
      assertThat(probe(http, BOB).status()).isEqualTo(429);
      assertThat(http.send("DELETE", "/mcp/other", Map.of("Authorization", bearer(ALICE), "Mcp-Session-Id", "x"),
          null).status()).isEqualTo(429);
      // liveness stays reachable; the detail needs a key, and keys are not even checked while throttled
      Reply live = http.health(null);
      assertThat(live.status()).as(live.describe()).isEqualTo(200);
      assertThat(live.json().path("status").asString()).isEqualTo("ok");
      assertThat(http.health(bearer(ALICE)).status()).isEqualTo(429);
    }
  }

  /**
   * An insider holding a valid key used to reset the count with it after every nine guesses, and so guess other
   * keys unthrottled. Failures are now counted per address whatever succeeds in between.
   */
  @Test
  void aValidKeyInterleavedWithGuessesDoesNotResetTheCount() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> {})) {
      Client http = new Client(gateway.baseUrl());
      int admitted = 0;
      int guesses = 0;
      Reply last = null;
      for (int round = 0; round < 3 && (last == null || last.status() != 429); round++) {
        for (int i = 0; i < 9; i++) {
          last = http.post(PATH, bearer(WRONG + round + i), SecureHttp.initialize(1));
          if (last.status() == 429) {
            break;
          }
          assertThat(last.status()).as(last.describe()).isEqualTo(401);
          guesses++;
        }
        if (last.status() != 429 && probe(http, ALICE).status() == 400) {
          admitted++;
        }
      }
      assertThat(guesses).as("guesses before the throttle").isEqualTo(10);
      assertThat(last.status()).as(last.describe()).isEqualTo(429);
      assertThat(admitted).isEqualTo(1);
      assertThat(probe(http, ALICE).status()).as("the valid key waits too").isEqualTo(429);
    }
  }

  /** /health with a wrong key answers 401 — a key-guessing oracle — so it must count and throttle like /mcp. */
  @Test
  void wrongKeysOnHealthAreCountedAndThrottled() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> {})) {
      Client http = new Client(gateway.baseUrl());
      int lastStatus = 0;
      for (int i = 0; i < 12; i++) {
        lastStatus = http.health(bearer(WRONG + i)).status();
      }
      assertThat(lastStatus).isEqualTo(429);
      assertThat(http.post(PATH, bearer(WRONG), SecureHttp.initialize(1)).status()).isEqualTo(429);
    }
  }

  /**
   * Behind a proxy that appends the connecting address ({@code X-Forwarded-For: <client-supplied>, <real>}), the
   * throttle must key on the address the trusted proxy saw (the right-most entry), not on the left-most entry that
   * the client wrote itself.
   */
  @Test
  void withTrustProxyTheThrottleCannotBeEvadedByForgingXForwardedFor() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> gw.put("trustProxy", true))) {
      Client http = new Client(gateway.baseUrl());
      int lastStatus = 0;
      for (int i = 0; i < 12; i++) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Forwarded-For", "198.51.100." + i + ", 203.0.113.7"); // forged, then appended by the proxy
        lastStatus = http.post(PATH, bearer(WRONG), SecureHttp.initialize(1), h).status();
      }
      assertThat(lastStatus).isEqualTo(429);
    }
  }

  @Test
  void withTrustProxyTheForwardedAddressIsThrottledNotTheProxy() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> gw.put("trustProxy", true))) {
      Client http = new Client(gateway.baseUrl());
      Map<String, String> attacker = Map.of("X-Forwarded-For", "203.0.113.7");
      for (int i = 0; i < 10; i++) {
        assertThat(http.post(PATH, bearer(WRONG), SecureHttp.initialize(1), attacker).status()).isEqualTo(401);
      }
      assertThat(http.post(PATH, bearer(WRONG), SecureHttp.initialize(1), attacker).status()).isEqualTo(429);
      // another client behind the same proxy is not punished
      Reply someoneElse = http.post(PATH, bearer(ALICE), SecureHttp.initialize(1),
          Map.of("X-Forwarded-For", "198.51.100.20"));
      assertThat(someoneElse.status()).as(someoneElse.describe()).isEqualTo(200);
    }
  }
}
