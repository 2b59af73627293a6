package dev.switchboard.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code gateway.auth} (its {@code oauth} part through {@link OAuthLoader}), {@code gateway.cors}, {@code gateway.trustProxy}, {@code gateway.tls} and
 * {@code gateway.metrics}.
 */
final class SecurityLoader {
  private static final Set<String> AUTH = Set.of("keys", "allowQueryKey", "rateLimit", "maxSessionsPerKey", "oauth");
  private static final Set<String> KEY = Set.of("name", "key", "servers", "tools");
  private static final Set<String> RATE = Set.of("perSecond", "perMinute", "burst");
  private static final Set<String> CORS = Set.of("origins");
  private static final Set<String> METRICS = Set.of("public", "enabled");
  private static final Set<String> TLS = Set.of("keyStore", "keyStorePassword", "certificate", "privateKey");

  private final Fields f;

  SecurityLoader(Fields fields) {
    this.f = fields;
  }

  SecuritySettings read(JsonNode gateway, String path) {
    SecuritySettings d = SecuritySettings.DEFAULTS;
    JsonNode auth = f.object(gateway.path("auth"), path + ".auth", AUTH);
    JsonNode rate = f.object(auth.path("rateLimit"), path + ".auth.rateLimit", RATE);
    JsonNode cors = f.object(gateway.path("cors"), path + ".cors", CORS);
    double perSecond = rate(rate, path + ".auth.rateLimit");
    int burst = f.integer(rate, "burst", path + ".auth.rateLimit", (int) Math.max(1, Math.ceil(perSecond * 2)), 1,
        1_000_000);
    return new SecuritySettings(keys(auth.path("keys"), path + ".auth.keys"),
        bool(auth, "allowQueryKey", path + ".auth", false), perSecond, burst,
        f.integer(auth, "maxSessionsPerKey", path + ".auth", d.maxSessionsPerKey(), 1, Integer.MAX_VALUE),
        f.strings(cors, "origins", path + ".cors"), bool(gateway, "trustProxy", path, false),
        tls(gateway.path("tls"), path + ".tls"), false,
        bool(f.object(gateway.path("metrics"), path + ".metrics", METRICS), "public", path + ".metrics", false),
        new OAuthLoader(f).read(auth, path + ".auth.oauth"),
        bool(gateway.path("metrics"), "enabled", path + ".metrics", true));
  }

  private List<ApiKey> keys(JsonNode node, String path) {
    List<ApiKey> keys = new ArrayList<>();
    if (node.isMissingNode()) {
      return keys;
    }
    if (!node.isArray()) {
      f.problem(path, "expected an array of {\"name\", \"key\", \"servers\"}");
      return keys;
    }
    for (int i = 0; i < node.size(); i++) {
      ApiKey key = key(node.get(i), path + "[" + i + "]");
      if (key != null && keys.stream().anyMatch(k -> k.name().equals(key.name()))) {
        f.problem(path + "[" + i + "].name", "duplicate key name \"" + key.name() + "\"");
      } else if (key != null) {
        keys.add(key);
      }
    }
    return keys;
  }

  private @Nullable ApiKey key(JsonNode node, String path) {
    JsonNode entry = f.object(node, path, KEY);
    String name = f.string(entry, "name", path);
    String secret = f.string(entry, "key", path);
    List<String> servers = entry.has("servers") ? f.strings(entry, "servers", path) : List.of("*");
    ToolFilter tools = new GroupLoader(f).filter(entry, path);
    if (name == null || secret == null || secret.isBlank()) {
      f.problem(path, "needs \"name\" and \"key\" (the key itself, or \"sha256:<64 hex digits>\")");
      return null;
    }
    if (name.startsWith("oauth:")) {
      f.problem(path + ".name", "\"oauth:\" names OAuth principals; choose another key name");
    }
    if (!secret.startsWith("sha256:")) {
      if (secret.length() < 16) {
        f.problem(path + ".key", "too short: use at least 16 characters (e.g. openssl rand -hex 24)");
      }
      return ApiKey.ofSecret(name, secret, servers, tools);
    }
    String hex = secret.substring("sha256:".length());
    if (!hex.matches("[0-9a-fA-F]{64}")) {
      f.problem(path + ".key", "a sha256: key needs exactly 64 hex digits");
      return null;
    }
    return new ApiKey(name, hex, servers, tools);
  }

  private double rate(JsonNode rate, String path) {
    JsonNode perSecond = rate.get("perSecond");
    JsonNode perMinute = rate.get("perMinute");
    if (perSecond != null && perSecond.isNumber() && perSecond.asDouble() > 0) {
      return perSecond.asDouble();
    }
    if (perMinute != null && perMinute.isNumber() && perMinute.asDouble() > 0) {
      return perMinute.asDouble() / 60.0;
    }
    if (perSecond != null || perMinute != null) {
      f.problem(path, "perSecond or perMinute must be a positive number");
    }
    return 0;
  }

  private SecuritySettings.@Nullable Tls tls(JsonNode raw, String path) {
    JsonNode node = f.object(raw, path, TLS);
    if (node.isMissingNode()) {
      return null;
    }
    Path keyStore = path(f.string(node, "keyStore", path));
    Path certificate = path(f.string(node, "certificate", path));
    Path privateKey = path(f.string(node, "privateKey", path));
    if ((keyStore == null) == (certificate == null) || (certificate == null) != (privateKey == null)) {
      f.problem(path, "give either \"keyStore\" (PKCS#12) or both \"certificate\" and \"privateKey\" (PEM)");
    }
    return new SecuritySettings.Tls(keyStore, f.string(node, "keyStorePassword", path), certificate, privateKey);
  }

  private boolean bool(JsonNode node, String key, String path, boolean fallback) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      f.problem(path + "." + key, "expected true or false");
      return fallback;
    }
    return value.asBoolean();
  }

  private static @Nullable Path path(@Nullable String value) {
    return value == null ? null : Path.of(ConfigLoader.expandHome(value));
  }
}
