package dev.switchboard.security.oauth;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import dev.switchboard.config.OAuthSettings;
import dev.switchboard.protocol.Json;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway as an OAuth resource server: checks a bearer token for a server (a JWT locally, anything else by
 * introspection), and writes what clients discover the authorization server by — the RFC 9728 metadata and the
 * {@code WWW-Authenticate} challenges. Immutable apart from the JWKS and introspection caches; thread safe. Built
 * once per {@link OAuthSettings} value, so a reload that leaves them unchanged keeps the cached keys and answers.
 */
public final class ResourceServer {
  private final OAuthSettings settings;
  private final @Nullable TokenVerifier jwts;
  private final @Nullable Introspector introspector;
  private final IntrospectionTally introspections;

  public ResourceServer(OAuthSettings settings) {
    this(settings, new IntrospectionTally());
  }

  /** Counting its introspections into {@code introspections} (a previous resource server's, across a reload). */
  public ResourceServer(OAuthSettings settings, IntrospectionTally introspections) {
    this(settings, HttpClient.newBuilder().connectTimeout(HttpJwks.TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER).build(), introspections);
  }

  private ResourceServer(OAuthSettings settings, HttpClient http, IntrospectionTally introspections) {
    this(settings, settings.jwksUri() == null ? null : new JwksCache(new HttpJwks(http, settings.jwksUri()),
        settings.jwksMinRefresh(), settings.jwksMaxAge(), System::nanoTime), http, introspections);
  }

  /** With {@code keys} instead of the JWKS at {@code jwksUri} (null: JWTs only by introspection). */
  ResourceServer(OAuthSettings settings, @Nullable JWKSource<SecurityContext> keys, HttpClient http,
      IntrospectionTally introspections) {
    this.settings = settings;
    this.jwts = keys == null ? null : new TokenVerifier(settings, keys);
    this.introspections = introspections;
    this.introspector = settings.introspection() == null ? null : new Introspector(settings,
        settings.introspection(), http, java.time.InstantSource.system(), introspections);
  }

  public OAuthSettings settings() {
    return settings;
  }

  public IntrospectionTally introspections() {
    return introspections;
  }

  /** Checks {@code token} for use on {@code server} (null: a gateway endpoint such as {@code /metrics}). */
  public Verdict check(String token, @Nullable String server) {
    String audience = settings.audience(server);
    JWT jwt = parse(token);
    if (jwt != null && jwts != null) {
      return jwts.verify(jwt, audience);
    }
    if (introspector != null) {
      return introspector.introspect(token, audience);
    }
    return new Verdict.Invalid("not a JWT, and no introspection endpoint is configured");
  }

  private static @Nullable JWT parse(String token) {
    try {
      return JWTParser.parse(token);
    } catch (java.text.ParseException e) {
      return null;
    }
  }

  /**
   * The {@code WWW-Authenticate} value of a 401 for {@code server}: where the metadata is, the scopes to ask for,
   * and {@code error="invalid_token"} when a token was presented (RFC 6750 §3).
   */
  public String unauthorized(@Nullable String server, boolean presented) {
    List<String> scopes = server == null ? null : settings.scopes().required(server);
    return "Bearer resource_metadata=\"" + settings.metadataUrl(server) + "\""
        + (scopes == null || scopes.isEmpty() ? "" : ", scope=\"" + String.join(" ", scopes) + "\"")
        + (presented ? ", error=\"invalid_token\"" : "");
  }

  /**
   * The {@code WWW-Authenticate} value of a 403: the scopes {@code name} (a server, or {@code admin} or
   * {@code metrics}) needs (RFC 6750 §3.1), and the metadata of the resource it belongs to.
   */
  public String insufficientScope(String name) {
    List<String> scopes = settings.scopes().required(name);
    String resource = OAuthSettings.ScopeRules.reserved(name) ? null : name;
    return "Bearer error=\"insufficient_scope\"" + (scopes == null ? "" : ", scope=\"" + String.join(" ", scopes)
        + "\"") + ", resource_metadata=\"" + settings.metadataUrl(resource) + "\"";
  }

  /**
   * The RFC 9728 document a well-known {@code path} asks for: the root form for the gateway, the path-suffixed form
   * ({@code /mcp/NAME}) for one server when audiences are per server; empty for any other path.
   */
  public Optional<ObjectNode> metadata(String path, java.util.function.Predicate<String> known) {
    String suffix = path.substring(OAuthSettings.WELL_KNOWN.length());
    String base = java.net.URI.create(settings.resource()).getRawPath();
    if (suffix.isEmpty() || suffix.equals("/") || suffix.equals(base)) {
      return Optional.of(document(null));
    }
    String server = suffix.startsWith(base + "/mcp/") ? suffix.substring(base.length() + 5) : "";
    if (!settings.audiencePerServer() || server.isEmpty() || server.contains("/") || !known.test(server)) {
      return Optional.empty();
    }
    return Optional.of(document(server));
  }

  private ObjectNode document(@Nullable String server) {
    ObjectNode doc = Json.object().put("resource", settings.audience(server));
    settings.issuers().forEach(doc.putArray("authorization_servers")::add);
    List<String> needed = server == null ? null : settings.scopes().required(server);
    List<String> scopes = needed != null ? needed : settings.scopes().supported();
    if (!scopes.isEmpty()) {
      scopes.forEach(doc.putArray("scopes_supported")::add);
    }
    doc.putArray("bearer_methods_supported").add("header");
    return doc.put("resource_name", "Switchboard" + (server == null ? "" : " (" + server + ")"));
  }
}
