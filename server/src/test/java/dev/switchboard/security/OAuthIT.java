package dev.switchboard.security;

import static dev.switchboard.security.SecureHttp.ALICE;
import static dev.switchboard.security.SecureHttp.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.switchboard.access.AccessLog;
import dev.switchboard.protocol.Json;
import dev.switchboard.security.SecureHttp.Client;
import dev.switchboard.security.SecureHttp.Reply;
import dev.switchboard.security.oauth.TestIssuer;
import dev.switchboard.testing.TestGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OAuth resource-server mode on a real gateway, with API keys on too, against an authorization server made here
 * (its JWKS and introspection endpoint on 127.0.0.1): what MCP clients see on 200, 401 and 403, the metadata they
 * discover the authorization server by, and sessions bound to the token's subject. A group ({@code dev}, over both
 * servers) needs a scope of its own.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OAuthIT {
  static final String RESOURCE = "https://gw.example";
  static final String PATH = "/mcp/fixture";
  static final String GROUP = "/mcp/dev";
  static final String AUDIENCE = RESOURCE + PATH;
  static final String METADATA = RESOURCE + "/.well-known/oauth-protected-resource" + PATH;
  private static final AtomicInteger ADDRESSES = new AtomicInteger();

  static TestIssuer issuer;
  static TestGateway gateway;
  static Client http;

  @BeforeAll
  static void start() throws Exception {
    issuer = TestIssuer.serving();
    gateway = SecureHttp.gateway(gw -> {
      gw.put("trustProxy", true);
      ObjectNode oauth = ((ObjectNode) gw.path("auth")).putObject("oauth");
      oauth.put("issuer", issuer.issuer()).put("resource", RESOURCE).put("audiencePerServer", true)
          .put("jwksUri", issuer.jwksUri()).put("jwksMinRefresh", "0s");
      oauth.putObject("scopes").put("fixture", "mcp:fixture").put("other", "mcp:other").put("dev", "mcp:dev");
      gw.putObject("groups").putObject("dev").putArray("servers").add("fixture").add("other");
      oauth.putObject("introspection").put("endpoint", issuer.introspectionUri()).put("clientId", "gateway")
          .put("clientSecret", "s3cret");
    });
    http = new Client(gateway.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  /** A fresh client address per test, so one test's refusals never throttle the next. */
  @BeforeEach
  void address() {
    http.forwardedFor("10.9.0." + ADDRESSES.incrementAndGet());
  }

  static String token(String subject) throws Exception {
    return issuer.token(subject, AUDIENCE, "mcp:fixture");
  }

  private static JWTClaimsSet claims(String subject) {
    return issuer.claims(subject, AUDIENCE, "mcp:fixture").build();
  }

  private static Reply initialize(String authorization) throws Exception {
    return http.post(PATH, authorization, SecureHttp.initialize(1));
  }

  @Test
  void aValidTokenOpensASessionAndCallsThroughAndItsPrincipalShowsInTheAccessLog() throws Exception {
    ListAppender<ILoggingEvent> appender = new dev.switchboard.testing.CapturedLog();
    Logger access = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
    Level before = access.getLevel();
    access.setLevel(Level.INFO);
    appender.start();
    access.addAppender(appender);
    try {
      String token = token("alice-oauth");
      String id = http.open(PATH, token);
      http.assertEchoes(PATH, token, id, "hello over oauth");
      String principal = "oauth:alice-oauth (" + TestIssuer.CLIENT + ")";
      // by principal: another test's call may be logged (asynchronously) while this one captures
      await("a tools/call line naming " + principal).atMost(Duration.ofSeconds(20)).until(() -> appender.list
          .stream().map(e -> Json.parse(e.getFormattedMessage())).anyMatch(l -> l.path("method").asString("")
              .equals("tools/call") && l.path("key").asString("").equals(principal)));
      assertThat(appender.list.toString()).doesNotContain(token);
    } finally {
      access.detachAppender(appender);
      access.setLevel(before);
    }
  }

  @Test
  void anOAuthPrincipalsCallsAreCountedUnderItInTheKeyRequestsMetric() throws Exception {
    String token = token("metered");
    String id = http.open(PATH, token);
    http.assertEchoes(PATH, token, id, "counted");
    String series = "switchboard_key_requests_total{key=\"oauth:metered (" + TestIssuer.CLIENT + ")\","
        + "outcome=\"ok\",server=\"fixture\"} ";
    // counted once the answer is written, which may be just after the client has it
    await().atMost(Duration.ofSeconds(20)).until(() -> metrics().lines().anyMatch(l -> l.startsWith(series)));
    String line = metrics().lines().filter(l -> l.startsWith(series)).findFirst().orElseThrow();
    assertThat(Double.parseDouble(line.substring(series.length()))).as(line).isGreaterThanOrEqualTo(1);
  }

  /** A scrape of {@code /metrics} with an API key (no token reads it). */
  private static String metrics() throws Exception {
    Reply scrape = http.send("GET", "/metrics", Map.of("Authorization", bearer(ALICE)), null);
    assertThat(scrape.status()).as(scrape.describe()).isEqualTo(200);
    return scrape.body();
  }

  @Test
  void noTokenGets401PointingAtTheMetadataWithTheScope() throws Exception {
    Reply r = http.post(PATH, null, SecureHttp.initialize(1));
    assertThat(r.status()).as(r.describe()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).hasValue("Bearer resource_metadata=\"" + METADATA
        + "\", scope=\"mcp:fixture\"");
    assertThat(r.errorCode()).isEqualTo(-32001);
  }

  @Test
  void everyBrokenTokenGets401InvalidToken() throws Exception {
    Instant now = Instant.now();
    Map<String, String> broken = new LinkedHashMap<>();
    broken.put("expired", issuer.rs256(TestIssuer.with(issuer.claims("a", AUDIENCE, "mcp:fixture"),
        c -> c.expirationTime(Date.from(now.minusSeconds(600))))));
    broken.put("wrong audience", issuer.token("a", RESOURCE + "/mcp/other", "mcp:fixture"));
    broken.put("wrong issuer", issuer.rs256(TestIssuer.with(issuer.claims("a", AUDIENCE, "mcp:fixture"),
        c -> c.issuer("https://evil.example"))));
    broken.put("bad signature", issuer.forged(claims("a")));
    broken.put("never-published kid", issuer.withUnknownKid(claims("a"), "never-published"));
    broken.put("alg none", TestIssuer.unsigned(claims("a")));
    broken.put("HS256 with the public key", issuer.hs256WithPublicKey(claims("a")));
    broken.put("inactive opaque", issuer.opaque("{\"active\":false}"));
    broken.put("garbage", "not-a-token-and-not-a-key");
    for (var e : broken.entrySet()) {
      Reply r = initialize(bearer(e.getValue()));
      assertThat(r.status()).as(e.getKey() + ": " + r.describe()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).as(e.getKey()).hasValue("Bearer resource_metadata=\"" + METADATA
          + "\", scope=\"mcp:fixture\", error=\"invalid_token\"");
      address(); // ten failures from one address would be throttled
    }
  }

  @Test
  void aTokenWithoutTheServersScopeGets403InsufficientScope() throws Exception {
    Reply r = initialize(bearer(issuer.token("dave", AUDIENCE, "mcp:other profile")));
    assertThat(r.status()).as(r.describe()).isEqualTo(403);
    assertThat(r.header("WWW-Authenticate")).hasValue("Bearer error=\"insufficient_scope\", scope=\"mcp:fixture\", "
        + "resource_metadata=\"" + METADATA + "\"");
    assertThat(r.errorMessage()).contains("oauth:dave");
  }

  /** A group's own scope: its members' scopes do not stand in for it, and its metadata names it. */
  @Test
  void aGroupNeedsItsOwnScope() throws Exception {
    String audience = RESOURCE + GROUP;
    String metadata = RESOURCE + "/.well-known/oauth-protected-resource" + GROUP;
    Reply members = http.post(GROUP, bearer(issuer.token("gina", audience, "mcp:fixture mcp:other")),
        SecureHttp.initialize(1));
    assertThat(members.status()).as(members.describe()).isEqualTo(403);
    assertThat(members.header("WWW-Authenticate")).hasValue("Bearer error=\"insufficient_scope\", scope=\"mcp:dev\", "
        + "resource_metadata=\"" + metadata + "\"");
    assertThat(members.errorMessage()).contains("oauth:gina", "'dev'");

    String token = issuer.token("gina", audience, "mcp:dev");
    String id = http.open(GROUP, token);
    ObjectNode echo = Json.object().put("name", "fixture__echo");
    echo.putObject("arguments").put("text", "through the group");
    Reply call = http.post(GROUP, bearer(token), SecureHttp.request(2, "tools/call", echo), SecureHttp.session(id));
    assertThat(call.status()).as(call.describe()).isEqualTo(200);
    assertThat(call.json().path("result").path("content").path(0).path("text").asString())
        .isEqualTo("through the group");

    Reply doc = http.send("GET", "/.well-known/oauth-protected-resource" + GROUP, Map.of(), null);
    assertThat(doc.status()).as(doc.describe()).isEqualTo(200);
    assertThat(doc.json().path("resource").asString()).isEqualTo(audience);
    assertThat(doc.json().path("scopes_supported").toString()).isEqualTo("[\"mcp:dev\"]");
  }

  @Test
  void aRotatedSigningKeyIsFetchedWhenATokenNamesIt() throws Exception {
    assertThat(initialize(bearer(token("before-rotation"))).status()).isEqualTo(200);
    int fetches = issuer.jwksFetches();
    issuer.rotate("rsa-rotated-" + ADDRESSES.get());
    Reply r = initialize(bearer(token("after-rotation")));
    assertThat(r.status()).as(r.describe()).isEqualTo(200);
    assertThat(issuer.jwksFetches()).isEqualTo(fetches + 1);
  }

  @Test
  void anEcTokenAndAnActiveOpaqueTokenAreAccepted() throws Exception {
    assertThat(initialize(bearer(issuer.es256(claims("erin")))).status()).isEqualTo(200);
    String opaque = issuer.opaque("{\"active\":true,\"iss\":\"" + issuer.issuer() + "\",\"sub\":\"olga\","
        + "\"aud\":\"" + AUDIENCE + "\",\"scope\":\"mcp:fixture\",\"client_id\":\"c\",\"exp\":"
        + (Instant.now().getEpochSecond() + 600) + "}");
    int before = issuer.introspections();
    String id = http.open(PATH, opaque);
    http.assertEchoes(PATH, opaque, id, "opaque works");
    assertThat(issuer.introspections() - before).as("the second request is answered from the cache").isEqualTo(1);
  }

  /** 2026-07-28: no session, so the token is checked on every request and its subject signs nothing else. */
  @Test
  void aSessionless2026RequestIsCheckedOnItsOwn() throws Exception {
    ObjectNode params = Json.object().put("name", "echo");
    params.putObject("arguments").put("text", "stateless with a token");
    ObjectNode meta = params.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
    meta.putObject("io.modelcontextprotocol/clientCapabilities");
    meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "oauth-it").put("version", "1");
    Map<String, String> headers = Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
        "Mcp-Name", "echo");
    String body = SecureHttp.request(5, "tools/call", params);
    Reply ok = http.post(PATH, bearer(token("stateless")), body, headers);
    assertThat(ok.status()).as(ok.describe()).isEqualTo(200);
    assertThat(ok.json().path("result").path("content").path(0).path("text").asString())
        .isEqualTo("stateless with a token");
    Reply none = http.post(PATH, null, body, headers);
    assertThat(none.status()).as(none.describe()).isEqualTo(401);
  }

  @Test
  void theMetadataDocumentsNameTheAuthorizationServer() throws Exception {
    Reply root = http.send("GET", "/.well-known/oauth-protected-resource", Map.of(), null);
    assertThat(root.status()).as(root.describe()).isEqualTo(200);
    assertThat(root.json().path("resource").asString()).isEqualTo(RESOURCE);
    assertThat(root.json().path("authorization_servers").path(0).asString()).isEqualTo(issuer.issuer());
    Reply one = http.send("GET", "/.well-known/oauth-protected-resource" + PATH, Map.of(), null);
    assertThat(one.status()).as(one.describe()).isEqualTo(200);
    assertThat(one.json().path("resource").asString()).isEqualTo(AUDIENCE);
    assertThat(one.json().path("scopes_supported").toString()).isEqualTo("[\"mcp:fixture\"]");
    assertThat(one.json().path("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
    Reply unknown = http.send("GET", "/.well-known/oauth-protected-resource/mcp/nope", Map.of(), null);
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void aSessionOfOneSubjectIsNotFoundForAnother() throws Exception {
    String id = http.open(PATH, token("subject-a"));
    Reply thief = http.post(PATH, bearer(token("subject-b")), SecureHttp.echo(2, "hijack"), SecureHttp.session(id));
    assertThat(thief.status()).as(thief.describe()).isEqualTo(404);
    assertThat(thief.errorCode()).isEqualTo(-32004);
    Reply key = http.post(PATH, bearer(ALICE), SecureHttp.echo(3, "hijack"), SecureHttp.session(id));
    assertThat(key.status()).as("nor for an API key").isEqualTo(404);
    http.assertEchoes(PATH, token("subject-a"), id, "still a's");
  }

  @Test
  void apiKeysWorkBesideOAuthAndTheStatusPageShowsTheTokensSubject() throws Exception {
    String keySession = http.open(PATH, ALICE);
    http.assertEchoes(PATH, ALICE, keySession, "key still works");
    Reply asToken = http.post(PATH, bearer(token("alice")), SecureHttp.echo(2, "x"), SecureHttp.session(keySession));
    assertThat(asToken.status()).as("a subject named like a key is not that key").isEqualTo(404);
    http.open(PATH, token("shown"));
    Reply status = http.send("GET", "/ui/status.json", Map.of("Authorization", bearer(ALICE)), null);
    assertThat(status.status()).as(status.describe()).isEqualTo(200);
    assertThat(status.json().path("sessions").valueStream().map(s -> s.path("key").asString()))
        .contains("oauth:shown (" + TestIssuer.CLIENT + ")", "alice");
    Reply serverToken = http.send("GET", "/ui/status.json", Map.of("Authorization", bearer(token("shown"))), null);
    assertThat(serverToken.status()).as("a token for one server is not one for the gateway").isEqualTo(401);
    String gatewayToken = issuer.token("shown", RESOURCE, "mcp:fixture");
    Reply denied = http.send("GET", "/ui/status.json", Map.of("Authorization", bearer(gatewayToken)), null);
    assertThat(denied.status()).as("no admin scope rule: no token reads the status data").isEqualTo(403);
    assertThat(denied.header("WWW-Authenticate")).hasValue("Bearer error=\"insufficient_scope\", resource_metadata=\""
        + RESOURCE + "/.well-known/oauth-protected-resource\"");
  }

  @Test
  void theTypeScriptSdkSendsTheTokenOverStreamableHttpAndLegacySse() throws Exception {
    for (String kind : new String[] {"streamable", "sse"}) {
      String url = gateway.baseUrl() + (kind.equals("sse") ? "/sse/fixture" : PATH);
      java.nio.file.Path log = java.nio.file.Files.createTempFile("ts-sdk-oauth-" + kind, ".log");
      try {
        int exit = dev.switchboard.testing.Interop.run(java.util.List.of("node", "transports.mjs", kind, url,
            token("ts-" + kind)), log, 120);
        String output = java.nio.file.Files.readString(log);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("\"text\":\"ts over " + kind + "\"");
      } finally {
        java.nio.file.Files.deleteIfExists(log);
      }
    }
  }

  @Test
  void aWebSocketUpgradeNeedsTheTokenToo() throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    java.net.URI ws = java.net.URI.create(gateway.baseUrl().replace("http://", "ws://") + "/ws/fixture");
    var listener = new java.net.http.WebSocket.Listener() {};
    var open = client.newWebSocketBuilder().subprotocols("mcp").header("Authorization", bearer(token("ws")))
        .buildAsync(ws, listener).get(30, TimeUnit.SECONDS);
    assertThat(open.getSubprotocol()).isEqualTo("mcp");
    open.abort();
    var refused = client.newWebSocketBuilder().subprotocols("mcp").header("X-Forwarded-For", "10.9.1.1")
        .buildAsync(ws, listener);
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> refused.get(30, TimeUnit.SECONDS)))
        .hasStackTraceContaining("status code 401");
  }
}
