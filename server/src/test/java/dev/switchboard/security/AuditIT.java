package dev.switchboard.security;

import static dev.switchboard.security.SecureHttp.ALICE;
import static dev.switchboard.security.SecureHttp.BOB;
import static dev.switchboard.security.SecureHttp.CAROL;
import static dev.switchboard.security.SecureHttp.NARROW;
import static dev.switchboard.security.SecureHttp.WRONG;
import static dev.switchboard.security.SecureHttp.bearer;
import static dev.switchboard.testing.Scrape.sample;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.config.ApiKey;
import dev.switchboard.security.SecureHttp.Client;
import dev.switchboard.security.SecureHttp.Reply;
import dev.switchboard.testing.TestGateway;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The audit trail, captured in-process: auth failures and scope denials are logged with the key's name (or
 * "anonymous"), the remote address and the path — never a key, never a key's digest — with {@code api_key} values
 * redacted, and counted in the /health detail.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AuditIT {
  private static final String PATH = "/mcp/fixture";
  private static final List<String> SECRETS = List.of(ALICE, BOB, CAROL, NARROW, WRONG);

  private final ListAppender<ILoggingEvent> captured = new dev.switchboard.testing.CapturedLog();
  /** Logger name → its level and additivity before the test. */
  private final java.util.Map<String, Object[]> saved = new java.util.LinkedHashMap<>();

  /**
   * Everything Switchboard logs ({@code dev.switchboard.*}, {@code switchboard.*}, the request log included) is
   * captured at DEBUG, whatever the test logging configuration says, and kept off the console meanwhile.
   */
  @BeforeEach
  void capture() {
    captured.start();
    for (String name : List.of("dev.switchboard", "switchboard", "switchboard.requests")) {
      Logger l = (Logger) LoggerFactory.getLogger(name);
      saved.put(name, new Object[] {l.getLevel(), l.isAdditive()});
      l.setLevel(Level.DEBUG);
      l.setAdditive(false);
      l.addAppender(captured);
    }
  }

  @AfterEach
  void release() {
    saved.forEach((name, old) -> {
      Logger l = (Logger) LoggerFactory.getLogger(name);
      l.detachAppender(captured);
      l.setLevel((Level) old[0]);
      l.setAdditive((Boolean) old[1]);
    });
    captured.stop();
  }

  private List<String> lines() {
    return captured.list.stream().map(e -> e.getLoggerName() + " " + e.getFormattedMessage()
        + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
  }

  private List<String> audit() {
    return lines().stream().filter(l -> l.startsWith("switchboard.audit ")).toList();
  }

  private void assertNoSecretLogged() {
    List<String> all = lines();
    for (String secret : SECRETS) {
      String digest = ApiKey.ofSecret("x", secret, List.of()).sha256Hex();
      assertThat(all).as("log lines").noneSatisfy(l -> assertThat(l).containsIgnoringCase(secret));
      assertThat(all).as("log lines").noneSatisfy(l -> assertThat(l).containsIgnoringCase(digest));
    }
  }

  @Test
  void failuresAndDenialsAreLoggedWithoutKeysAndCounted() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> {})) {
      Client http = new Client(gateway.baseUrl());
      String session = http.open(PATH, ALICE); // ordinary use, including the request log
      http.assertEchoes(PATH, ALICE, session, "hello");

      assertThat(http.post(PATH, null, SecureHttp.initialize(1)).status()).isEqualTo(401);
      assertThat(http.post(PATH, bearer(WRONG), SecureHttp.initialize(1)).status()).isEqualTo(401);
      assertThat(http.post(PATH + "?api_key=" + ALICE, null, SecureHttp.initialize(1)).status()).isEqualTo(401);
      assertThat(http.post(PATH + "?x=1&API_KEY=" + BOB + "&y=2", bearer(NARROW), SecureHttp.initialize(1))
          .status()).isEqualTo(403);
      Reply host = SecureHttp.raw(gateway.port(), SecureHttp.postHead(PATH + "?api_key=" + CAROL,
          "evil.example.com"), SecureHttp.initialize(1));
      assertThat(host.status()).isEqualTo(403);

      List<String> audit = audit();
      assertThat(audit).anySatisfy(l -> assertThat(l).contains("auth failure").contains("principal=anonymous")
          .contains("remote=127.0.0.1").contains("path=" + PATH + " ").contains("no API key"));
      assertThat(audit).anySatisfy(l -> assertThat(l).contains("auth failure").contains("unknown API key"));
      assertThat(audit).anySatisfy(l -> assertThat(l).contains("auth failure")
          .contains("path=" + PATH + "?api_key=REDACTED").contains("allowQueryKey"));
      assertThat(audit).anySatisfy(l -> assertThat(l).contains("scope denied").contains("principal=narrow")
          .contains("remote=127.0.0.1").contains("server=fixture").contains("?x=1&API_KEY=REDACTED&y=2"));
      assertThat(lines()).anySatisfy(l -> assertThat(l).contains("evil.example.com")
          .contains("api_key=REDACTED"));
      assertNoSecretLogged();

      JsonNode counters = http.health(bearer(ALICE)).json().path("security");
      assertThat(counters.path("authFailures").asLong()).isEqualTo(3);
      assertThat(counters.path("scopeDenials").asLong()).isEqualTo(1);
    }
  }

  /**
   * Host and Origin refusals are counted apart from auth failures, and each auth failure by its reason, in the
   * {@code /health} detail and in {@code /metrics}, where every reason is present before its first failure.
   */
  @Test
  void hostAndOriginRefusalsAndAuthFailuresByReasonAreCounted() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> gw.putObject("metrics").put("public", true))) {
      Client http = new Client(gateway.baseUrl());
      assertThat(http.post(PATH, null, SecureHttp.initialize(1)).status()).isEqualTo(401);
      assertThat(http.post(PATH, bearer(WRONG), SecureHttp.initialize(1)).status()).isEqualTo(401);
      assertThat(http.post(PATH, bearer(WRONG), SecureHttp.initialize(1)).status()).isEqualTo(401);
      assertThat(http.post(PATH + "?api_key=" + ALICE, null, SecureHttp.initialize(1)).status()).isEqualTo(401);
      assertThat(SecureHttp.raw(gateway.port(), SecureHttp.postHead(PATH, "evil.example.com", "Authorization: "
          + bearer(ALICE)), SecureHttp.initialize(1)).status()).isEqualTo(403);
      assertThat(http.post(PATH, bearer(ALICE), SecureHttp.initialize(1), Map.of("Origin", "https://evil.example"))
          .status()).isEqualTo(403);

      JsonNode counters = http.health(bearer(ALICE)).json().path("security");
      assertThat(counters.path("authFailures").asLong()).isEqualTo(4);
      assertThat(counters.path("hostRefusals").asLong()).isEqualTo(1);
      assertThat(counters.path("originRefusals").asLong()).isEqualTo(1);
      assertThat(audit()).anySatisfy(l -> assertThat(l).contains("refused").contains("evil.example.com"))
          .anySatisfy(l -> assertThat(l).contains("refused").contains("https://evil.example"));
      String scrape = http.send("GET", "/metrics", Map.of(), null).body();
      assertThat(sample(scrape, "switchboard_security_events_total{reason=\"hostRefusals\"}")).isEqualTo(1);
      assertThat(sample(scrape, "switchboard_security_events_total{reason=\"originRefusals\"}")).isEqualTo(1);
      assertThat(sample(scrape, "switchboard_security_events_total{reason=\"authFailures\"}")).isEqualTo(4);
      Map<String, Double> byReason = Map.of("missing", 1.0, "unknown_key", 2.0, "query_key_disabled", 1.0,
          "invalid_token", 0.0, "revoked", 0.0);
      byReason.forEach((reason, n) -> assertThat(sample(scrape, "switchboard_auth_failures_total{reason=\""
          + reason + "\"}")).as(reason).isEqualTo(n));
    }
  }

  @Test
  void queryKeysThatAreAcceptedAreRedactedToo() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> ((tools.jackson.databind.node.ObjectNode) gw.get("auth"))
        .put("allowQueryKey", true))) {
      Client http = new Client(gateway.baseUrl());
      Reply init = http.post(PATH + "?api_key=" + ALICE, null, SecureHttp.initialize(1));
      assertThat(init.status()).as(init.describe()).isEqualTo(200);
      Reply denied = http.post(PATH + "?api_key=" + NARROW + "#frag", null, SecureHttp.initialize(1));
      assertThat(denied.status()).as(denied.describe()).isEqualTo(403);
      Reply wrong = http.send("GET", PATH + "?api_key=" + WRONG + "&api_key=" + BOB,
          Map.of("Accept", "text/event-stream"), null);
      assertThat(wrong.status()).as(wrong.describe()).isEqualTo(401);
      assertThat(audit()).anySatisfy(l -> assertThat(l).contains("scope denied").contains("api_key=REDACTED"));
      assertNoSecretLogged();
    }
  }

  @Test
  void percentEncodedParameterNamesAreRedactedToo() throws Exception {
    try (TestGateway gateway = SecureHttp.gateway(gw -> ((tools.jackson.databind.node.ObjectNode) gw.get("auth"))
        .put("allowQueryKey", true))) {
      Client http = new Client(gateway.baseUrl());
      Reply denied = http.post(PATH + "?api%5Fkey=" + NARROW, null,
          SecureHttp.initialize(1));
      assertThat(denied.status()).as("accepted as api_key, then out of scope: " + denied.describe()).isEqualTo(403);
      assertNoSecretLogged();
    }
  }
}
