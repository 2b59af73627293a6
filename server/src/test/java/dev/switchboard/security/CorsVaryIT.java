package dev.switchboard.security;

import static dev.switchboard.security.SecureHttp.ALICE;
import static dev.switchboard.security.SecureHttp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.security.SecureHttp.Client;
import dev.switchboard.security.SecureHttp.Reply;
import dev.switchboard.testing.TestGateway;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code Vary: Origin} is sent exactly once on every CORS answer — preflights (which are decorated twice on their
 * way through the handler) and ordinary answers — for named and wildcard origins.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CorsVaryIT {
  private static final String PATH = "/mcp/fixture";
  private static final String APP = "https://app.example.com";

  private static TestGateway named;
  private static TestGateway wildcard;

  @BeforeAll
  static void start() throws Exception {
    named = SecureHttp.gateway(gw -> gw.putObject("cors").putArray("origins").add(APP));
    wildcard = SecureHttp.gateway(gw -> gw.putObject("cors").putArray("origins").add("*"));
  }

  @AfterAll
  static void stop() {
    for (TestGateway g : new TestGateway[] {named, wildcard}) {
      if (g != null) {
        g.close();
      }
    }
  }

  /** Every token of every {@code Vary} header line, e.g. {@code [origin]} or {@code [origin, origin]}. */
  private static List<String> varyTokens(Reply reply) {
    return reply.headerValues("Vary").stream().flatMap(v -> Arrays.stream(v.split(",")))
        .map(t -> t.trim().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty()).toList();
  }

  private static Reply preflight(TestGateway gateway, String origin) throws Exception {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Origin", origin);
    h.put("Access-Control-Request-Method", "POST");
    h.put("Access-Control-Request-Headers", "authorization, content-type");
    return new Client(gateway.baseUrl()).send("OPTIONS", PATH, h, null);
  }

  @Test
  void aPreflightForANamedOriginVariesOnOriginOnce() throws Exception {
    Reply r = preflight(named, APP);
    assertThat(r.status()).as(r.describe()).isEqualTo(204);
    assertThat(varyTokens(r)).as("Vary of %s", r.headers()).filteredOn("origin"::equals).hasSize(1);
  }

  @Test
  void aPreflightForAWildcardOriginVariesOnOriginOnce() throws Exception {
    Reply r = preflight(wildcard, "https://anywhere.example.org");
    assertThat(r.status()).as(r.describe()).isEqualTo(204);
    assertThat(varyTokens(r)).as("Vary of %s", r.headers()).filteredOn("origin"::equals).hasSize(1);
  }

  @Test
  void anOrdinaryAnswerVariesOnOriginOnce() throws Exception {
    Reply r = new Client(named.baseUrl()).post(PATH, bearer(ALICE), SecureHttp.initialize(1), Map.of("Origin", APP));
    assertThat(r.status()).as(r.describe()).isEqualTo(200);
    assertThat(r.header("Access-Control-Allow-Origin")).hasValue(APP);
    assertThat(varyTokens(r)).as("Vary of %s", r.headers()).filteredOn("origin"::equals).hasSize(1);
  }
}
