package dev.switchboard.config;

import static dev.switchboard.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reload classification, on literal configs: each changed setting is named and is live or waits for a restart. */
class ConfigDiffTest {
  private static final String SERVERS = "\"mcpServers\":{\"a\":{\"command\":\"x\",\"args\":[\"1\"]},"
      + "\"b\":{\"command\":\"y\"}}";
  private static final Config RUNNING = parse("{" + SERVERS + ",\"gateway\":{\"port\":7182,"
      + "\"auth\":{\"keys\":[{\"name\":\"alice\",\"key\":\"alice-secret-0123456789\"}],"
      + "\"rateLimit\":{\"perMinute\":60,\"burst\":5}}}}");

  private static ConfigDiff to(String gateway) {
    return ConfigDiff.between(RUNNING, parse("{" + SERVERS + ",\"gateway\":" + gateway + "}"));
  }

  private static final String AUTH = "\"auth\":{\"keys\":[{\"name\":\"alice\",\"key\":\"alice-secret-0123456789\"}],"
      + "\"rateLimit\":{\"perMinute\":60,\"burst\":5}}";

  @Test
  void theSameConfigChangesNothingAndKeepsTheRunningGatewaySettingsInstance() {
    ConfigDiff diff = to("{\"port\":7182," + AUTH + "}");
    assertThat(diff.changes()).isEmpty();
    assertThat(diff.restartNeeded()).isFalse();
    assertThat(diff.applicable().gateway()).isSameAs(RUNNING.gateway()); // nothing derived from it is rebuilt
  }

  @Test
  void settingsReadOnceAtStartAreNamedAsNeedingARestartAndKeepTheirRunningValues() {
    ConfigDiff diff = to("{\"port\":7200,\"heartbeat\":\"5s\",\"ioThreads\":\"platform\","
        + "\"sessions\":{\"idleTimeout\":\"1m\",\"max\":5},"
        + "\"limits\":{\"maxBodyBytes\":\"1MiB\",\"maxInFlightPerSession\":4},\"upstreams\":{\"maxChildren\":9},"
        + "\"logging\":{\"maxFiles\":2},\"tls\":{\"keyStore\":\"/k.p12\"},\"metrics\":{\"enabled\":false}," + AUTH
        + "}");
    assertThat(diff.restart()).containsExactly("gateway.port", "gateway.sessions.idleTimeout",
        "gateway.sessions.max", "gateway.limits.maxBodyBytes", "gateway.limits.maxInFlightPerSession",
        "gateway.heartbeat", "gateway.ioThreads", "gateway.logging.maxFiles", "gateway.upstreams.maxChildren",
        "gateway.tls",
        "gateway.metrics.enabled");
    assertThat(diff.live()).isEmpty();
    assertThat(diff.applicable().gateway()).isSameAs(RUNNING.gateway());
  }

  @Test
  void settingsReadOnEveryUseAreAppliedLive() {
    ConfigDiff diff = to("{\"port\":7182,\"defaultServer\":\"b\",\"allowedHosts\":[\"h\"],\"shutdownGrace\":\"3s\","
        + "\"logging\":{\"level\":\"debug\",\"requests\":false},\"trustProxy\":true,\"cors\":{\"origins\":[\"o\"]},"
        + "\"auth\":{\"keys\":[{\"name\":\"bob\",\"key\":\"bob-secret-0123456789ab\"}],\"allowQueryKey\":true,"
        + "\"maxSessionsPerKey\":3,\"rateLimit\":{\"perSecond\":2,\"burst\":4}}}");
    assertThat(diff.live()).containsExactly("gateway.defaultServer", "gateway.allowedHosts", "gateway.shutdownGrace",
        "gateway.logging.requests", "gateway.logging.level", "gateway.auth.keys", "gateway.auth.allowQueryKey",
        "gateway.auth.rateLimit.perSecond", "gateway.auth.rateLimit.burst", "gateway.auth.maxSessionsPerKey",
        "gateway.cors.origins", "gateway.trustProxy");
    assertThat(diff.restart()).isEmpty();
    GatewaySettings applied = diff.applicable().gateway();
    assertThat(applied.security().keys()).extracting(ApiKey::name).containsExactly("bob");
    assertThat(applied.security().ratePerSecond()).isEqualTo(2);
    assertThat(applied.defaultServer()).isEqualTo("b");
  }

  @Test
  void aMixOfBothAppliesOnlyTheLiveOnes() {
    ConfigDiff diff = to("{\"port\":7182,\"limits\":{\"maxBodyBytes\":1000},\"auth\":{\"keys\":[]}}");
    assertThat(diff.live()).containsExactly("gateway.auth.keys", "gateway.auth.rateLimit.perSecond",
        "gateway.auth.rateLimit.burst");
    assertThat(diff.restart()).containsExactly("gateway.limits.maxBodyBytes");
    assertThat(diff.applicable().gateway().limits()).isEqualTo(RUNNING.gateway().limits());
    assertThat(diff.applicable().gateway().security().keys()).isEmpty();
  }

  @Test
  void serversAreLiveAndNamedDownToTheChangedKey() {
    Config next = parse("{\"mcpServers\":{\"a\":{\"command\":\"x\",\"args\":[\"2\"],\"env\":{\"K\":\"v\"}},"
        + "\"c\":{\"command\":\"z\"}},\"gateway\":{\"port\":7182," + AUTH + "}}");
    ConfigDiff diff = ConfigDiff.between(RUNNING, next);
    assertThat(diff.live()).containsExactly("mcpServers.a.args", "mcpServers.a.env", "mcpServers.c",
        "mcpServers.b");
    assertThat(diff.restart()).isEmpty();
    assertThat(diff.applicable().servers()).containsOnlyKeys("a", "c", Config.BUILTIN_NAME);
  }

  @Test
  void theImplicitBuiltinStaysImplicitSoTheOnlyServerIsStillTheDefault() {
    Config one = parse("{\"mcpServers\":{\"a\":{\"command\":\"x\"}}}");
    Config applicable = ConfigDiff.between(one, parse("{\"mcpServers\":{\"a\":{\"command\":\"x\"}},"
        + "\"gateway\":{\"trustProxy\":true}}")).applicable();
    assertThat(applicable.defaultServer()).contains("a");
  }

  @Test
  void everyGatewaySettingHasAPath() {
    Set<Class<?>> sections = Set.of(SessionSettings.class, Limits.class, LogSettings.class, UpstreamLimits.class,
        SecuritySettings.class);
    int leaves = 0;
    for (RecordComponent c : GatewaySettings.class.getRecordComponents()) {
      leaves += sections.contains(c.getType()) ? c.getType().getRecordComponents().length : 1;
    }
    assertThat(SettingPaths.GATEWAY).hasSize(leaves);
    assertThat(SettingPaths.GATEWAY.stream().map(SettingPaths.Setting::path).distinct()).hasSize(leaves);
  }

  @Test
  void listenAddressesWaitForARestartAndAreReportedUntilThen() {
    Config running = parse("{\"mcpServers\":{\"a\":{\"command\":\"x\",\"listen\":[\"tcp://127.0.0.1:7190\"]}}}");
    Config next = parse("{\"mcpServers\":{\"a\":{\"command\":\"x\",\"listen\":[\"tcp://127.0.0.1:7191\"]},"
        + "\"b\":{\"command\":\"y\",\"listen\":[\"tcp://127.0.0.1:7192\"]}}}");
    ConfigDiff diff = ConfigDiff.between(running, next);
    assertThat(diff.restart()).containsExactly("mcpServers.a.listen", "mcpServers.b.listen");
    assertThat(diff.live()).containsExactly("mcpServers.b");
    assertThat(diff.applicable().servers().get("a")).isEqualTo(running.servers().get("a"));
    assertThat(diff.applicable().servers().get("b").listen()).isEmpty();
    assertThat(ConfigDiff.between(diff.applicable(), next).restart())
        .containsExactly("mcpServers.a.listen", "mcpServers.b.listen");
  }

  @Test
  void aGroupsMembersApplyLiveButItsListenAddressesWaitForARestart() {
    String servers = "\"mcpServers\":{\"a\":{\"command\":\"x\"},\"b\":{\"command\":\"y\"}}";
    Config running = parse("{" + servers + ",\"gateway\":{\"groups\":{\"g\":{\"servers\":[\"a\"],"
        + "\"listen\":[\"tcp://127.0.0.1:7191\"]}}}}");
    ConfigDiff diff = ConfigDiff.between(running, parse("{" + servers + ",\"gateway\":{\"groups\":{\"g\":{"
        + "\"servers\":[\"a\",\"b\"],\"listen\":[\"tcp://127.0.0.1:7192\"]}}}}"));
    assertThat(diff.live()).containsExactly("gateway.groups");
    assertThat(diff.restart()).containsExactly("gateway.groups.g.listen");
    GroupSpec applied = diff.applicable().gateway().groups().get("g");
    assertThat(applied.servers()).containsExactly("a", "b");
    assertThat(applied.listen()).as("the address bound at start").containsExactly(
        ListenAddress.parse("tcp://127.0.0.1:7191"));
  }
}
