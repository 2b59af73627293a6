package dev.switchboard.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ApiKey;
import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigException;
import dev.switchboard.security.Authenticator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The admin token is a key exactly when keys are on, and the name it goes by cannot be taken by a config. */
class CliKeyTest {
  private static Config withKey(String name) {
    Config config = Config.defaults();
    var gw = config.gateway();
    return config.withGateway(gw.withSecurity(gw.security().withKey(ApiKey.ofSecret(name, "secret", List.of("a")))));
  }

  @Test
  void withKeysOnTheAdminTokenAuthenticatesForEveryServer() {
    Config granted = CliKey.grant(withKey("someone"), "token");
    var result = new Authenticator(granted.gateway().security()).authenticate("Bearer token", null);
    assertThat(result).isInstanceOfSatisfying(Authenticator.Result.Granted.class,
        g -> assertThat(g.principal().allows("anything")).isTrue());
  }

  @Test
  void withKeysOffNothingChanges() {
    Config config = Config.defaults();
    assertThat(CliKey.grant(config, "token")).isSameAs(config);
  }

  @Test
  void aConfiguredKeyMayNotTakeTheReservedName() {
    assertThatThrownBy(() -> CliKey.grant(withKey(CliKey.NAME), "token")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("reserved");
  }
}
