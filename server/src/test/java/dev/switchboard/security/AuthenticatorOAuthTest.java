package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ApiKey;
import dev.switchboard.config.OAuthSettings;
import dev.switchboard.config.SecuritySettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys and OAuth together: which presented values are keys, which are checked as access tokens, which neither. */
class AuthenticatorOAuthTest {
  private static final String ALICE = "alice-secret-0123456789abcdef";
  /** Nothing listens on the discard port: a token check fails fast, without a key. */
  private static final OAuthSettings OAUTH = new OAuthSettings(List.of("https://as.test"), "https://gw.test", false,
      URI.create("http://127.0.0.1:9/jwks"), OAuthSettings.ASYMMETRIC, Duration.ofSeconds(30), Duration.ofSeconds(30),
      Duration.ofMinutes(10), OAuthSettings.ScopeRules.NONE, null);

  private static Authenticator authenticator(boolean allowQueryKey) {
    SecuritySettings s = new SecuritySettings(List.of(ApiKey.ofSecret("alice", ALICE, List.of("*"))), allowQueryKey,
        0, 0, 1000, List.of(), false, null, false, false, OAUTH);
    return new Authenticator(s);
  }

  private static String reason(Authenticator.Result r) {
    assertThat(r).isInstanceOf(Authenticator.Result.Denied.class);
    return ((Authenticator.Result.Denied) r).reason();
  }

  @Test
  void aConfiguredKeyIsAKeyEvenWithOAuthOn() {
    var r = authenticator(false).authenticate("Bearer " + ALICE, null, "fixture");
    assertThat(((Authenticator.Result.Granted) r).principal().name()).isEqualTo("alice");
  }

  @Test
  void onlyABearerTokenIsCheckedAsAnAccessToken() {
    Authenticator a = authenticator(true);
    assertThat(reason(a.authenticate("Bearer a.b.c", null, "fixture"))).contains("access token");
    assertThat(((Authenticator.Result.Denied) a.authenticate("Bearer a.b.c", null, "fixture")).failure())
        .isEqualTo(AuthFailure.INVALID_TOKEN);
    assertThat(reason(a.authenticate("Basic YWxpY2U6cHc=", null, "fixture"))).isEqualTo("unknown API key");
    assertThat(reason(a.authenticate("a.b.c", null, "fixture"))).as("bare: a key or nothing")
        .isEqualTo("unknown API key");
    assertThat(reason(a.authenticate("Bearer not a token!", null, "fixture"))).isEqualTo("unknown API key");
    assertThat(reason(a.authenticate(null, "a.b.c", "fixture"))).as("never from the URL")
        .isEqualTo("unknown API key");
  }

  @Test
  void oauthAloneRequiresCredentials() {
    Authenticator a = new Authenticator(new SecuritySettings(List.of(), false, 0, 0, 1000, List.of(), false, null,
        false, false, OAUTH));
    assertThat(a.required()).isTrue();
    var none = (Authenticator.Result.Denied) a.authenticate(null, null, "fixture");
    assertThat(none.presented()).isFalse();
    assertThat(none.reason()).isEqualTo("no API key or access token");
  }
}
