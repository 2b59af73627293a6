package dev.switchboard.config;

import static dev.switchboard.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void defaults() {
    Config config = Config.defaults();
    assertThat(config.servers()).containsKeys(Config.BUILTIN_NAME, "review");
    assertThat(config.servers().get("review").builtin()).isEqualTo("review");
    assertThat(config.servers().containsKey("notes")).isEqualTo(java.nio.file.Files.isDirectory(
        java.nio.file.Path.of(System.getProperty("user.home"), "notes")));
    ServerSpec builtin = config.servers().get("switchboard");
    assertThat(builtin.isBuiltin()).isTrue();
    assertThat(builtin.builtin()).isEqualTo("switchboard");
    assertThat(builtin.command()).isNull();
    assertThat(builtin.args()).isEmpty();
    assertThat(builtin.env()).isEmpty();
    assertThat(builtin.cwd()).isNull();
    assertThat(config.gateway().host()).isEqualTo("127.0.0.1");
    assertThat(config.gateway().port()).isEqualTo(7182).isEqualTo(GatewaySettings.DEFAULT_PORT);
    assertThat(config.source()).isNull();
    assertThat(config.defaultServer()).contains("switchboard");
  }

  @Test
  void serversAreUnmodifiable() {
    Config config = parse("{\"mcpServers\":{\"a\":{\"command\":\"x\"}}}");
    assertThatThrownBy(() -> config.servers().remove("a")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void constructorAddsBuiltinWithoutTouchingTheCallersMap() {
    Map<String, ServerSpec> mine = new java.util.LinkedHashMap<>();
    Config config = new Config(mine, GatewaySettings.defaults(), null);
    assertThat(mine).isEmpty();
    assertThat(config.servers()).containsOnlyKeys("switchboard");
  }

  @Test
  void defaultServerExplicit() {
    Config config = parse("{\"mcpServers\":{\"a\":{\"command\":\"x\"},\"b\":{\"command\":\"y\"}},"
        + "\"gateway\":{\"defaultServer\":\"b\"}}");
    assertThat(config.defaultServer()).contains("b");
  }

  @Test
  void defaultServerOnlyConfiguredOne() {
    assertThat(parse("{\"mcpServers\":{\"a\":{\"command\":\"x\"}}}").defaultServer()).contains("a");
  }

  @Test
  void defaultServerOnlyConfiguredOneAmongDisabled() {
    assertThat(parse("{\"mcpServers\":{\"a\":{\"command\":\"x\"},\"b\":{\"command\":\"y\",\"disabled\":true}}}")
        .defaultServer()).contains("a");
  }

  @Test
  void defaultServerNoneConfiguredIsBuiltin() {
    assertThat(parse("{\"mcpServers\":{}}").defaultServer()).contains("switchboard");
    assertThat(parse("{\"mcpServers\":{\"b\":{\"command\":\"y\",\"disabled\":true}}}").defaultServer())
        .contains("switchboard");
  }

  @Test
  void defaultServerSeveralIsEmpty() {
    assertThat(parse("{\"mcpServers\":{\"a\":{\"command\":\"x\"},\"b\":{\"command\":\"y\"}}}").defaultServer())
        .isEmpty();
  }

  @Test
  void explicitBuiltinEntryCountsAsConfigured() {
    assertThat(parse("{\"mcpServers\":{\"switchboard\":{\"builtin\":\"switchboard\"}}}").defaultServer())
        .contains("switchboard");
    assertThat(parse("{\"mcpServers\":{\"switchboard\":{\"builtin\":\"switchboard\"},\"a\":{\"command\":\"x\"}}}")
        .defaultServer()).isEmpty();
  }

  @Test
  void builtinUnderAnotherName() {
    Config config = parse("{\"mcpServers\":{\"sb\":{\"builtin\":\"switchboard\"}}}");
    assertThat(config.servers()).containsOnlyKeys("sb", "switchboard");
    assertThat(config.defaultServer()).contains("sb");
  }

  @Test
  void stdioServerNamedSwitchboardCountsAsConfigured() {
    Config config = parse("{\"mcpServers\":{\"switchboard\":{\"command\":\"x\"},\"a\":{\"command\":\"y\"}}}");
    assertThat(config.defaultServer()).isEmpty();
  }

  /** The CLI applies its flags with withGateway, a reload with ConfigDiff: the implicit built-in must stay uncounted. */
  @Test
  void onlyConfiguredServerSurvivesFlagsAndReloads() {
    Config config = parse("{\"mcpServers\":{\"a\":{\"command\":\"x\"}}}");
    Config flagged = config.withGateway(config.gateway().withPort(9000));
    assertThat(flagged.defaultServer()).contains("a");
    Config next = parse("{\"mcpServers\":{\"a\":{\"command\":\"x\"}},\"gateway\":{\"shutdownGrace\":\"3s\"}}");
    assertThat(ConfigDiff.between(flagged, next).applicable().defaultServer()).contains("a");
    assertThat(ConfigDiff.between(flagged, next.withGateway(next.gateway().withPort(9000))).applicable()
        .defaultServer()).contains("a");
  }

  @Test
  void withGatewayKeepsServersAndSource() {
    Config config = parse("{\"mcpServers\":{\"a\":{\"command\":\"x\"}}}");
    Config moved = config.withGateway(config.gateway().withPort(9000).withHost("0.0.0.0"));
    assertThat(moved.servers()).isEqualTo(config.servers());
    assertThat(moved.gateway().port()).isEqualTo(9000);
    assertThat(moved.gateway().host()).isEqualTo("0.0.0.0");
    assertThat(config.gateway().port()).isEqualTo(7182);
  }
}
