package dev.switchboard.config;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who may use the gateway and from where: API keys with their scopes, whether a key may travel in the query string,
 * per-key rate limits and session caps, browser origins allowed by CORS, whether to trust a reverse proxy's
 * {@code X-Forwarded-*} headers, an optional TLS certificate for HTTPS, and whether {@code /metrics} is open to anyone
 * who can reach it ({@code gateway.metrics.public}), and OAuth resource-server mode ({@code gateway.auth.oauth}).
 */
public record SecuritySettings(
    List<ApiKey> keys,
    boolean allowQueryKey,
    double ratePerSecond,
    int rateBurst,
    int maxSessionsPerKey,
    List<String> corsOrigins,
    boolean trustProxy,
    @Nullable Tls tls,
    boolean insecureNoAuth,
    boolean metricsPublic,
    @Nullable OAuthSettings oauth,
    boolean metricsEnabled) {

  public static final SecuritySettings DEFAULTS = new SecuritySettings(List.of(), false, 0, 0, 1000, List.of(),
      false, null, false, false, null, true);

  /** With metrics on. */
  public SecuritySettings(List<ApiKey> keys, boolean allowQueryKey, double ratePerSecond, int rateBurst,
      int maxSessionsPerKey, List<String> corsOrigins, boolean trustProxy, @Nullable Tls tls, boolean insecureNoAuth,
      boolean metricsPublic, @Nullable OAuthSettings oauth) {
    this(keys, allowQueryKey, ratePerSecond, rateBurst, maxSessionsPerKey, corsOrigins, trustProxy, tls,
        insecureNoAuth, metricsPublic, oauth, true);
  }

  /** Without OAuth. */
  public SecuritySettings(List<ApiKey> keys, boolean allowQueryKey, double ratePerSecond, int rateBurst,
      int maxSessionsPerKey, List<String> corsOrigins, boolean trustProxy, @Nullable Tls tls, boolean insecureNoAuth,
      boolean metricsPublic) {
    this(keys, allowQueryKey, ratePerSecond, rateBurst, maxSessionsPerKey, corsOrigins, trustProxy, tls,
        insecureNoAuth, metricsPublic, null);
  }

  /** With {@code /metrics} protected (not public). */
  public SecuritySettings(List<ApiKey> keys, boolean allowQueryKey, double ratePerSecond, int rateBurst,
      int maxSessionsPerKey, List<String> corsOrigins, boolean trustProxy, @Nullable Tls tls, boolean insecureNoAuth) {
    this(keys, allowQueryKey, ratePerSecond, rateBurst, maxSessionsPerKey, corsOrigins, trustProxy, tls,
        insecureNoAuth, false);
  }

  public SecuritySettings {
    keys = List.copyOf(keys);
    corsOrigins = List.copyOf(corsOrigins);
  }

  /**
   * Credentials (a key or an OAuth token) are required unless neither keys nor OAuth are configured (loopback
   * development mode, like the seed's {@code dummy}).
   */
  public boolean authRequired() {
    return !keys.isEmpty() || oauth != null;
  }

  /** Adds a key; its name must be new, because sessions, caps and rate limits are kept by key name. */
  public SecuritySettings withKey(ApiKey key) {
    if (keys.stream().anyMatch(k -> k.name().equals(key.name()))) {
      throw new IllegalArgumentException("an API key named '" + key.name() + "' already exists");
    }
    var all = new java.util.ArrayList<>(keys);
    all.add(key);
    return new SecuritySettings(all, allowQueryKey, ratePerSecond, rateBurst, maxSessionsPerKey, corsOrigins,
        trustProxy, tls, insecureNoAuth, metricsPublic, oauth, metricsEnabled);
  }

  public SecuritySettings withInsecureNoAuth(boolean insecure) {
    return new SecuritySettings(keys, allowQueryKey, ratePerSecond, rateBurst, maxSessionsPerKey, corsOrigins,
        trustProxy, tls, insecure, metricsPublic, oauth, metricsEnabled);
  }

  /** A certificate and key: a PKCS#12 (or JKS) key store, or a PEM certificate chain plus a PEM private key. */
  public record Tls(@Nullable Path keyStore, @Nullable String keyStorePassword, @Nullable Path certificate,
      @Nullable Path privateKey) {}
}
