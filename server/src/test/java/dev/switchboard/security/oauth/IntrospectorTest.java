package dev.switchboard.security.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.OAuthSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Opaque tokens introspected over HTTP at a test authorization server on 127.0.0.1 that counts round trips, with a
 * clock moved by hand: cached answers are checked again on every use, and failures are not remembered.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IntrospectorTest {
  private static final String GW = "https://gw.test";
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
  private static TestIssuer issuer;
  private Introspector introspector;
  private int before;

  @BeforeAll
  static void serve() throws Exception {
    issuer = TestIssuer.serving();
  }

  @AfterAll
  static void close() {
    issuer.close();
  }

  @BeforeEach
  void start() {
    issuer.introspectionStatus(200);
    before = issuer.introspections();
    OAuthSettings settings = new OAuthSettings(List.of(issuer.issuer()), GW, true, null, OAuthSettings.ASYMMETRIC,
        Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(10),
        new OAuthSettings.ScopeRules(Map.of("*", List.of("mcp"))),
        new OAuthSettings.Introspection(URI.create(issuer.introspectionUri()), "gw", "s3cret"));
    introspector = new Introspector(settings, settings.introspection(), HttpClient.newHttpClient(), now::get,
        new IntrospectionTally());
  }

  private int roundTrips() {
    return issuer.introspections() - before;
  }

  private String answer(String audience, long expSeconds) {
    return "{\"active\":true,\"iss\":\"" + issuer.issuer() + "\",\"sub\":\"olga\",\"aud\":\"" + audience
        + "\",\"scope\":\"mcp\",\"exp\":" + expSeconds + "}";
  }

  private String activeFor(String server) {
    return issuer.opaque(answer(GW + "/mcp/" + server, now.get().getEpochSecond() + 3600));
  }

  @Test
  void theSameTokenAgainIsAnsweredWithoutARoundTrip() {
    String token = activeFor("github");
    assertThat(introspector.introspect(token, GW + "/mcp/github")).isInstanceOf(Verdict.Valid.class);
    Verdict again = introspector.introspect(token, GW + "/mcp/github");
    assertThat(((Verdict.Valid) again).grant().principalName()).isEqualTo("oauth:olga");
    assertThat(roundTrips()).isEqualTo(1);
  }

  @Test
  void aCachedAnswerIsStillCheckedAgainstEachAudience() {
    String token = activeFor("github");
    assertThat(introspector.introspect(token, GW + "/mcp/github")).isInstanceOf(Verdict.Valid.class);
    assertThat(introspector.introspect(token, GW + "/mcp/other")).isInstanceOf(Verdict.Invalid.class);
    assertThat(roundTrips()).isEqualTo(1);
  }

  @Test
  void aServerFailureIsNotCached() {
    String token = activeFor("github");
    issuer.introspectionStatus(500);
    assertThat(introspector.introspect(token, GW + "/mcp/github")).isInstanceOf(Verdict.Invalid.class);
    issuer.introspectionStatus(200);
    assertThat(introspector.introspect(token, GW + "/mcp/github")).isInstanceOf(Verdict.Valid.class);
    assertThat(roundTrips()).isEqualTo(2);
  }

  @Test
  void anInactiveAnswerIsAskedAgainNextTime() {
    String token = issuer.opaque("{\"active\":false}");
    assertThat(introspector.introspect(token, GW + "/mcp/github")).isInstanceOf(Verdict.Invalid.class);
    issuer.describe(token, answer(GW + "/mcp/github", now.get().getEpochSecond() + 3600));
    assertThat(introspector.introspect(token, GW + "/mcp/github")).isInstanceOf(Verdict.Valid.class);
    assertThat(roundTrips()).isEqualTo(2);
  }

  @Test
  void afterTheTtlTheServerIsAskedAgainAndARevocationTakesHold() {
    String token = activeFor("github");
    introspector.introspect(token, GW + "/mcp/github");
    issuer.describe(token, "{\"active\":false}"); // revoked
    now.set(now.get().plusSeconds(59));
    assertThat(introspector.introspect(token, GW + "/mcp/github")).as("within the TTL")
        .isInstanceOf(Verdict.Valid.class);
    now.set(now.get().plusSeconds(1));
    assertThat(introspector.introspect(token, GW + "/mcp/github")).isInstanceOf(Verdict.Invalid.class);
    assertThat(roundTrips()).isEqualTo(2);
  }
}
