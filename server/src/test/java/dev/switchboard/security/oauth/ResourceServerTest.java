package dev.switchboard.security.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.switchboard.config.OAuthSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Token validation against keys made here, without sockets: every way a token can be wrong is refused. */
class ResourceServerTest {
  private static final String GW = "https://gw.test";
  private static TestIssuer issuer;

  @BeforeAll
  static void keys() throws Exception {
    issuer = TestIssuer.inMemory();
  }

  @AfterAll
  static void close() {
    issuer.close();
  }

  static OAuthSettings settings(String issuerUrl, boolean perServer, Duration minRefresh) {
    return new OAuthSettings(List.of(issuerUrl), GW + "/", perServer, URI.create("https://issuer.test/jwks"),
        OAuthSettings.ASYMMETRIC, Duration.ofSeconds(30), minRefresh, Duration.ofMinutes(10),
        new OAuthSettings.ScopeRules(Map.of("github", List.of("mcp:github"), "*", List.of("mcp"))), null);
  }

  private static ResourceServer server(boolean perServer) {
    OAuthSettings s = settings(issuer.issuer(), perServer, Duration.ZERO);
    return new ResourceServer(s, new JwksCache(issuer::fetch, s.jwksMinRefresh(), s.jwksMaxAge(), System::nanoTime),
        HttpClient.newHttpClient(), new IntrospectionTally());
  }

  private static String reason(Verdict v) {
    assertThat(v).isInstanceOf(Verdict.Invalid.class);
    return ((Verdict.Invalid) v).reason();
  }

  @Test
  void aGoodTokenGrantsItsSubjectClientAndScopes() throws Exception {
    Verdict v = server(false).check(issuer.token("alice", GW, "mcp mcp:github"), "github");
    assertThat(v).isInstanceOf(Verdict.Valid.class);
    Grant g = ((Verdict.Valid) v).grant();
    assertThat(g.subject()).isEqualTo("alice");
    assertThat(g.clientId()).isEqualTo(TestIssuer.CLIENT);
    assertThat(g.scopes()).containsExactlyInAnyOrder("mcp", "mcp:github");
    assertThat(g.principalName()).isEqualTo("oauth:alice (test-client)");
    assertThat(g.allows("github")).isTrue();
    assertThat(g.allows("admin")).as("reserved names need a rule of their own").isFalse();
  }

  @Test
  void anEcSignedAtJwtTokenWithAnScpListIsAccepted() throws Exception {
    JWTClaimsSet claims = TestIssuer.with(issuer.claims("bob", GW, "ignored"), c -> c.claim("scope", null)
        .claim("scp", List.of("mcp")));
    Verdict v = server(false).check(issuer.es256(claims), "fixture");
    assertThat(((Verdict.Valid) v).grant().scopes()).isEqualTo(Set.of("mcp"));
  }

  @Test
  void aTokenMissingTheServersScopeIsValidButNotAllowedThere() throws Exception {
    Grant g = ((Verdict.Valid) server(false).check(issuer.token("carol", GW, "mcp"), "github")).grant();
    assertThat(g.allows("fixture")).isTrue();
    assertThat(g.allows("github")).isFalse();
  }

  @Test
  void expiredTokensAreRefusedBeyondTheClockSkew() throws Exception {
    Date past = Date.from(java.time.Instant.now().minusSeconds(120));
    String token = issuer.rs256(TestIssuer.with(issuer.claims("a", GW, "mcp"), c -> c.expirationTime(past)));
    assertThat(reason(server(false).check(token, "fixture"))).containsIgnoringCase("expired");
    Date justNow = Date.from(java.time.Instant.now().minusSeconds(10));
    String within = issuer.rs256(TestIssuer.with(issuer.claims("a", GW, "mcp"), c -> c.expirationTime(justNow)));
    assertThat(server(false).check(within, "fixture")).isInstanceOf(Verdict.Valid.class);
  }

  @Test
  void theAudienceMustNameThisGatewayOrWithPerServerAudiencesTheServer() throws Exception {
    assertThat(reason(server(false).check(issuer.token("a", "https://other.test", "mcp"), "fixture")))
        .contains("audience");
    assertThat(reason(server(true).check(issuer.token("a", GW, "mcp"), "fixture"))).contains(GW + "/mcp/fixture");
    assertThat(server(true).check(issuer.token("a", GW + "/mcp/fixture", "mcp"), "fixture"))
        .isInstanceOf(Verdict.Valid.class);
    assertThat(reason(server(true).check(issuer.token("a", GW + "/mcp/fixture", "mcp"), "github")))
        .as("a token for one server is not good for another").contains("audience");
  }

  @Test
  void anotherIssuerIsRefused() throws Exception {
    String token = issuer.rs256(TestIssuer.with(issuer.claims("a", GW, "mcp"), c -> c.issuer("https://evil.test")));
    assertThat(reason(server(false).check(token, "fixture"))).contains("issuer");
  }

  @Test
  void forgedUnsignedAndKeyConfusedTokensAreRefused() throws Exception {
    JWTClaimsSet claims = issuer.claims("mallory", GW, "mcp mcp:github").build();
    ResourceServer rs = server(false);
    assertThat(reason(rs.check(issuer.forged(claims), "fixture"))).containsIgnoringCase("signature");
    assertThat(reason(rs.check(TestIssuer.unsigned(claims), "fixture"))).containsIgnoringCase("unsecured");
    assertThat(reason(rs.check(issuer.hs256WithPublicKey(claims), "fixture")))
        .containsIgnoringCase("algorithm");
  }

  @Test
  void aTokenWithoutSubjectOrExpiryIsRefused() throws Exception {
    String noSub = issuer.rs256(TestIssuer.with(issuer.claims("x", GW, "mcp"), c -> c.subject(null)));
    String noExp = issuer.rs256(TestIssuer.with(issuer.claims("x", GW, "mcp"), c -> c.expirationTime(null)));
    assertThat(reason(server(false).check(noSub, "fixture"))).contains("sub");
    assertThat(reason(server(false).check(noExp, "fixture"))).contains("exp");
  }

  @Test
  void notAJwtWithoutIntrospectionIsRefused() {
    assertThat(reason(server(false).check("just-some-opaque-string", "fixture"))).contains("introspection");
  }

  @Test
  void challengesNameTheMetadataAndTheScope() {
    ResourceServer flat = server(false);
    assertThat(flat.unauthorized("github", false)).isEqualTo("Bearer resource_metadata=\""
        + "https://gw.test/.well-known/oauth-protected-resource\", scope=\"mcp:github\"");
    assertThat(flat.unauthorized(null, true)).isEqualTo("Bearer resource_metadata=\""
        + "https://gw.test/.well-known/oauth-protected-resource\", error=\"invalid_token\"");
    assertThat(server(true).insufficientScope("github")).isEqualTo("Bearer error=\"insufficient_scope\", "
        + "scope=\"mcp:github\", resource_metadata=\"https://gw.test/.well-known/oauth-protected-resource/mcp/github\"");
  }

  @Test
  void metadataDocumentsExistForTheGatewayAndPerServer() {
    ResourceServer perServer = server(true);
    var root = perServer.metadata(OAuthSettings.WELL_KNOWN, n -> true).orElseThrow();
    assertThat(root.path("resource").asString()).isEqualTo(GW);
    assertThat(root.path("authorization_servers").path(0).asString()).isEqualTo(issuer.issuer());
    assertThat(root.path("scopes_supported").toString()).isEqualTo("[\"mcp\",\"mcp:github\"]");
    var one = perServer.metadata(OAuthSettings.WELL_KNOWN + "/mcp/github", n -> true).orElseThrow();
    assertThat(one.path("resource").asString()).isEqualTo(GW + "/mcp/github");
    assertThat(one.path("scopes_supported").toString()).isEqualTo("[\"mcp:github\"]");
    assertThat(perServer.metadata(OAuthSettings.WELL_KNOWN + "/mcp/nope", "github"::equals)).isEmpty();
    assertThat(server(false).metadata(OAuthSettings.WELL_KNOWN + "/mcp/github", n -> true))
        .as("one audience for all: no per-server document").isEmpty();
  }
}
