package dev.switchboard.security;

import static dev.switchboard.security.SecureHttp.ALICE;
import static dev.switchboard.security.SecureHttp.bearer;
import static dev.switchboard.security.SecureHttp.raw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.security.SecureHttp.Client;
import dev.switchboard.security.SecureHttp.Reply;
import dev.switchboard.testing.TestGateway;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Browsers: CORS preflights for allowed and refused origins (credentials only for named origins, never with
 * {@code *}), and the DNS-rebinding defence — a foreign {@code Host} or {@code Origin} is refused before anything
 * else, public names pass only when configured, and {@code X-Forwarded-Host} counts only with
 * {@code gateway.trustProxy}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CorsAndRebindingIT {
  private static final String PATH = "/mcp/fixture";
  private static final String APP = "https://app.example.com"; // gateway.cors.origins
  private static final String TOOL = "https://tool.example.com"; // gateway.allowedOrigins only
  private static final String PUBLIC_HOST = "mcp.example.com"; // gateway.allowedHosts

  private static TestGateway named;
  private static TestGateway wildcard;
  private static TestGateway proxied;
  private static Client http;

  @BeforeAll
  static void start() throws Exception {
    named = SecureHttp.gateway(gw -> {
      gw.putObject("cors").putArray("origins").add(APP);
      gw.putArray("allowedOrigins").add(TOOL);
      gw.putArray("allowedHosts").add(PUBLIC_HOST);
    });
    wildcard = SecureHttp.gateway(gw -> gw.putObject("cors").putArray("origins").add("*"));
    proxied = SecureHttp.gateway(gw -> {
      gw.put("trustProxy", true);
      gw.putArray("allowedHosts").add(PUBLIC_HOST);
    });
    http = new Client(named.baseUrl());
  }

  @AfterAll
  static void stop() {
    for (TestGateway g : new TestGateway[] {named, wildcard, proxied}) {
      if (g != null) {
        g.close();
      }
    }
  }

  private static Reply preflight(TestGateway gateway, String origin) throws Exception {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Origin", origin);
    h.put("Access-Control-Request-Method", "POST");
    h.put("Access-Control-Request-Headers", "authorization, content-type, mcp-session-id, mcp-protocol-version");
    return new Client(gateway.baseUrl()).send("OPTIONS", PATH, h, null);
  }

  // ---- CORS -------------------------------------------------------------------------------------------------

  @Test
  void preflightForAListedOriginAnswersWhatMayBeSentWithoutAKey() throws Exception {
    Reply r = preflight(named, APP);
    assertThat(r.status()).as(r.describe()).isEqualTo(204);
    assertThat(r.header("Access-Control-Allow-Origin")).hasValue(APP);
    assertThat(r.header("Access-Control-Allow-Credentials")).hasValue("true");
    assertThat(r.header("Access-Control-Allow-Methods")).hasValue("GET, POST, DELETE, OPTIONS");
    assertThat(r.header("Access-Control-Allow-Headers"))
        .hasValue("Content-Type, Authorization, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID, X-Session-ID");
    assertThat(r.header("Access-Control-Expose-Headers")).hasValueSatisfying(v -> assertThat(v)
        .contains("Mcp-Session-Id", "X-Session-ID")); // the seed API's session header, for browser clients too
    assertThat(r.headerValues("Vary")).anySatisfy(v -> assertThat(v).contains("Origin"));
  }

  @ParameterizedTest(name = "preflight from {0} is refused")
  @ValueSource(strings = {"https://evil.example.com", TOOL, "http://localhost:5173", "https://app.example.com.evil.net",
      "null"})
  void preflightForAnOriginNotListedIsRefusedWithoutCorsHeaders(String origin) throws Exception {
    Reply r = preflight(named, origin);
    assertThat(r.status()).as(r.describe()).isEqualTo(403);
    assertThat(r.header("Access-Control-Allow-Origin")).isEmpty();
    assertThat(r.header("Access-Control-Allow-Credentials")).isEmpty();
    assertThat(r.json().path("error").path("code").isInt()).isTrue();
  }

  @Test
  void byDefaultNoOriginGetsCors() throws Exception {
    try (TestGateway plain = SecureHttp.gateway(gw -> {})) {
      for (String origin : List.of("http://localhost:5173", APP)) {
        Reply r = preflight(plain, origin);
        assertThat(r.status()).as(origin + ": " + r.describe()).isEqualTo(403);
        assertThat(r.header("Access-Control-Allow-Origin")).isEmpty();
      }
    }
  }

  @Test
  void wildcardCorsNeverAllowsCredentials() throws Exception {
    Reply r = preflight(wildcard, "https://anywhere.example.org");
    assertThat(r.status()).as(r.describe()).isEqualTo(204);
    assertThat(r.header("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(r.header("Access-Control-Allow-Credentials")).isEmpty();
    Reply post = new Client(wildcard.baseUrl()).post(PATH, null, SecureHttp.initialize(1),
        Map.of("Origin", "https://anywhere.example.org"));
    assertThat(post.status()).as(post.describe()).isEqualTo(401); // CORS is not authentication
    assertThat(post.header("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(post.header("Access-Control-Allow-Credentials")).isEmpty();
  }

  @Test
  void answersToAListedOriginExposeTheSessionIdAndStillNeedTheKey() throws Exception {
    Reply anonymous = http.post(PATH, null, SecureHttp.initialize(1), Map.of("Origin", APP));
    assertThat(anonymous.status()).as(anonymous.describe()).isEqualTo(401);
    assertThat(anonymous.header("Access-Control-Allow-Origin")).hasValue(APP); // the browser may read the 401
    Reply init = http.post(PATH, bearer(ALICE), SecureHttp.initialize(1), Map.of("Origin", APP));
    assertThat(init.status()).as(init.describe()).isEqualTo(200);
    assertThat(init.header("Access-Control-Allow-Origin")).hasValue(APP);
    assertThat(init.header("Access-Control-Allow-Credentials")).hasValue("true");
    assertThat(init.header("Access-Control-Expose-Headers")).hasValueSatisfying(v -> assertThat(v)
        .contains("Mcp-Session-Id"));
    String id = init.header("Mcp-Session-Id").orElseThrow();
    Map<String, String> h = new LinkedHashMap<>(SecureHttp.session(id));
    h.put("Authorization", bearer(ALICE));
    assertThat(http.send("DELETE", PATH, h, null).status()).isEqualTo(200);
  }

  @Test
  void optionsWithoutAnOriginJustListsTheMethods() throws Exception {
    Reply r = http.send("OPTIONS", PATH, Map.of(), null);
    assertThat(r.status()).as(r.describe()).isEqualTo(204);
    assertThat(r.header("Allow")).hasValue("GET, POST, DELETE, OPTIONS");
    assertThat(r.header("Access-Control-Allow-Origin")).isEmpty();
  }

  // ---- DNS rebinding: Host and Origin ---------------------------------------------------------------------------

  private static Reply initWith(TestGateway gateway, String host, String... lines) throws Exception {
    String[] all = new String[lines.length + 1];
    all[0] = "Authorization: " + bearer(ALICE);
    System.arraycopy(lines, 0, all, 1, lines.length);
    return raw(gateway.port(), SecureHttp.postHead(PATH, host, all), SecureHttp.initialize(1));
  }

  private static void assertRefused(Reply r, String mentioning) {
    assertThat(r.status()).as(r.describe()).isEqualTo(403);
    assertThat(r.json().path("jsonrpc").asString()).isEqualTo("2.0");
    assertThat(r.errorMessage()).contains(mentioning);
  }

  private static void assertAdmitted(Reply r) {
    assertThat(r.status()).as(r.describe()).isEqualTo(200);
    assertThat(r.json().path("result").path("protocolVersion").asString()).isEqualTo(SecureHttp.VERSION);
  }

  @ParameterizedTest(name = "Host: {0} is refused even with a valid key")
  @ValueSource(strings = {"evil.example.com", "evil.example.com:%d", "127.0.0.1.evil.example.com",
      "localhost.evil.example.com:%d", "10.0.0.1", "[::2]:%d"})
  void aForeignHostIsRefused(String host) throws Exception {
    assertRefused(initWith(named, host.formatted(named.port())), "Host");
  }

  @ParameterizedTest(name = "Host: {0} is accepted")
  @ValueSource(strings = {"127.0.0.1:%d", "localhost:%d", "LOCALHOST:%d", "[::1]:%d", PUBLIC_HOST,
      PUBLIC_HOST + ":443"})
  void loopbackAndConfiguredHostsAreAccepted(String host) throws Exception {
    assertAdmitted(initWith(named, host.formatted(named.port())));
  }

  @Test
  void healthIsBehindTheHostCheckToo() throws Exception {
    Reply r = raw(named.port(), "GET /health HTTP/1.1\r\nHost: evil.example.com\r\n", "");
    assertThat(r.status()).as(r.describe()).isEqualTo(403);
  }

  @ParameterizedTest(name = "Origin: {0} is refused")
  @ValueSource(strings = {"http://evil.example.com", "http://evil.example.com:%d", "null",
      "http://localhost.evil.example.com", "http://127.0.0.1.evil.example.com:%d", "file://", "not a url"})
  void aForeignOriginIsRefusedEvenWithALoopbackHostAndAValidKey(String origin) throws Exception {
    assertRefused(initWith(named, "127.0.0.1:" + named.port(), "Origin: " + origin.formatted(named.port())),
        "Origin");
  }

  @ParameterizedTest(name = "Origin: {0} is accepted")
  @ValueSource(strings = {"http://localhost:5173", "http://127.0.0.1:%d", "http://[::1]:8080", TOOL, APP})
  void loopbackOriginsAndConfiguredOnesAreAccepted(String origin) throws Exception {
    assertAdmitted(initWith(named, "127.0.0.1:" + named.port(), "Origin: " + origin.formatted(named.port())));
  }

  @Test
  void forwardedHostIsIgnoredWithoutTrustProxy() throws Exception {
    // an attacker's X-Forwarded-Host does not launder a foreign Host...
    assertRefused(initWith(named, "evil.example.com", "X-Forwarded-Host: " + PUBLIC_HOST), "Host");
    // ...and does not spoil a good one
    assertAdmitted(initWith(named, "127.0.0.1:" + named.port(), "X-Forwarded-Host: evil.example.com"));
  }

  @Test
  void withTrustProxyTheForwardedHostIsTheOneChecked() throws Exception {
    assertAdmitted(initWith(proxied, "backend.internal:8080", "X-Forwarded-Host: " + PUBLIC_HOST));
    assertAdmitted(initWith(proxied, "backend.internal:8080", "X-Forwarded-Host: " + PUBLIC_HOST + ", other"));
    assertRefused(initWith(proxied, "127.0.0.1:" + proxied.port(), "X-Forwarded-Host: evil.example.com"), "Host");
    assertRefused(initWith(proxied, "backend.internal:8080"), "Host"); // no forwarded host: the real one counts
    assertRefused(initWith(proxied, PUBLIC_HOST, "X-Forwarded-Host: " + PUBLIC_HOST,
        "Origin: http://evil.example.com"), "Origin");
  }
}
