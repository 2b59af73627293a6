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
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * RFC 7662 token introspection for opaque access tokens: asks the authorization server whether a token is active,
 * then checks issuer, audience and expiry as for a JWT. Active answers are cached briefly ({@link IntrospectionCache});
 * the checks run on every use, so one cached answer serves each audience only if it names it. Thread safe; blocks the
 * calling (virtual) thread for at most the HTTP timeouts, or while another request introspects the same token.
 */
final class Introspector {
  private static final int MAX_BYTES = 64 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  /** Connect, headers and body together. */
  private static final Duration ROUND_TRIP = TIMEOUT.multipliedBy(2);
  private final OAuthSettings settings;
  private final OAuthSettings.Introspection endpoint;
  private final HttpClient http;
  private final InstantSource clock;
  private final IntrospectionCache cache;

  Introspector(OAuthSettings settings, OAuthSettings.Introspection endpoint, HttpClient http, InstantSource clock,
      IntrospectionTally tally) {
    this.settings = settings;
    this.endpoint = endpoint;
    this.http = http;
    this.clock = clock;
    // a round trip ends within ROUND_TRIP (post); a request waiting on another's waits a little longer
    this.cache = new IntrospectionCache(this::ask, endpoint.cacheTtl(), endpoint.cacheSize(),
        ROUND_TRIP.plus(TIMEOUT), clock, tally);
  }

  Verdict introspect(String token, String audience) {
    Optional<ActiveToken> answer;
    try {
      answer = cache.get(token);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Verdict.Invalid("introspection interrupted");
    } catch (Exception e) {
      return new Verdict.Invalid("introspection failed: " + e);
    }
    return answer.isEmpty() ? new Verdict.Invalid("the authorization server says the token is not active")
        : check(answer.get(), audience);
  }

  private Optional<ActiveToken> ask(String token) throws Exception {
    JsonNode answer = post(token);
    return answer.path("active").asBoolean(false) ? Optional.of(ActiveToken.of(answer)) : Optional.empty();
  }

  private Verdict check(ActiveToken token, String audience) {
    String issuer = token.issuer() == null ? settings.issuers().getFirst() : token.issuer();
    if (!settings.issuers().contains(issuer)) {
      return new Verdict.Invalid("issuer " + issuer + " is not accepted");
    }
    if (!token.audiences().contains(audience)) {
      return new Verdict.Invalid("audience " + token.audiences() + " does not name " + audience);
    }
    Instant expiry = token.expiry();
    if (expiry != null && expiry.plus(settings.clockSkew()).isBefore(clock.instant())) {
      return new Verdict.Invalid("expired");
    }
    if (token.subject().isEmpty()) {
      return new Verdict.Invalid("the introspection answer names no subject");
    }
    return new Verdict.Valid(new Grant(issuer, token.subject(), token.clientId(), token.scopes(), settings.scopes()));
  }

  private JsonNode post(String token) throws Exception {
    String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=access_token";
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.endpoint()).timeout(TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (endpoint.clientId() != null) {
      String pair = form(endpoint.clientId()) + ":" + form(String.valueOf(endpoint.clientSecret()));
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    // bounded while it is read: a hostile endpoint's endless body costs MAX_BYTES, not the heap
    HttpResponse<byte[]> r = answer(http.sendAsync(b.build(), BoundedBody.atMost(MAX_BYTES)));
    if (r.statusCode() != 200) {
      throw new java.io.IOException("the introspection endpoint answered " + r.statusCode());
    }
    return Json.parse(r.body());
  }

  /**
   * The whole answer within {@link #ROUND_TRIP}: the request's own timeout stops at the response headers, and a
   * server that stalls after them would hold this request (and every request with the same token, which waits on
   * it) for good.
   */
  private static HttpResponse<byte[]> answer(CompletableFuture<HttpResponse<byte[]>> call) throws Exception {
    try {
      return call.get(ROUND_TRIP.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new java.io.IOException("no complete introspection answer within " + ROUND_TRIP.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** RFC 6749 §2.3.1: client credentials in Basic auth are form-encoded first. */
  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
