package dev.switchboard.security.oauth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An authorization server made for tests: its own RSA and EC signing keys, a JWKS (which a test may rotate) and an
 * RFC 7662 introspection endpoint on 127.0.0.1, and a minter for access tokens, well-formed or broken on purpose.
 * The JDK's HTTP server answers on its own threads; the key list is swapped whole, so a fetch sees one set.
 */
public final class TestIssuer implements AutoCloseable {
  public static final String CLIENT = "test-client";

  private final @Nullable HttpServer server;
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private final AtomicInteger introspections = new AtomicInteger();
  private volatile int introspectionStatus = 200;
  private final Map<String, String> opaque = new ConcurrentHashMap<>();
  private volatile List<JWK> published;
  private volatile RSAKey rsa;
  private final ECKey ec;

  private TestIssuer(boolean serve) throws Exception {
    this.rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    this.ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    this.published = List.of(rsa.toPublicJWK(), ec.toPublicJWK());
    if (!serve) {
      server = null;
      return;
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/jwks", this::jwks);
    server.createContext("/introspect", this::introspect);
    server.start();
  }

  /** Keys and tokens only; {@link #fetch()} hands the JWKS over without a socket. */
  public static TestIssuer inMemory() throws Exception {
    return new TestIssuer(false);
  }

  /** With the JWKS and the introspection endpoint served on 127.0.0.1. */
  public static TestIssuer serving() throws Exception {
    return new TestIssuer(true);
  }

  public String issuer() {
    return server == null ? "https://issuer.test" : "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The JWKS as published now, counted like a fetch over HTTP. */
  public JWKSet fetch() {
    jwksFetches.incrementAndGet();
    return new JWKSet(published);
  }

  public String jwksUri() {
    return issuer() + "/jwks";
  }

  public String introspectionUri() {
    return issuer() + "/introspect";
  }

  public int jwksFetches() {
    return jwksFetches.get();
  }

  /** Introspection requests answered so far, failed ones included. */
  public int introspections() {
    return introspections.get();
  }

  /** The HTTP status the introspection endpoint answers with from now on; anything but 200 has no body. */
  public void introspectionStatus(int status) {
    introspectionStatus = status;
  }

  /** A new RSA key with a new {@code kid} replaces the old one, in the JWKS and for signing. */
  public void rotate(String kid) throws Exception {
    RSAKey next = new RSAKeyGenerator(2048).keyID(kid).generate();
    List<JWK> keys = new ArrayList<>(List.of(next.toPublicJWK(), ec.toPublicJWK()));
    rsa = next;
    published = keys;
  }

  /** Claims of a good token for {@code audience}: this issuer, {@code subject}, an hour to live, {@code scope}. */
  public JWTClaimsSet.Builder claims(String subject, String audience, String scope) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder().issuer(issuer()).subject(subject).audience(audience)
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600))).claim("client_id", CLIENT)
        .claim("scope", scope);
  }

  public String token(String subject, String audience, String scope) throws Exception {
    return rs256(claims(subject, audience, scope).build());
  }

  public String rs256(JWTClaimsSet claims) throws Exception {
    return sign(claims, rsa, JWSAlgorithm.RS256);
  }

  public String es256(JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID())
        .type(new JOSEObjectType("at+jwt")).build(), claims);
    jwt.sign(new ECDSASigner(ec));
    return jwt.serialize();
  }

  /** Signed with a key the JWKS does not hold, under the {@code kid} of one it does. */
  public String forged(JWTClaimsSet claims) throws Exception {
    return sign(claims, new RSAKeyGenerator(2048).keyID(rsa.getKeyID()).generate(), JWSAlgorithm.RS256);
  }

  /** Signed with a new key whose {@code kid} is not published (yet). */
  public String withUnknownKid(JWTClaimsSet claims, String kid) throws Exception {
    return sign(claims, new RSAKeyGenerator(2048).keyID(kid).generate(), JWSAlgorithm.RS256);
  }

  public static String unsigned(JWTClaimsSet claims) {
    return new PlainJWT(claims).serialize();
  }

  /** The classic key-confusion forgery: HS256 with the published RSA public key as the HMAC secret. */
  public String hs256WithPublicKey(JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(rsa.getKeyID()).build(), claims);
    jwt.sign(new MACSigner(rsa.toRSAPublicKey().getEncoded()));
    return jwt.serialize();
  }

  private static String sign(JWTClaimsSet claims, RSAKey key, JWSAlgorithm alg) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
        claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  /** An opaque token that introspection describes with {@code answer} (an RFC 7662 JSON object). */
  public String opaque(String answer) {
    String token = "opaque-" + java.util.UUID.randomUUID();
    opaque.put(token, answer);
    return token;
  }

  /** From now on, introspection describes {@code token} with {@code answer}. */
  public void describe(String token, String answer) {
    opaque.put(token, answer);
  }

  private void jwks(HttpExchange exchange) throws IOException {
    reply(exchange, fetch().toString(true));
  }

  private void introspect(HttpExchange exchange) throws IOException {
    String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String token = java.net.URLDecoder.decode(form.replaceAll("^token=([^&]*).*$", "$1"), StandardCharsets.UTF_8);
    introspections.incrementAndGet();
    int status = introspectionStatus;
    if (status != 200) {
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
      return;
    }
    reply(exchange, opaque.getOrDefault(token, "{\"active\":false}"));
  }

  private static void reply(HttpExchange exchange, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Lets a test change a claim set builder in place. */
  public static JWTClaimsSet with(JWTClaimsSet.Builder claims, Consumer<JWTClaimsSet.Builder> change) {
    change.accept(claims);
    return claims.build();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
  }
}
