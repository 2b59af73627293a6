package dev.switchboard.config;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Reads {@code gateway.auth.oauth} into {@link OAuthSettings}; absent means no OAuth. */
final class OAuthLoader {
  private static final Set<String> OAUTH = Set.of("issuer", "issuers", "resource", "audiencePerServer", "jwksUri",
      "algorithms", "clockSkew", "jwksMinRefresh", "jwksMaxAge", "scopes", "introspection");
  private static final Set<String> INTROSPECTION = Set.of("endpoint", "clientId", "clientSecret", "cacheTtl",
      "cacheSize");

  private final Fields f;

  OAuthLoader(Fields fields) {
    this.f = fields;
  }

  @Nullable OAuthSettings read(JsonNode auth, String path) {
    JsonNode node = f.object(auth.path("oauth"), path, OAUTH);
    if (node.isMissingNode()) {
      return null;
    }
    List<String> issuers = issuers(node, path);
    String resource = url(f.string(node, "resource", path), path + ".resource", true);
    URI jwks = uri(url(f.string(node, "jwksUri", path), path + ".jwksUri", false));
    OAuthSettings.Introspection introspection = introspection(node.path("introspection"), path + ".introspection");
    if (jwks == null && introspection == null) {
      f.problem(path, "needs \"jwksUri\" (JWT access tokens), \"introspection\" (opaque tokens), or both");
    }
    return new OAuthSettings(issuers, resource == null ? "https://invalid" : resource,
        bool(node, "audiencePerServer", path), jwks, algorithms(node, path),
        f.duration(node, "clockSkew", path, Duration.ofSeconds(60)),
        f.duration(node, "jwksMinRefresh", path, Duration.ofSeconds(30)),
        f.duration(node, "jwksMaxAge", path, Duration.ofMinutes(10)), scopes(node, path + ".scopes"),
        introspection);
  }

  private List<String> issuers(JsonNode node, String path) {
    List<String> issuers = new java.util.ArrayList<>(f.strings(node, "issuers", path));
    String one = f.string(node, "issuer", path);
    if (one != null) {
      issuers.add(one);
    }
    if (issuers.isEmpty()) {
      f.problem(path, "needs \"issuer\" (or \"issuers\"): the authorization server(s) whose tokens are accepted");
    }
    return issuers;
  }

  private List<String> algorithms(JsonNode node, String path) {
    if (!node.has("algorithms")) {
      return OAuthSettings.ASYMMETRIC;
    }
    List<String> algorithms = f.strings(node, "algorithms", path);
    for (String alg : algorithms) {
      if (!OAuthSettings.ASYMMETRIC.contains(alg)) {
        f.problem(path + ".algorithms", "\"" + alg + "\" is not accepted: " + (alg.toUpperCase(Locale.ROOT)
            .startsWith("HS") ? "an HMAC key is a shared secret, not a public key"
            : alg.equalsIgnoreCase("none") ? "unsigned tokens prove nothing" : "unknown")
            + "; choose from " + OAuthSettings.ASYMMETRIC);
      }
    }
    if (algorithms.isEmpty()) {
      f.problem(path + ".algorithms", "name at least one of " + OAuthSettings.ASYMMETRIC);
    }
    return algorithms.stream().filter(OAuthSettings.ASYMMETRIC::contains).toList();
  }

  private OAuthSettings.ScopeRules scopes(JsonNode node, String path) {
    JsonNode scopes = node.path("scopes");
    if (scopes.isMissingNode() || scopes.isNull()) {
      return OAuthSettings.ScopeRules.NONE;
    }
    if (!scopes.isObject()) {
      f.problem(path, "expected an object: server or group name (or \"*\") -> scopes it needs");
      return OAuthSettings.ScopeRules.NONE;
    }
    Map<String, List<String>> rules = new LinkedHashMap<>();
    for (var e : scopes.properties()) {
      JsonNode v = e.getValue();
      rules.put(e.getKey(), v.isString() ? List.of(v.asString().split(" +")) : f.strings(scopes, e.getKey(), path));
    }
    return new OAuthSettings.ScopeRules(rules);
  }

  private OAuthSettings.@Nullable Introspection introspection(JsonNode raw, String path) {
    JsonNode node = f.object(raw, path, INTROSPECTION);
    if (node.isMissingNode()) {
      return null;
    }
    URI endpoint = uri(url(f.string(node, "endpoint", path), path + ".endpoint", true));
    Duration ttl = f.duration(node, "cacheTtl", path, OAuthSettings.Introspection.DEFAULT_CACHE_TTL);
    if (ttl.compareTo(OAuthSettings.Introspection.MAX_CACHE_TTL) > 0) {
      f.problem(path + ".cacheTtl", "at most 1h: a revoked token stays accepted until its cached answer expires "
          + "(0 turns the cache off)");
    }
    int size = f.integer(node, "cacheSize", path, OAuthSettings.Introspection.DEFAULT_CACHE_SIZE, 1,
        OAuthSettings.Introspection.MAX_CACHE_SIZE);
    return endpoint == null ? null : new OAuthSettings.Introspection(endpoint, f.string(node, "clientId", path),
        f.string(node, "clientSecret", path), ttl, size);
  }

  /** An absolute http(s) URL without query or fragment, or null (reported when {@code required}). */
  private @Nullable String url(@Nullable String value, String path, boolean required) {
    if (value == null) {
      if (required) {
        f.problem(path, "required: an absolute https:// URL");
      }
      return null;
    }
    try {
      URI uri = new URI(value);
      if (uri.getScheme() != null && uri.getScheme().matches("https?") && uri.getHost() != null
          && uri.getRawQuery() == null && uri.getRawFragment() == null) {
        return value;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    f.problem(path, "expected an absolute http(s) URL without query or fragment, got \"" + value + "\"");
    return null;
  }

  private static @Nullable URI uri(@Nullable String value) {
    return value == null ? null : URI.create(value);
  }

  private boolean bool(JsonNode node, String key, String path) {
    JsonNode value = node.get(key);
    if (value != null && !value.isBoolean()) {
      f.problem(path + "." + key, "expected true or false");
    }
    return value != null && value.asBoolean(false);
  }
}
