package dev.switchboard.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code gateway.auth.oauth}: the gateway as an OAuth 2.1 resource server. Access tokens come from the
 * {@code issuers}; each must name this gateway's public URL ({@code resource}, or {@code resource/mcp/NAME} with
 * {@code audiencePerServer}) as its audience. JWTs are checked against the JWKS at {@code jwksUri}, signed with one of
 * {@code algorithms} (asymmetric only); other tokens go to RFC 7662 {@code introspection} when configured.
 */
public record OAuthSettings(
    List<String> issuers,
    String resource,
    boolean audiencePerServer,
    @Nullable URI jwksUri,
    List<String> algorithms,
    Duration clockSkew,
    Duration jwksMinRefresh,
    Duration jwksMaxAge,
    ScopeRules scopes,
    @Nullable Introspection introspection) {

  /** The asymmetric JWS algorithms a token may be signed with; never {@code none}, never an HMAC. */
  public static final List<String> ASYMMETRIC = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
      "ES256", "ES384", "ES512");
  public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

  public OAuthSettings {
    issuers = List.copyOf(issuers);
    algorithms = List.copyOf(algorithms);
    resource = resource.endsWith("/") ? resource.substring(0, resource.length() - 1) : resource;
  }

  /** The audience a token must name to be used on {@code server} (null: no server, e.g. {@code /metrics}). */
  public String audience(@Nullable String server) {
    return server != null && audiencePerServer ? resource + "/mcp/" + server : resource;
  }

  /** The RFC 9728 metadata URL of {@link #audience}: the well-known path inserted before the resource's path. */
  public String metadataUrl(@Nullable String server) {
    URI r = URI.create(audience(server));
    String path = r.getRawPath() == null || r.getRawPath().equals("/") ? "" : r.getRawPath();
    return r.getScheme() + "://" + r.getRawAuthority() + WELL_KNOWN + path;
  }

  /**
   * RFC 7662 token introspection: where, the client credentials the gateway authenticates with, and how long (at
   * most; never past a token's {@code exp}) and how many active answers are cached ({@code cacheTtl} zero: none).
   */
  public record Introspection(URI endpoint, @Nullable String clientId, @Nullable String clientSecret,
      Duration cacheTtl, int cacheSize) {
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(60);
    /** A revoked token stays accepted for up to the TTL, so it is kept short. */
    public static final Duration MAX_CACHE_TTL = Duration.ofHours(1);
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    public static final int MAX_CACHE_SIZE = 1_000_000;

    /** With the default cache. */
    public Introspection(URI endpoint, @Nullable String clientId, @Nullable String clientSecret) {
      this(endpoint, clientId, clientSecret, DEFAULT_CACHE_TTL, DEFAULT_CACHE_SIZE);
    }

    @Override
    public String toString() {
      return "Introspection[" + endpoint + ", clientId=" + clientId + ", cacheTtl=" + cacheTtl + ", cacheSize="
          + cacheSize + "]"; // never the secret
    }
  }

  /**
   * The scopes a token needs per server or group: an entry by name, else the {@code *} entry, else none. The
   * reserved names {@code admin} and {@code metrics} need an entry of their own: no token reaches them by default.
   */
  public record ScopeRules(Map<String, List<String>> byName) {
    public static final ScopeRules NONE = new ScopeRules(Map.of());
    private static final List<String> RESERVED = List.of("admin", "metrics");

    public ScopeRules {
      byName = Map.copyOf(byName);
    }

    /** The scopes {@code name} requires, or null when no token may use it. */
    public @Nullable List<String> required(String name) {
      List<String> own = byName.get(name);
      if (own != null || RESERVED.contains(name)) {
        return own;
      }
      return byName.getOrDefault("*", List.of());
    }

    /** Whether {@code name} is a gateway endpoint ({@code admin}, {@code metrics}) rather than a server or group. */
    public static boolean reserved(String name) {
      return RESERVED.contains(name);
    }

    /** Every scope named, for {@code scopes_supported}. */
    public List<String> supported() {
      return byName.values().stream().flatMap(List::stream).distinct().sorted().toList();
    }
  }
}
