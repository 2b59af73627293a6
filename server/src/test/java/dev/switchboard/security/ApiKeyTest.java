package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ApiKey;
import dev.switchboard.config.SecuritySettings;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** API keys, and how {@code SWITCHBOARD_API_KEY} becomes one (ConfigOptions: ofSecret("env", …) + withKey). */
class ApiKeyTest {
  private static final String SECRET = "team-secret-0123456789abcdef";
  private static final String DIGEST = HexFormat.of().formatHex(ApiKey.sha256(SECRET));

  @Test
  void aSecretIsKeptOnlyAsItsSha256() {
    ApiKey key = ApiKey.ofSecret("team", SECRET, List.of("*"));
    assertThat(key.sha256Hex()).isEqualTo(DIGEST).hasSize(64).doesNotContain(SECRET);
    assertThat(key.matches(ApiKey.sha256(SECRET))).isTrue();
    assertThat(key.matches(ApiKey.sha256(SECRET + " "))).isFalse();
    assertThat(key.matches(new byte[0])).isFalse();
  }

  @Test
  void theSha256FormMatchesTheSameSecretWhateverTheCaseOfItsHex() {
    ApiKey lower = new ApiKey("a", DIGEST, List.of("*"));
    ApiKey upper = new ApiKey("a", DIGEST.toUpperCase(Locale.ROOT), List.of("*"));
    assertThat(upper.sha256Hex()).isEqualTo(DIGEST);
    assertThat(lower.matches(ApiKey.sha256(SECRET))).isTrue();
    assertThat(upper.matches(ApiKey.sha256(SECRET))).isTrue();
    assertThat(upper).isEqualTo(lower);
  }

  @Test
  void toStringNeverLeaksTheDigest() {
    ApiKey key = ApiKey.ofSecret("team", SECRET, List.of("fixture"));
    assertThat(key.toString()).contains("team").contains("fixture").doesNotContain(DIGEST)
        .doesNotContain(DIGEST.substring(0, 16)).doesNotContain(SECRET);
    assertThat(Principal.of(key).toString()).doesNotContain(DIGEST).doesNotContain(SECRET);
  }

  @Test
  void scopes() {
    assertThat(ApiKey.ofSecret("a", SECRET, List.of("*")).allows("anything")).isTrue();
    ApiKey scoped = ApiKey.ofSecret("a", SECRET, List.of("one", "two"));
    assertThat(scoped.allows("one")).isTrue();
    assertThat(scoped.allows("two")).isTrue();
    assertThat(scoped.allows("three")).isFalse();
    assertThat(scoped.allows("*")).isFalse();
    assertThat(ApiKey.ofSecret("a", SECRET, List.of()).allows("one")).isFalse();
  }

  @Test
  void scopesAreImmutableCopies() {
    var servers = new java.util.ArrayList<>(List.of("one"));
    ApiKey key = ApiKey.ofSecret("a", SECRET, servers);
    servers.add("two");
    assertThat(key.allows("two")).isFalse();
  }

  @Test
  void theEnvironmentKeyIsAddedToTheConfiguredOnes() {
    ApiKey configured = ApiKey.ofSecret("alice", "alice-secret-0123456789", List.of("fixture"));
    SecuritySettings fromFile = SecuritySettings.DEFAULTS.withKey(configured);
    assertThat(SecuritySettings.DEFAULTS.authRequired()).isFalse();
    assertThat(fromFile.authRequired()).isTrue();

    SecuritySettings withEnv = fromFile.withKey(ApiKey.ofSecret("env", SECRET.strip(), List.of("*")));
    assertThat(withEnv.keys()).extracting(ApiKey::name).containsExactly("alice", "env");
    assertThat(fromFile.keys()).hasSize(1); // immutable: a copy was made
    assertThat(withEnv.maxSessionsPerKey()).isEqualTo(fromFile.maxSessionsPerKey());
    Authenticator auth = new Authenticator(withEnv);
    var granted = (Authenticator.Result.Granted) auth.authenticate("Bearer " + SECRET, null);
    assertThat(granted.principal().name()).isEqualTo("env");
    assertThat(granted.principal().allows("any-server")).isTrue();
    assertThat(withEnv.withInsecureNoAuth(true).keys()).hasSize(2);
  }

  @Test
  void settingsListsAreImmutable() {
    SecuritySettings s = SecuritySettings.DEFAULTS.withKey(ApiKey.ofSecret("a", SECRET, List.of("*")));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.keys().add(ApiKey.ofSecret("b", "x", List.of())))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aDuplicateKeyNameIsRefused() {
    SecuritySettings s = SecuritySettings.DEFAULTS.withKey(ApiKey.ofSecret("env", "first-secret-0123456789",
        List.of("fixture")));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.withKey(ApiKey.ofSecret("env", SECRET,
        List.of("*")))).isInstanceOf(IllegalArgumentException.class);
  }
}
