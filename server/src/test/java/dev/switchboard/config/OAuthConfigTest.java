package dev.switchboard.config;

import static dev.switchboard.config.ConfigLoaderTest.invalid;
import static dev.switchboard.config.ConfigLoaderTest.parse;
import static dev.switchboard.config.ConfigLoaderTest.problemAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code gateway.auth.oauth}: what it reads, its defaults, and the settings it refuses. */
class OAuthConfigTest {
  private static String config(String oauth) {
    return "{\"mcpServers\":{},\"gateway\":{\"auth\":{\"oauth\":" + oauth + "}}}";
  }

  @Test
  void aFullSectionIsRead() {
    OAuthSettings o = parse(config("""
        {"issuers":["https://as.example"],"resource":"https://gw.example/","audiencePerServer":true,
         "jwksUri":"https://as.example/jwks","algorithms":["ES256"],"clockSkew":"5s","jwksMinRefresh":"1m",
         "jwksMaxAge":"1h","scopes":{"github":"mcp:github repo","*":["mcp"]},
         "introspection":{"endpoint":"https://as.example/introspect","clientId":"gw","clientSecret":"pw"}}"""))
        .gateway()
        .security().oauth();
    assertThat(o).isNotNull();
    assertThat(o.issuers()).containsExactly("https://as.example");
    assertThat(o.resource()).isEqualTo("https://gw.example");
    assertThat(o.audience("github")).isEqualTo("https://gw.example/mcp/github");
    assertThat(o.metadataUrl("github")).isEqualTo("https://gw.example/.well-known/oauth-protected-resource/mcp/github");
    assertThat(o.jwksUri()).isEqualTo(URI.create("https://as.example/jwks"));
    assertThat(o.algorithms()).containsExactly("ES256");
    assertThat(o.clockSkew()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.jwksMinRefresh()).isEqualTo(Duration.ofMinutes(1));
    assertThat(o.scopes().required("github")).containsExactly("mcp:github", "repo");
    assertThat(o.scopes().required("other")).containsExactly("mcp");
    assertThat(o.scopes().required("metrics")).isNull();
    assertThat(o.introspection().toString()).doesNotContain("pw");
  }

  @Test
  void defaultsAreAsymmetricAlgorithmsAMinuteOfSkewAndBoundedRefresh() {
    GatewaySettings g = parse(config("""
        {"issuer":"https://as.example","resource":"https://gw.example","jwksUri":"https://as.example/jwks"}"""))
        .gateway();
    OAuthSettings o = g.security().oauth();
    assertThat(o.algorithms()).isEqualTo(OAuthSettings.ASYMMETRIC);
    assertThat(o.clockSkew()).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.jwksMinRefresh()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.audience("github")).isEqualTo("https://gw.example");
    assertThat(g.security().authRequired()).as("OAuth alone requires credentials").isTrue();
  }

  @Test
  void theIntrospectionCacheDefaultsToAMinuteAndTenThousandAnswersAndCanBeTurnedOff() {
    OAuthSettings.Introspection byDefault = parse(config("""
        {"issuer":"https://as.example","resource":"https://gw.example",
         "introspection":{"endpoint":"https://as.example/introspect"}}""")).gateway().security().oauth()
        .introspection();
    assertThat(byDefault.cacheTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(byDefault.cacheSize()).isEqualTo(10_000);
    OAuthSettings.Introspection off = parse(config("""
        {"issuer":"https://as.example","resource":"https://gw.example",
         "introspection":{"endpoint":"https://as.example/introspect","cacheTtl":"0s","cacheSize":50}}"""))
        .gateway().security().oauth().introspection();
    assertThat(off.cacheTtl()).isZero();
    assertThat(off.cacheSize()).isEqualTo(50);
  }

  @Test
  void aLongCacheTtlOrAnEmptyCacheIsRefused() {
    ConfigException e = invalid(config("""
        {"issuer":"https://as.example","resource":"https://gw.example",
         "introspection":{"endpoint":"https://as.example/introspect","cacheTtl":"2h","cacheSize":0}}"""));
    assertThat(problemAt(e, "$.gateway.auth.oauth.introspection.cacheTtl").toString()).contains("at most 1h");
    assertThat(problemAt(e, "$.gateway.auth.oauth.introspection.cacheSize").toString()).contains("from 1 to");
  }

  @Test
  void noneAndHmacAlgorithmsAreRefused() {
    ConfigException e = invalid(config("""
        {"issuer":"https://as.example","resource":"https://gw.example","jwksUri":"https://as.example/jwks",
         "algorithms":["none","HS256"]}"""));
    assertThat(e.problems()).filteredOn(p -> p.path().equals("$.gateway.auth.oauth.algorithms"))
        .extracting(ConfigException.Problem::message).hasSize(2)
        .anyMatch(m -> m.contains("unsigned tokens prove nothing")).anyMatch(m -> m.contains("shared secret"));
  }

  @Test
  void issuerResourceAndAKeySourceAreRequired() {
    ConfigException e = invalid(config("{\"resource\":\"gw.example\"}"));
    assertThat(problemAt(e, "$.gateway.auth.oauth").toString()).contains("issuer");
    assertThat(problemAt(e, "$.gateway.auth.oauth.resource").toString()).contains("absolute http(s) URL");
    assertThat(e.problems()).anyMatch(p -> p.toString().contains("jwksUri"));
  }

  @Test
  void aKeyMayNotTakeAnOAuthPrincipalsName() {
    ConfigException e = invalid("""
        {"mcpServers":{},"gateway":{"auth":{"keys":[{"name":"oauth:alice","key":"0123456789abcdef0123"}]}}}""");
    assertThat(problemAt(e, "$.gateway.auth.keys[0].name").toString()).contains("oauth:");
  }

  @Test
  void unknownKeysAreReported() {
    ConfigException e = invalid(config("""
        {"issuer":"https://as.example","resource":"https://gw.example","jwksUri":"https://as.example/jwks",
         "audiences":["x"]}"""));
    assertThat(problemAt(e, "$.gateway.auth.oauth.audiences").toString()).contains("unknown key");
  }
}
