package dev.switchboard.security.oauth;

import dev.switchboard.config.OAuthSettings;
import dev.switchboard.protocol.Json;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * RFC 7662 token introspection for opaque access tokens: asks the authorization server whether a token is active,
 * then checks issuer, audience and expiry as for a JWT. No cache: every request with an opaque token costs one
 * round trip. Thread safe; blocks the calling (virtual) thread for at most the HTTP timeout.
 */
final class Introspector {
  private static final int MAX_BYTES = 64 * 1024;
  private final OAuthSettings settings;
  private final OAuthSettings.Introspection endpoint;
  private final HttpClient http;

  Introspector(OAuthSettings settings, OAuthSettings.Introspection endpoint, HttpClient http) {
    this.settings = settings;
    this.endpoint = endpoint;
    this.http = http;
  }

  Verdict introspect(String token, String audience) {
    JsonNode answer;
    try {
      answer = post(token);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Verdict.Invalid("introspection interrupted");
    } catch (Exception e) {
      return new Verdict.Invalid("introspection failed: " + e);
    }
    if (!answer.path("active").asBoolean(false)) {
      return new Verdict.Invalid("the authorization server says the token is not active");
    }
    return check(answer, audience);
  }

  private Verdict check(JsonNode answer, String audience) {
    String issuer = answer.path("iss").asString(settings.issuers().getFirst());
    if (!settings.issuers().contains(issuer)) {
      return new Verdict.Invalid("issuer " + issuer + " is not accepted");
    }
    JsonNode aud = answer.path("aud");
    boolean named = aud.isArray() ? aud.valueStream().anyMatch(a -> a.asString("").equals(audience))
        : aud.asString("").equals(audience);
    if (!named) {
      return new Verdict.Invalid("audience " + aud + " does not name " + audience);
    }
    JsonNode exp = answer.path("exp");
    if (exp.isNumber() && Instant.ofEpochSecond(exp.asLong()).plus(settings.clockSkew()).isBefore(Instant.now())) {
      return new Verdict.Invalid("expired");
    }
    String subject = answer.path("sub").asString(answer.path("username").asString(""));
    if (subject.isEmpty()) {
      return new Verdict.Invalid("the introspection answer names no subject");
    }
    String client = answer.path("client_id").asString("");
    return new Verdict.Valid(new Grant(issuer, subject, client.isEmpty() ? null : client,
        scopes(answer.path("scope").asString("")), settings.scopes()));
  }

  private static Set<String> scopes(String scope) {
    Set<String> out = new LinkedHashSet<>(List.of(scope.strip().split(" +")));
    out.remove("");
    return out;
  }

  private JsonNode post(String token) throws Exception {
    String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=access_token";
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.endpoint()).timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (endpoint.clientId() != null) {
      String pair = form(endpoint.clientId()) + ":" + form(String.valueOf(endpoint.clientSecret()));
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<java.io.InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (java.io.InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw new java.io.IOException("the introspection endpoint answered " + r.statusCode());
      }
      return Json.parse(in.readNBytes(MAX_BYTES));
    }
  }

  /** RFC 6749 §2.3.1: client credentials in Basic auth are form-encoded first. */
  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
