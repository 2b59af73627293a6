package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ApiKey;
import dev.switchboard.config.SecuritySettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthenticatorTest {
  private static final String ALICE = "alice-secret-0123456789abcdef";
  private static final String BOB = "bob-secret-0123456789abcdef";
  private static final ApiKey ALICE_KEY = ApiKey.ofSecret("alice", ALICE, List.of("*"));
  private static final ApiKey BOB_KEY = new ApiKey("bob", ApiKey.ofSecret("x", BOB, List.of()).sha256Hex(),
      List.of("fixture"));

  private static Authenticator with(boolean allowQueryKey, ApiKey... keys) {
    return new Authenticator(new SecuritySettings(List.of(keys), allowQueryKey, 0, 0, 1000, List.of(), false, null,
        false));
  }

  private static Principal granted(Authenticator.Result r) {
    assertThat(r).isInstanceOf(Authenticator.Result.Granted.class);
    return ((Authenticator.Result.Granted) r).principal();
  }

  private static Authenticator.Result.Denied denied(Authenticator.Result r) {
    assertThat(r).isInstanceOf(Authenticator.Result.Denied.class);
    return (Authenticator.Result.Denied) r;
  }

  @Test
  void withoutKeysEveryoneIsAnonymousAndNothingIsRequired() {
    Authenticator a = with(false);
    assertThat(a.required()).isFalse();
    assertThat(granted(a.authenticate(null, null))).isEqualTo(Principal.ANONYMOUS);
    assertThat(granted(a.authenticate("Bearer anything", "anything"))).isEqualTo(Principal.ANONYMOUS);
    assertThat(Principal.ANONYMOUS.allows("any-server")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer " + ALICE, "bearer " + ALICE, "BEARER " + ALICE, ALICE, "  Bearer   " + ALICE + "  ",
      " " + ALICE + "\t"})
  void everyAcceptedHeaderFormFindsTheKey(String header) {
    Authenticator a = with(false, BOB_KEY, ALICE_KEY);
    assertThat(a.required()).isTrue();
    Principal p = granted(a.authenticate(header, null));
    assertThat(p.name()).isEqualTo("alice");
    assertThat(p.key()).isEqualTo(ALICE_KEY);
  }

  @Test
  void aKeyConfiguredAsADigestMatchesItsSecretAndCarriesItsScope() {
    Principal p = granted(with(false, ALICE_KEY, BOB_KEY).authenticate("Bearer " + BOB, null));
    assertThat(p.name()).isEqualTo("bob");
    assertThat(p.allows("fixture")).isTrue();
    assertThat(p.allows("other")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer wrong-key-0123456789abcdef", "Basic YWxpY2U6c2VjcmV0", "Bearer",
      "Bearer " + ALICE + "x", "Token " + ALICE, "Bearer ALICE-SECRET-0123456789ABCDEF"})
  void wrongKeysAreDeniedAsPresented(String header) {
    Authenticator.Result.Denied d = denied(with(false, ALICE_KEY).authenticate(header, null));
    assertThat(d.presented()).isTrue();
    assertThat(d.failure()).isEqualTo(AuthFailure.UNKNOWN_KEY);
    assertThat(d.reason()).doesNotContain(ALICE).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void anEmptyHeaderIsNoKey(String header) {
    Authenticator.Result.Denied d = denied(with(false, ALICE_KEY).authenticate(header, null));
    assertThat(d.presented()).isFalse();
  }

  @Test
  void noCredentialIsDeniedAsNotPresented() {
    Authenticator.Result.Denied d = denied(with(true, ALICE_KEY).authenticate(null, null));
    assertThat(d.presented()).isFalse();
    assertThat(d.failure()).isEqualTo(AuthFailure.MISSING);
    assertThat(d.reason()).isEqualTo("no API key");
  }

  @Test
  void queryKeysOnlyWhenAllowed() {
    Authenticator.Result.Denied off = denied(with(false, ALICE_KEY).authenticate(null, ALICE));
    assertThat(off.presented()).isTrue();
    assertThat(off.failure()).isEqualTo(AuthFailure.QUERY_KEY_DISABLED);
    assertThat(off.reason()).contains("allowQueryKey").doesNotContain(ALICE);
    assertThat(granted(with(true, ALICE_KEY).authenticate(null, ALICE)).name()).isEqualTo("alice");
    assertThat(denied(with(true, ALICE_KEY).authenticate(null, "nope")).presented()).isTrue();
    assertThat(denied(with(true, ALICE_KEY).authenticate(null, "")).presented()).isFalse();
  }

  @Test
  void theHeaderWinsOverTheQuery() {
    Authenticator a = with(true, ALICE_KEY, BOB_KEY);
    assertThat(denied(a.authenticate("Bearer wrong-key-0123456789abcdef", ALICE)).presented()).isTrue();
    assertThat(granted(a.authenticate("Bearer " + BOB, ALICE)).name()).isEqualTo("bob");
  }

  @Test
  void theFirstOfTwoKeysWithTheSameSecretWins() {
    ApiKey twin = ApiKey.ofSecret("twin", ALICE, List.of("other"));
    assertThat(granted(with(false, ALICE_KEY, twin).authenticate(ALICE, null)).name()).isEqualTo("alice");
    assertThat(granted(with(false, twin, ALICE_KEY).authenticate(ALICE, null)).name()).isEqualTo("twin");
  }

  @Test
  void principalOfAKeyHasItsNameAndScope() {
    Principal p = Principal.of(BOB_KEY);
    assertThat(p.name()).isEqualTo("bob");
    assertThat(p.allows("fixture")).isTrue();
    assertThat(p.allows("nope")).isFalse();
    assertThat(p.toString()).doesNotContain(BOB_KEY.sha256Hex());
  }
}
