package dev.switchboard.security;

import static dev.switchboard.security.SecureHttp.ALICE;
import static dev.switchboard.security.SecureHttp.BOB;
import static dev.switchboard.security.SecureHttp.CAROL;
import static dev.switchboard.security.SecureHttp.NARROW;
import static dev.switchboard.security.SecureHttp.UNAUTHORIZED_BODY;
import static dev.switchboard.security.SecureHttp.WRONG;
import static dev.switchboard.security.SecureHttp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.security.SecureHttp.Client;
import dev.switchboard.security.SecureHttp.Reply;
import dev.switchboard.testing.TestGateway;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint (POST initialize, POST on a session, GET stream, DELETE, /health detail) against every kind of
 * credential: none, a wrong key, each accepted form, a query key while disabled and while enabled, another user's
 * key, a key outside its scope. Real sockets, two gateways (query keys off — the default — and on).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AuthMatrixIT {
  private static final String PATH = "/mcp/fixture";

  private static TestGateway strict;
  private static TestGateway queryAllowed;
  private static Client strictHttp;
  private static Client queryHttp;

  @BeforeAll
  static void start() throws Exception {
    strict = SecureHttp.gateway(gw -> gw.put("trustProxy", true));
    queryAllowed = SecureHttp.gateway(gw -> ((tools.jackson.databind.node.ObjectNode) gw.put("trustProxy", true)
        .get("auth")).put("allowQueryKey", true));
    strictHttp = new Client(strict.baseUrl());
    queryHttp = new Client(queryAllowed.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (strict != null) {
      strict.close();
    }
    if (queryAllowed != null) {
      queryAllowed.close();
    }
  }

  /**
   * Every failure counts towards the per-address throttle (10 a minute), and successes no longer reset it; so each
   * test comes from an address of its own (the gateways trust {@code X-Forwarded-For}) and the matrix never trips
   * it. Everything else about a request is as without a proxy.
   */
  @BeforeEach
  void freshAddress() {
    int n = ADDRESSES.incrementAndGet();
    String address = "10.77." + (n / 250) + "." + (1 + n % 250);
    strictHttp.forwardedFor(address);
    queryHttp.forwardedFor(address);
  }

  private static final java.util.concurrent.atomic.AtomicInteger ADDRESSES =
      new java.util.concurrent.atomic.AtomicInteger();

  enum Endpoint { INITIALIZE, REQUEST, STREAM, DELETE, HEALTH }

  /** How a credential is presented, and by whom the session under test was opened. */
  enum Cred {
    NONE(ALICE, null, null, false),
    WRONG_KEY(ALICE, bearer(WRONG), null, false),
    BEARER(ALICE, bearer(ALICE), null, false),
    BEARER_LOWERCASE(ALICE, "bearer " + ALICE, null, false),
    BARE(ALICE, ALICE, null, false),
    HASHED_KEY(CAROL, bearer(CAROL), null, false),
    QUERY_WHEN_DISABLED(ALICE, null, ALICE, false),
    QUERY_WHEN_ENABLED(ALICE, null, ALICE, true),
    OTHER_USERS_KEY(ALICE, bearer(BOB), null, false),
    OUT_OF_SCOPE(ALICE, bearer(NARROW), null, false);

    final String owner;
    final @Nullable String authorization;
    final @Nullable String queryKey;
    final boolean queryGateway;

    Cred(String owner, @Nullable String authorization, @Nullable String queryKey, boolean queryGateway) {
      this.owner = owner;
      this.authorization = authorization;
      this.queryKey = queryKey;
      this.queryGateway = queryGateway;
    }
  }

  enum Outcome { OK, UNAUTHORIZED, FORBIDDEN, SESSION_NOT_FOUND, HEALTH_DETAIL, HEALTH_STATUS_ONLY }

  static Stream<Arguments> matrix() {
    List<Arguments> out = new ArrayList<>();
    for (Endpoint e : Endpoint.values()) {
      for (Cred c : Cred.values()) {
        if (e == Endpoint.HEALTH && c == Cred.QUERY_WHEN_ENABLED) {
          continue; // see healthDetailAcceptsAQueryKeyWhenAllowed
        }
        out.add(Arguments.of(e, c, expected(e, c)));
      }
    }
    return out.stream();
  }

  static Outcome expected(Endpoint e, Cred c) {
    if (e == Endpoint.HEALTH) {
      return switch (c) {
        case NONE, QUERY_WHEN_DISABLED -> Outcome.HEALTH_STATUS_ONLY; // liveness only; the query key is ignored
        case WRONG_KEY -> Outcome.UNAUTHORIZED;
        default -> Outcome.HEALTH_DETAIL; // any valid key, whatever its scope
      };
    }
    return switch (c) {
      case NONE, WRONG_KEY, QUERY_WHEN_DISABLED -> Outcome.UNAUTHORIZED;
      case OUT_OF_SCOPE -> Outcome.FORBIDDEN;
      case OTHER_USERS_KEY -> e == Endpoint.INITIALIZE ? Outcome.OK : Outcome.SESSION_NOT_FOUND;
      default -> Outcome.OK;
    };
  }

  @ParameterizedTest(name = "{0} with {1} -> {2}")
  @MethodSource("matrix")
  void endpointTimesCredential(Endpoint endpoint, Cred cred, Outcome outcome) throws Exception {
    Client http = cred.queryGateway ? queryHttp : strictHttp;
    String session = endpoint == Endpoint.INITIALIZE || endpoint == Endpoint.HEALTH ? null
        : http.open(PATH, cred.owner);
    String path = (endpoint == Endpoint.HEALTH ? "/health" : PATH)
        + (cred.queryKey == null ? "" : "?api_key=" + cred.queryKey);
    Map<String, String> headers = new LinkedHashMap<>();
    if (cred.authorization != null) {
      headers.put("Authorization", cred.authorization);
    }
    if (session != null) {
      headers.putAll(SecureHttp.session(session));
    }
    Reply reply = switch (endpoint) {
      case INITIALIZE -> http.post(path, cred.authorization, SecureHttp.initialize(1), headers);
      case REQUEST -> http.post(path, cred.authorization, SecureHttp.echo(2, "matrix"), headers);
      case STREAM -> {
        headers.put("Accept", "text/event-stream");
        yield http.send("GET", path, headers, null);
      }
      case DELETE -> http.send("DELETE", path, headers, null);
      case HEALTH -> http.send("GET", path, headers, null);
    };
    try {
      check(endpoint, outcome, reply);
    } finally {
      cleanUp(http, endpoint, reply, session, cred, outcome);
    }
  }

  private static void check(Endpoint endpoint, Outcome outcome, Reply reply) {
    switch (outcome) {
      case UNAUTHORIZED -> {
        assertThat(reply.status()).as(reply.describe()).isEqualTo(401);
        assertThat(reply.json()).isEqualTo(UNAUTHORIZED_BODY);
        assertThat(reply.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer")
            .doesNotContain("resource_metadata"));
      }
      case FORBIDDEN -> {
        assertThat(reply.status()).as(reply.describe()).isEqualTo(403);
        assertThat(reply.json().path("jsonrpc").asString()).isEqualTo("2.0");
        assertThat(reply.errorCode()).isEqualTo(-32001);
        assertThat(reply.errorMessage()).contains("narrow").contains("fixture");
        assertThat(reply.header("WWW-Authenticate")).isEmpty();
      }
      case SESSION_NOT_FOUND -> {
        assertThat(reply.status()).as(reply.describe()).isEqualTo(404);
        assertThat(reply.errorCode()).isEqualTo(-32004);
      }
      case HEALTH_STATUS_ONLY -> {
        assertThat(reply.status()).as(reply.describe()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.propertyNames()).containsExactly("status");
        assertThat(body.path("status").asString()).isEqualTo("ok");
      }
      case HEALTH_DETAIL -> {
        assertThat(reply.status()).as(reply.describe()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("status").asString()).isEqualTo("ok");
        assertThat(body.has("servers")).as(reply.body()).isTrue();
        assertThat(body.path("security").has("authFailures")).as(reply.body()).isTrue();
      }
      case OK -> {
        assertThat(reply.status()).as(reply.describe()).isEqualTo(200);
        switch (endpoint) {
          case INITIALIZE -> {
            assertThat(reply.header("Mcp-Session-Id")).isPresent();
            assertThat(reply.json().path("result").path("protocolVersion").asString())
                .isEqualTo(SecureHttp.VERSION);
          }
          case REQUEST -> assertThat(reply.json().path("result").path("content").path(0).path("text")
              .asString()).isEqualTo("matrix");
          case STREAM -> assertThat(reply.sse()).as(reply.describe()).isTrue();
          default -> {}
        }
      }
    }
  }

  /** Sessions opened by the case are deleted, and a hijack attempt must have left the owner's session working. */
  private static void cleanUp(Client http, Endpoint endpoint, Reply reply, @Nullable String session, Cred cred,
      Outcome outcome) throws Exception {
    if (endpoint == Endpoint.INITIALIZE && reply.status() == 200) {
      String creator = cred == Cred.OTHER_USERS_KEY ? BOB : cred.owner;
      Reply deleted = http.send("DELETE", PATH, withAuth(creator, reply.header("Mcp-Session-Id").orElseThrow()),
          null);
      assertThat(deleted.status()).as(deleted.describe()).isEqualTo(200);
    }
    if (session == null) {
      return;
    }
    if (endpoint == Endpoint.DELETE && outcome == Outcome.OK) {
      Reply again = http.post(PATH, bearer(cred.owner), SecureHttp.echo(3, "x"), SecureHttp.session(session));
      assertThat(again.status()).as("deleted session: " + again.describe()).isEqualTo(404);
      return;
    }
    http.assertEchoes(PATH, cred.owner, session, "still mine");
    Reply deleted = http.send("DELETE", PATH, withAuth(cred.owner, session), null);
    assertThat(deleted.status()).as(deleted.describe()).isEqualTo(200);
  }

  private static Map<String, String> withAuth(String key, String session) {
    Map<String, String> h = new LinkedHashMap<>(SecureHttp.session(session));
    h.put("Authorization", bearer(key));
    return h;
  }

  @Test
  void unknownServerIsUnauthorizedBeforeItIsNotFound() throws Exception {
    Reply anonymous = strictHttp.post("/mcp/no-such-server", null, SecureHttp.initialize(1));
    assertThat(anonymous.status()).as(anonymous.describe()).isEqualTo(401); // no server names leak without a key
    Reply known = strictHttp.post("/mcp/no-such-server", bearer(ALICE), SecureHttp.initialize(1));
    assertThat(known.status()).as(known.describe()).isEqualTo(404);
    assertThat(known.json().path("error").isObject()).isTrue();
  }

  @Test
  void scopedKeyWorksOnItsOwnServerAndDefaultEndpointFollowsTheDefaultServer() throws Exception {
    String id = strictHttp.open("/mcp/other", NARROW);
    strictHttp.assertEchoes("/mcp/other", NARROW, id, "in scope");
    Reply viaDefault = strictHttp.post("/mcp", bearer(NARROW), SecureHttp.initialize(1)); // /mcp is fixture
    assertThat(viaDefault.status()).as(viaDefault.describe()).isEqualTo(403);
    // a session id from one server is not usable on another endpoint, even by its owner
    Reply crossEndpoint = strictHttp.post(PATH, bearer(NARROW), SecureHttp.echo(1, "x"), SecureHttp.session(id));
    assertThat(crossEndpoint.status()).as(crossEndpoint.describe()).isEqualTo(403);
    String aliceOnOther = strictHttp.open("/mcp/other", ALICE);
    Reply wrongEndpoint = strictHttp.post(PATH, bearer(ALICE), SecureHttp.echo(1, "x"),
        SecureHttp.session(aliceOnOther));
    assertThat(wrongEndpoint.status()).as(wrongEndpoint.describe()).isEqualTo(404);
    assertThat(wrongEndpoint.errorCode()).isEqualTo(-32004);
  }

  @Test
  void noOAuthIsAdvertisedForStaticKeys() throws Exception {
    for (String path : List.of("/.well-known/oauth-protected-resource",
        "/.well-known/oauth-protected-resource/mcp/fixture", "/.well-known/oauth-authorization-server")) {
      Reply r = strictHttp.send("GET", path, Map.of(), null);
      assertThat(r.status()).as(path + ": " + r.describe()).isEqualTo(404);
    }
    Reply unauthorized = strictHttp.post(PATH, null, SecureHttp.initialize(1));
    assertThat(unauthorized.headerValues("WWW-Authenticate")).singleElement().satisfies(v -> assertThat(v)
        .isEqualTo("Bearer realm=\"switchboard\""));
    Reply wrong = strictHttp.post(PATH, bearer(WRONG), SecureHttp.initialize(1));
    assertThat(wrong.header("WWW-Authenticate")).hasValue("Bearer realm=\"switchboard\", error=\"invalid_token\"");
  }

  @Test
  void oddAuthorizationHeadersAreRefused() throws Exception {
    for (String header : List.of("Basic " + java.util.Base64.getEncoder().encodeToString(("alice:" + ALICE)
        .getBytes()), "Bearer", "Bearer " + ALICE + "x", "Token " + ALICE, ALICE.substring(1))) {
      Reply r = strictHttp.post(PATH, header, SecureHttp.initialize(1));
      assertThat(r.status()).as(header + ": " + r.describe()).isEqualTo(401);
      assertThat(r.json()).isEqualTo(UNAUTHORIZED_BODY);
    }
  }

  @Test
  void aHeaderKeyWinsOverAQueryKey() throws Exception {
    // a wrong header is not rescued by a right query key, even where query keys are allowed
    Reply r = queryHttp.post(PATH + "?api_key=" + ALICE, bearer(WRONG), SecureHttp.initialize(1));
    assertThat(r.status()).as(r.describe()).isEqualTo(401);
  }

  @Test
  void healthDetailAcceptsAQueryKeyWhenAllowed() throws Exception {
    Reply r = queryHttp.send("GET", "/health?api_key=" + ALICE, Map.of(), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().has("security")).as(r.body()).isTrue();
  }
}
