package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  static final String ISSUE_EXAMPLE = """
      {"mcpServers":{"everything":{"command":"npx","args":["-y","@modelcontextprotocol/server-everything"],\
      "env":{},"cwd":"/tmp"}},"gateway":{"host":"127.0.0.1","port":7182,"sessions":{"idleTimeout":"30m",\
      "max":10000},"limits":{"maxBodyBytes":16777216}}}""";

  static Config parse(String json) {
    return ConfigLoader.parse(json.getBytes(StandardCharsets.UTF_8), null);
  }

  static ConfigException invalid(String json) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(json));
    assertThat(e).as("expected a ConfigException for %s", json).isNotNull();
    return e;
  }

  static List<String> paths(ConfigException e) {
    return e.problems().stream().map(ConfigException.Problem::path).toList();
  }

  static ConfigException.Problem problemAt(ConfigException e, String path) {
    return e.problems().stream().filter(p -> p.path().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no problem at " + path + " in " + e.problems()));
  }

  @Test
  void issueExample() {
    Config config = parse(ISSUE_EXAMPLE);
    assertThat(config.servers()).containsOnlyKeys("everything", "switchboard");
    ServerSpec everything = config.servers().get("everything");
    assertThat(everything.name()).isEqualTo("everything");
    assertThat(everything.command()).isEqualTo("npx");
    assertThat(everything.args()).containsExactly("-y", "@modelcontextprotocol/server-everything");
    assertThat(everything.env()).isEmpty();
    assertThat(everything.cwd()).isEqualTo(Path.of("/tmp"));
    assertThat(everything.builtin()).isNull();
    assertThat(everything.isBuiltin()).isFalse();
    assertThat(everything.options().get("command").asString()).isEqualTo("npx");

    GatewaySettings gateway = config.gateway();
    assertThat(gateway.host()).isEqualTo("127.0.0.1");
    assertThat(gateway.port()).isEqualTo(7182);
    assertThat(gateway.defaultServer()).isNull();
    assertThat(gateway.sessions()).isEqualTo(new SessionSettings(Duration.ofMinutes(30), 10_000));
    assertThat(gateway.limits().maxBodyBytes()).isEqualTo(16_777_216L);
    assertThat(gateway.limits().maxLineBytes()).isEqualTo(Limits.DEFAULTS.maxLineBytes());
    assertThat(gateway.limits().maxStreamEvents()).isEqualTo(Limits.DEFAULTS.maxStreamEvents());
    assertThat(gateway.heartbeat()).isEqualTo(GatewaySettings.defaults().heartbeat());
    assertThat(gateway.shutdownGrace()).isEqualTo(GatewaySettings.defaults().shutdownGrace());
    assertThat(config.source()).isNull();
    assertThat(config.defaultServer()).contains("everything");
  }

  /** The seed's {@code /rpc} sessions: its 5 minutes unless {@code gateway.sessions.rpcIdleTimeout} says otherwise. */
  @Test
  void rpcIdleTimeoutDefaultsToTheSeedsFiveMinutesAndIsConfigurable() {
    assertThat(parse("{}").gateway().sessions().rpcIdleTimeout()).isEqualTo(Duration.ofMinutes(5))
        .isEqualTo(SessionSettings.DEFAULT_RPC_IDLE_TIMEOUT);
    assertThat(parse("{\"gateway\":{\"sessions\":{\"max\":3}}}").gateway().sessions().rpcIdleTimeout())
        .isEqualTo(Duration.ofMinutes(5));
    SessionSettings set = parse("{\"gateway\":{\"sessions\":{\"rpcIdleTimeout\":\"90s\"}}}").gateway().sessions();
    assertThat(set.rpcIdleTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(set.idleTimeout()).as("the other timeouts keep their defaults")
        .isEqualTo(SessionSettings.DEFAULTS.idleTimeout());
    assertThat(parse("{\"gateway\":{\"sessions\":{\"rpcIdleTimeout\":120000}}}").gateway().sessions()
        .rpcIdleTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(paths(invalid("{\"gateway\":{\"sessions\":{\"rpcIdleTimeout\":\"soon\"}}}")))
        .containsExactly("$.gateway.sessions.rpcIdleTimeout");
  }

  @Test
  void emptyObjectIsDefaults() {
    Config config = parse("{}");
    assertThat(config.servers()).containsOnlyKeys("switchboard");
    assertThat(config.gateway()).isEqualTo(GatewaySettings.defaults());
    assertThat(config.defaultServer()).contains("switchboard");
  }

  @Test
  void everyKnownKeyAccepted() {
    Config config = parse("""
        {
          "$schema": "https://example.invalid/schema.json",
          "mcpServers": {
            "fs": {"command": "node", "args": ["a"], "env": {"K": "V"}, "cwd": "/srv", "type": "stdio",
                   "disabled": false, "description": "files", "vault": "v", "roots": [], "rules": []},
            "sb": {"builtin": "switchboard"}
          },
          "gateway": {
            "host": "0.0.0.0", "port": 0, "portRetries": 3, "defaultServer": "fs",
            "logging": {"maxFileSize": "1MiB", "maxFiles": 2, "requests": false, "level": "DEBUG"},
            "sessions": {"idleTimeout": 60000, "max": 1},
            "limits": {"maxBodyBytes": "1MiB", "maxLineBytes": "64KiB", "maxStreamEvents": 16},
            "allowedHosts": ["example.com"], "allowedOrigins": ["https://example.com"],
            "heartbeat": "500ms", "shutdownGrace": "2s"
          }
        }
        """);
    assertThat(config.servers()).containsOnlyKeys("fs", "sb", "switchboard");
    assertThat(config.servers().get("fs").env()).containsEntry("K", "V");
    assertThat(config.servers().get("sb").isBuiltin()).isTrue();
    assertThat(config.servers().get("sb").builtin()).isEqualTo("switchboard");
    GatewaySettings g = config.gateway();
    assertThat(g.host()).isEqualTo("0.0.0.0");
    assertThat(g.port()).isZero();
    assertThat(g.defaultServer()).isEqualTo("fs");
    assertThat(g.sessions()).isEqualTo(new SessionSettings(Duration.ofMinutes(1), 1));
    assertThat(g.limits()).isEqualTo(new Limits(1L << 20, 64 << 10, 16, Limits.DEFAULTS.maxHeaderBytes(),
        Limits.DEFAULTS.maxInFlightPerSession(), Limits.DEFAULTS.maxRetainedEvents()));
    assertThat(g.allowedHosts()).containsExactly("example.com");
    assertThat(g.allowedOrigins()).containsExactly("https://example.com");
    assertThat(g.heartbeat()).isEqualTo(Duration.ofMillis(500));
    assertThat(g.shutdownGrace()).isEqualTo(Duration.ofSeconds(2));
    assertThat(g.portRetries()).isEqualTo(3);
    assertThat(g.logging()).isEqualTo(new LogSettings(1L << 20, 2, false, "debug"));
    assertThat(config.defaultServer()).contains("fs");
  }

  @Test
  void serverOrderKept() {
    Config config = parse("{\"mcpServers\":{\"z\":{\"command\":\"a\"},\"a\":{\"command\":\"b\"},"
        + "\"m\":{\"command\":\"c\"}}}");
    assertThat(config.servers().keySet()).containsExactly("z", "a", "m", "switchboard");
  }

  @Test
  void nullsMeanAbsent() {
    Config config = parse("{\"mcpServers\":{\"a\":{\"command\":\"x\",\"args\":null,\"env\":null,\"cwd\":null}},"
        + "\"gateway\":{\"host\":null,\"port\":null,\"heartbeat\":null}}");
    assertThat(config.servers().get("a").args()).isEmpty();
    assertThat(config.servers().get("a").cwd()).isNull();
    assertThat(config.gateway().host()).isEqualTo("127.0.0.1");
    assertThat(config.gateway().port()).isEqualTo(7182);
  }

  @Test
  void cwdTildeExpanded() {
    Config config = parse("{\"mcpServers\":{\"a\":{\"command\":\"x\",\"cwd\":\"~/work\"},"
        + "\"b\":{\"command\":\"x\",\"cwd\":\"~\"},\"c\":{\"command\":\"x\",\"cwd\":\"~other/x\"}}}");
    String home = System.getProperty("user.home");
    assertThat(config.servers().get("a").cwd()).isEqualTo(Path.of(home, "work"));
    assertThat(config.servers().get("b").cwd()).isEqualTo(Path.of(home));
    assertThat(config.servers().get("c").cwd()).isEqualTo(Path.of("~other/x"));
  }

  @Test
  void integerDurationsAreMillisAndIntegerSizesAreBytes() {
    Config config = parse(
        "{\"gateway\":{\"heartbeat\":2500,\"limits\":{\"maxBodyBytes\":1024,\"maxLineBytes\":2048}}}");
    assertThat(config.gateway().heartbeat()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.gateway().limits().maxBodyBytes()).isEqualTo(1024);
    assertThat(config.gateway().limits().maxLineBytes()).isEqualTo(2048);
  }

  @Test
  void maxLineBytesClampedToInt() {
    Config config = parse("{\"gateway\":{\"limits\":{\"maxLineBytes\":\"4GiB\"}}}");
    assertThat(config.gateway().limits().maxLineBytes()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void everyProblemReportedAtOnce() {
    ConfigException e = invalid("""
        {
          "mcpServers": {
            "a": {"command": "x", "args": ["ok", 5, true], "bogus": 1, "env": {"K": 1, "L": "ok"}},
            "b": {"command": "x", "builtin": "switchboard"},
            "c": {},
            "d": {"builtin": "nope"},
            "e": {"command": 7},
            "bad name!": {"command": "x"},
            "f": "npx"
          },
          "gateway": {
            "port": 70000, "host": 5, "extra": true, "defaultServer": "ghost",
            "sessions": {"idleTimeout": "5 minutes", "max": 0, "what": 1},
            "limits": {"maxBodyBytes": "16 megabytes", "maxLineBytes": "1.5MiB", "maxStreamEvents": 3, "x": 1},
            "heartbeat": "soon", "shutdownGrace": true, "allowedHosts": "localhost", "allowedOrigins": [1]
          },
          "topLevelExtra": 1
        }
        """);
    assertThat(paths(e)).containsExactlyInAnyOrder(
        "$.topLevelExtra",
        "$.mcpServers.a.bogus",
        "$.mcpServers.a.args[1]",
        "$.mcpServers.a.args[2]",
        "$.mcpServers.a.env.K",
        "$.mcpServers.b",
        "$.mcpServers.c",
        "$.mcpServers.d.builtin",
        "$.mcpServers.e.command",
        "$.mcpServers.e",
        "$.mcpServers.bad name!",
        "$.mcpServers.f",
        "$.gateway.extra",
        "$.gateway.host",
        "$.gateway.port",
        "$.gateway.sessions.what",
        "$.gateway.sessions.idleTimeout",
        "$.gateway.sessions.max",
        "$.gateway.limits.x",
        "$.gateway.limits.maxBodyBytes",
        "$.gateway.limits.maxLineBytes",
        "$.gateway.limits.maxStreamEvents",
        "$.gateway.heartbeat",
        "$.gateway.shutdownGrace",
        "$.gateway.allowedHosts",
        "$.gateway.allowedOrigins[0]",
        "$.gateway.defaultServer");
    assertThat(e.getMessage()).startsWith("<config>: invalid configuration\n");
    for (ConfigException.Problem p : e.problems()) {
      assertThat(e.getMessage()).contains("  " + p.path() + ": " + p.message());
    }
  }

  @Test
  void problemMessagesSayWhatWasExpected() {
    ConfigException e = invalid("""
        {"mcpServers": {"a": {"command": "x", "args": ["ok", 5], "bogus": 1}, "b": {"builtin": "nope"}},
         "gateway": {"port": 70000, "host": 5, "sessions": {"idleTimeout": "5 minutes"},
                     "limits": {"maxBodyBytes": "16 megabytes"}, "defaultServer": "ghost",
                     "ioThreads": "green"}}
        """);
    assertThat(problemAt(e, "$.mcpServers.a.bogus").message()).contains("unknown key").contains("command");
    assertThat(problemAt(e, "$.mcpServers.a.args[1]").message()).contains("expected a string").contains("number");
    assertThat(problemAt(e, "$.mcpServers.b.builtin").message()).contains("nope").contains("switchboard");
    assertThat(problemAt(e, "$.gateway.port").message()).contains("0 to 65535").contains("70000");
    assertThat(problemAt(e, "$.gateway.host").message()).contains("expected a string");
    assertThat(problemAt(e, "$.gateway.sessions.idleTimeout").message()).contains("\"5 minutes\"");
    assertThat(problemAt(e, "$.gateway.limits.maxBodyBytes").message()).contains("\"16 megabytes\"");
    assertThat(problemAt(e, "$.gateway.defaultServer").message()).contains("ghost");
    assertThat(problemAt(e, "$.gateway.ioThreads").message()).contains("auto, virtual, platform");
  }

  @Test
  void ioThreadsDefaultToPlatformOnlyBeyondLoopback() {
    IoThreads unset = parse("{}").gateway().ioThreads();
    assertThat(unset).isEqualTo(IoThreads.AUTO);
    assertThat(unset.platform(true)).isFalse();
    assertThat(unset.platform(false)).isTrue();
    assertThat(IoThreads.VIRTUAL.platform(false)).isFalse();
    assertThat(IoThreads.PLATFORM.platform(true)).isTrue();
    assertThat(parse("{\"gateway\": {\"ioThreads\": \"virtual\"}}").gateway().ioThreads())
        .isEqualTo(IoThreads.VIRTUAL);
  }

  @Test
  void theAccessLogDefaultsToRequestsWithoutPayloads() {
    assertThat(parse("{}").gateway().logging().access()).isEqualTo(AccessMode.REQUESTS);
    assertThat(parse("{}").gateway().logging().payloads()).isFalse();
    LogSettings set = parse("{\"gateway\":{\"logging\":{\"access\":\"Messages\",\"payloads\":true}}}")
        .gateway().logging();
    assertThat(set.access()).isEqualTo(AccessMode.MESSAGES);
    assertThat(set.payloads()).isTrue();
    ConfigException e = invalid("{\"gateway\":{\"logging\":{\"access\":\"all\",\"payloads\":\"yes\"}}}");
    assertThat(problemAt(e, "$.gateway.logging.access").message()).isEqualTo("expected one of off, requests, messages");
    assertThat(problemAt(e, "$.gateway.logging.payloads").message()).isEqualTo("expected true or false");
  }

  @Test
  void unknownKeysAtEachLevel() {
    ConfigException e = invalid("{\"servers\":{},\"mcpServers\":{\"a\":{\"command\":\"x\",\"argv\":[]}},"
        + "\"gateway\":{\"bind\":\"x\",\"sessions\":{\"ttl\":\"1m\"},\"limits\":{\"maxBody\":1}}}");
    assertThat(paths(e)).containsExactlyInAnyOrder("$.servers", "$.mcpServers.a.argv", "$.gateway.bind",
        "$.gateway.sessions.ttl", "$.gateway.limits.maxBody");
    assertThat(e.problems()).allSatisfy(p -> assertThat(p.message()).startsWith("unknown key"));
  }

  @Test
  void keysAreCaseSensitive() {
    assertThat(paths(invalid("{\"MCPServers\":{}}"))).containsExactly("$.MCPServers");
  }

  @Test
  void portOutOfRange() {
    assertThat(paths(invalid("{\"gateway\":{\"port\":-1}}"))).containsExactly("$.gateway.port");
    assertThat(paths(invalid("{\"gateway\":{\"port\":65536}}"))).containsExactly("$.gateway.port");
    assertThat(parse("{\"gateway\":{\"port\":65535}}").gateway().port()).isEqualTo(65535);
    assertThat(parse("{\"gateway\":{\"port\":0}}").gateway().port()).isZero();
  }

  @Test
  void portWrongType() {
    assertThat(paths(invalid("{\"gateway\":{\"port\":\"7182\"}}"))).containsExactly("$.gateway.port");
    assertThat(paths(invalid("{\"gateway\":{\"port\":7182.5}}"))).containsExactly("$.gateway.port");
    assertThat(paths(invalid("{\"gateway\":{\"port\":true}}"))).containsExactly("$.gateway.port");
  }

  @Test
  void hugeIntegerReportedNotThrown() {
    assertThat(paths(invalid("{\"gateway\":{\"port\":99999999999999999999}}"))).containsExactly("$.gateway.port");
    assertThat(paths(invalid("{\"gateway\":{\"heartbeat\":99999999999999999999}}")))
        .containsExactly("$.gateway.heartbeat");
    assertThat(paths(invalid("{\"gateway\":{\"limits\":{\"maxBodyBytes\":99999999999999999999}}}")))
        .containsExactly("$.gateway.limits.maxBodyBytes");
  }

  @Test
  void badDurations() {
    ConfigException e = invalid("{\"gateway\":{\"heartbeat\":\"5 minutes\",\"shutdownGrace\":\"1.5s\","
        + "\"sessions\":{\"idleTimeout\":\"forever\"}}}");
    assertThat(paths(e)).containsExactlyInAnyOrder("$.gateway.heartbeat", "$.gateway.shutdownGrace",
        "$.gateway.sessions.idleTimeout");
    assertThat(paths(invalid("{\"gateway\":{\"heartbeat\":1.5}}"))).containsExactly("$.gateway.heartbeat");
    assertThat(paths(invalid("{\"gateway\":{\"heartbeat\":[]}}"))).containsExactly("$.gateway.heartbeat");
  }

  @Test
  void durationOverflowReported() {
    assertThat(paths(invalid("{\"gateway\":{\"heartbeat\":\"9999999999999999d\"}}")))
        .containsExactly("$.gateway.heartbeat");
  }

  @Test
  void negativeIntegerDurationsAndSizesRejected() {
    assertThat(paths(invalid("{\"gateway\":{\"sessions\":{\"idleTimeout\":-1},\"limits\":{\"maxBodyBytes\":-1}}}")))
        .containsExactlyInAnyOrder("$.gateway.sessions.idleTimeout", "$.gateway.limits.maxBodyBytes");
  }

  @Test
  void badSizes() {
    ConfigException e = invalid("{\"gateway\":{\"limits\":{\"maxBodyBytes\":\"16 megabytes\","
        + "\"maxLineBytes\":\"lots\",\"maxStreamEvents\":\"10\"}}}");
    assertThat(paths(e)).containsExactlyInAnyOrder("$.gateway.limits.maxBodyBytes", "$.gateway.limits.maxLineBytes",
        "$.gateway.limits.maxStreamEvents");
  }

  @Test
  void sessionBounds() {
    assertThat(paths(invalid("{\"gateway\":{\"sessions\":{\"max\":0}}}"))).containsExactly("$.gateway.sessions.max");
    assertThat(parse("{\"gateway\":{\"sessions\":{\"max\":1}}}").gateway().sessions().max()).isEqualTo(1);
    assertThat(paths(invalid("{\"gateway\":{\"limits\":{\"maxStreamEvents\":15}}}")))
        .containsExactly("$.gateway.limits.maxStreamEvents");
  }

  @Test
  void serverNeedsExactlyOneOfCommandAndBuiltin() {
    ConfigException both = invalid("{\"mcpServers\":{\"a\":{\"command\":\"x\",\"builtin\":\"switchboard\"}}}");
    assertThat(paths(both)).containsExactly("$.mcpServers.a");
    assertThat(both.problems().get(0).message()).contains("exactly one");
    ConfigException neither = invalid("{\"mcpServers\":{\"a\":{\"args\":[\"x\"]}}}");
    assertThat(paths(neither)).containsExactly("$.mcpServers.a");
  }

  @Test
  void unknownBuiltin() {
    assertThat(paths(invalid("{\"mcpServers\":{\"a\":{\"builtin\":\"filesystem\"}}}")))
        .containsExactly("$.mcpServers.a.builtin");
  }

  @Test
  void argsElementNotAString() {
    ConfigException e = invalid("{\"mcpServers\":{\"a\":{\"command\":\"x\",\"args\":[\"-y\",1,null,{}]}}}");
    assertThat(paths(e)).containsExactly("$.mcpServers.a.args[1]", "$.mcpServers.a.args[2]", "$.mcpServers.a.args[3]");
  }

  @Test
  void argsNotAnArray() {
    assertThat(paths(invalid("{\"mcpServers\":{\"a\":{\"command\":\"x\",\"args\":\"-y\"}}}")))
        .containsExactly("$.mcpServers.a.args");
  }

  @Test
  void envWrongTypes() {
    assertThat(paths(invalid("{\"mcpServers\":{\"a\":{\"command\":\"x\",\"env\":[\"K=V\"]}}}")))
        .containsExactly("$.mcpServers.a.env");
    assertThat(paths(invalid("{\"mcpServers\":{\"a\":{\"command\":\"x\",\"env\":{\"PORT\":8080}}}}")))
        .containsExactly("$.mcpServers.a.env.PORT");
  }

  @Test
  void commandAndCwdWrongTypes() {
    assertThat(paths(invalid("{\"mcpServers\":{\"a\":{\"command\":[\"npx\"],\"cwd\":1}}}")))
        .containsExactlyInAnyOrder("$.mcpServers.a.command", "$.mcpServers.a", "$.mcpServers.a.cwd");
  }

  @Test
  void serverNames() {
    assertThat(parse("{\"mcpServers\":{\"a-b_c.d9\":{\"command\":\"x\"}}}").servers()).containsKey("a-b_c.d9");
    assertThat(paths(invalid("{\"mcpServers\":{\"a b\":{\"command\":\"x\"}}}"))).containsExactly("$.mcpServers.a b");
    assertThat(paths(invalid("{\"mcpServers\":{\"\":{\"command\":\"x\"}}}"))).containsExactly("$.mcpServers.");
    String longName = "n".repeat(65);
    assertThat(paths(invalid("{\"mcpServers\":{\"" + longName + "\":{\"command\":\"x\"}}}")))
        .containsExactly("$.mcpServers." + longName);
    assertThat(parse("{\"mcpServers\":{\"" + "n".repeat(64) + "\":{\"command\":\"x\"}}}").servers()).hasSize(2);
  }

  @Test
  void wrongShapes() {
    assertThat(paths(invalid("[]"))).containsExactly("$");
    assertThat(paths(invalid("\"config\""))).containsExactly("$");
    assertThat(paths(invalid("{\"mcpServers\":[]}"))).containsExactly("$.mcpServers");
    assertThat(paths(invalid("{\"gateway\":[]}"))).containsExactly("$.gateway");
    assertThat(paths(invalid("{\"mcpServers\":{\"a\":\"npx x\"}}"))).containsExactly("$.mcpServers.a");
  }

  @Test
  void sessionsLimitsAndLoggingMustBeObjects() {
    assertThat(paths(invalid("{\"gateway\":{\"sessions\":\"30m\",\"limits\":16777216,\"logging\":\"debug\"}}")))
        .containsExactlyInAnyOrder("$.gateway.sessions", "$.gateway.limits", "$.gateway.logging");
  }

  @Test
  void portRetries() {
    assertThat(parse("{}").gateway().portRetries()).isEqualTo(GatewaySettings.defaults().portRetries());
    assertThat(parse("{\"gateway\":{\"portRetries\":0}}").gateway().portRetries()).isZero();
    assertThat(paths(invalid("{\"gateway\":{\"portRetries\":-1}}"))).containsExactly("$.gateway.portRetries");
    assertThat(paths(invalid("{\"gateway\":{\"portRetries\":1001}}"))).containsExactly("$.gateway.portRetries");
  }

  @Test
  void logging() {
    assertThat(parse("{}").gateway().logging()).isEqualTo(LogSettings.DEFAULTS);
    assertThat(parse("{\"gateway\":{\"logging\":{\"level\":\"Warn\",\"maxFileSize\":4096}}}").gateway().logging())
        .isEqualTo(new LogSettings(4096, LogSettings.DEFAULTS.maxFiles(), LogSettings.DEFAULTS.requests(), "warn"));
    ConfigException e = invalid("{\"gateway\":{\"logging\":{\"level\":\"verbose\",\"requests\":null,"
        + "\"maxFiles\":0,\"maxFileSize\":\"10 megs\",\"format\":\"json\"}}}");
    assertThat(paths(e)).containsExactlyInAnyOrder("$.gateway.logging.level", "$.gateway.logging.requests",
        "$.gateway.logging.maxFiles", "$.gateway.logging.maxFileSize", "$.gateway.logging.format");
    assertThat(paths(invalid("{\"gateway\":{\"logging\":{\"maxFiles\":101}}}")))
        .containsExactly("$.gateway.logging.maxFiles");
  }

  @Test
  void loggingRequestsWrongTypeReported() {
    assertThat(paths(invalid("{\"gateway\":{\"logging\":{\"requests\":\"yes\"}}}")))
        .containsExactly("$.gateway.logging.requests");
  }

  @Test
  void emptyFileIsReported() {
    assertThat(paths(invalid(""))).containsExactly("$");
  }

  @Test
  void invalidJsonReportsLineAndColumn() {
    ConfigException e = invalid("{\n  \"gateway\": {\n    \"port\": 7182,\n  }\n}\n");
    assertThat(paths(e)).containsExactly("$");
    assertThat(e.problems().get(0).message()).startsWith("not valid JSON at line 4, column ");
  }

  @Test
  void invalidJsonMissingQuote() {
    ConfigException e = invalid("{\"mcpServers\": {\"a\": {\"command\": \"npx}}}");
    assertThat(e.problems().get(0).message()).contains("not valid JSON at line 1, column");
  }

  @Test
  void trailingGarbageIsInvalidJson() {
    ConfigException e = invalid("{}\n{}");
    assertThat(e.problems().get(0).message()).startsWith("not valid JSON at line 2");
  }

  @Test
  void sourceNamedInMessage() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse("{\"x\":1}".getBytes(StandardCharsets.UTF_8), Path.of("/etc/sb/config.json")));
    assertThat(e.getMessage()).startsWith("/etc/sb/config.json: invalid configuration");
    Config ok = ConfigLoader.parse("{}".getBytes(StandardCharsets.UTF_8), Path.of("/etc/sb/config.json"));
    assertThat(ok.source()).isEqualTo(Path.of("/etc/sb/config.json"));
  }

  @Test
  void disabledServersDropped() {
    Config config = parse("{\"mcpServers\":{\"on\":{\"command\":\"x\"},\"off\":{\"command\":\"y\",\"disabled\":true},"
        + "\"explicitOn\":{\"command\":\"z\",\"disabled\":false}}}");
    assertThat(config.servers()).containsOnlyKeys("on", "explicitOn", "switchboard");
  }

  @Test
  void defaultServerNamingADisabledServerIsAProblem() {
    assertThat(paths(invalid("{\"mcpServers\":{\"off\":{\"command\":\"y\",\"disabled\":true}},"
        + "\"gateway\":{\"defaultServer\":\"off\"}}"))).containsExactly("$.gateway.defaultServer");
  }

  @Test
  void defaultServerMayNameTheBuiltin() {
    Config config = parse(
        "{\"mcpServers\":{\"a\":{\"command\":\"x\"}},\"gateway\":{\"defaultServer\":\"switchboard\"}}");
    assertThat(config.defaultServer()).contains("switchboard");
  }

  @Test
  void defaultServerNamingNothing() {
    ConfigException e = invalid("{\"mcpServers\":{\"a\":{\"command\":\"x\"}},\"gateway\":{\"defaultServer\":\"b\"}}");
    assertThat(paths(e)).containsExactly("$.gateway.defaultServer");
    assertThat(paths(invalid("{\"gateway\":{\"defaultServer\":\"\"}}"))).containsExactly("$.gateway.defaultServer");
  }

  @Test
  void builtinAlwaysPresent() {
    assertThat(parse("{}").servers().get("switchboard").isBuiltin()).isTrue();
    assertThat(parse("{\"mcpServers\":{}}").servers()).containsOnlyKeys("switchboard");
    assertThat(parse("{\"mcpServers\":{\"switchboard\":{\"builtin\":\"switchboard\",\"disabled\":true}}}").servers())
        .containsOnlyKeys("switchboard");
  }

  @Test
  void explicitBuiltinEntryKeepsItsOptions() {
    Config config = parse("{\"mcpServers\":{\"switchboard\":{\"builtin\":\"switchboard\",\"description\":\"mine\"}}}");
    assertThat(config.servers().get("switchboard").options().get("description").asString()).isEqualTo("mine");
  }

  @Test
  void load(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    java.nio.file.Files.writeString(file, ISSUE_EXAMPLE);
    Config config = ConfigLoader.load(file);
    assertThat(config.source()).isEqualTo(file);
    assertThat(config.servers()).containsKey("everything");
  }

  @Test
  void loadMissingFile(@org.junit.jupiter.api.io.TempDir Path dir) {
    Path file = dir.resolve("nope.json");
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));
    assertThat(e.problems()).containsExactly(new ConfigException.Problem("$", "file not found"));
    assertThat(e.getMessage()).startsWith(file.toString());
  }

  @Test
  void loadDirectory(@org.junit.jupiter.api.io.TempDir Path dir) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(dir));
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("$");
      assertThat(p.message()).startsWith("cannot read");
    });
  }

  @Test
  void aServerMayNameTheRevisionItSpeaks() {
    var ok = ConfigLoader.parse("""
        {"mcpServers": {"a": {"command": "x", "protocol": "2026-07-28"}, "b": {"command": "y"}}}"""
        .getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
    assertThat(ok.servers().get("a").speaksStateless()).isTrue();
    assertThat(ok.servers().get("b").speaksStateless()).isFalse();
    ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse("{\"mcpServers\": {\"a\": {\"command\": \"x\", \"protocol\": \"2030-01-01\"}}}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8), null));
    assertThat(paths(e)).containsExactly("$.mcpServers.a.protocol");
  }

  @Test
  void aServersOwnSsePathIsKeptAndMustBeAPathTheGatewayDoesNotServeUsedOnce() {
    Config ok = parse("""
        {"mcpServers":{"a":{"command":"x","ssePath":"/a/sse"},"b":{"command":"x"}}}""");
    assertThat(ok.servers().get("a").ssePath()).isEqualTo("/a/sse");
    assertThat(ok.servers().get("b").ssePath()).isNull();

    ConfigException e = invalid("""
        {"mcpServers":{"a":{"command":"x","ssePath":"/mcp/a"},"b":{"command":"x","ssePath":"b/sse"},
        "c":{"command":"x","ssePath":"/c/"},"d":{"command":"x","ssePath":"/shared"},
        "e":{"command":"x","ssePath":"/shared"},"f":{"command":"x","ssePath":"/health"}}}""");
    assertThat(problemAt(e, "$.mcpServers.a.ssePath").message()).contains("\"/mcp\" is served by the gateway");
    assertThat(problemAt(e, "$.mcpServers.b.ssePath").message()).contains("expected a path");
    assertThat(problemAt(e, "$.mcpServers.c.ssePath").message()).contains("no trailing slash");
    assertThat(problemAt(e, "$.mcpServers.e.ssePath").message()).contains("already the ssePath of server \"d\"");
    assertThat(problemAt(e, "$.mcpServers.f.ssePath").message()).contains("\"/health\" is served by the gateway");
    assertThat(paths(e)).doesNotContain("$.mcpServers.d.ssePath");
  }
}
