package dev.switchboard.config;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Every setting of the {@code gateway} section (plus the {@code --insecure-no-auth} flag) by its config path, with
 * how to read it from {@link GatewaySettings}. {@link ConfigDiff} compares them one by one. A test checks that every
 * record component is listed, so a new setting cannot be forgotten. Immutable.
 */
final class SettingPaths {
  /** One setting: its path and its value in a {@link GatewaySettings}. */
  record Setting(String path, Function<GatewaySettings, @Nullable Object> value) {}

  static final List<Setting> GATEWAY = List.of(
      of("gateway.host", GatewaySettings::host),
      of("gateway.port", GatewaySettings::port),
      of("gateway.portRetries", GatewaySettings::portRetries),
      of("gateway.defaultServer", GatewaySettings::defaultServer),
      of("gateway.sessions.idleTimeout", g -> g.sessions().idleTimeout()),
      of("gateway.sessions.max", g -> g.sessions().max()),
      of("gateway.sessions.rpcIdleTimeout", g -> g.sessions().rpcIdleTimeout()),
      of("gateway.sessions.unusedGrace", g -> g.sessions().unusedGrace()),
      of("gateway.sessions.inputTimeout", g -> g.sessions().inputTimeout()),
      of("gateway.limits.maxBodyBytes", g -> g.limits().maxBodyBytes()),
      of("gateway.limits.maxLineBytes", g -> g.limits().maxLineBytes()),
      of("gateway.limits.maxStreamEvents", g -> g.limits().maxStreamEvents()),
      of("gateway.limits.maxHeaderBytes", g -> g.limits().maxHeaderBytes()),
      of("gateway.limits.maxInFlightPerSession", g -> g.limits().maxInFlightPerSession()),
      of("gateway.limits.maxRetainedEvents", g -> g.limits().maxRetainedEvents()),
      of("gateway.allowedHosts", GatewaySettings::allowedHosts),
      of("gateway.allowedOrigins", GatewaySettings::allowedOrigins),
      of("gateway.heartbeat", GatewaySettings::heartbeat),
      of("gateway.shutdownGrace", GatewaySettings::shutdownGrace),
      of("gateway.ioThreads", GatewaySettings::ioThreads),
      of("gateway.logging.maxFileSize", g -> g.logging().maxFileSize()),
      of("gateway.logging.maxFiles", g -> g.logging().maxFiles()),
      of("gateway.logging.requests", g -> g.logging().requests()),
      of("gateway.logging.level", g -> g.logging().level()),
      of("gateway.logging.access", g -> g.logging().access()),
      of("gateway.logging.payloads", g -> g.logging().payloads()),
      of("gateway.upstreams.maxChildren", g -> g.upstreams().maxChildren()),
      of("gateway.upstreams.maxConcurrentSpawns", g -> g.upstreams().maxConcurrentSpawns()),
      of("gateway.upstreams.acquireTimeout", g -> g.upstreams().acquireTimeout()),
      of("gateway.auth.keys", g -> g.security().keys()),
      of("gateway.auth.allowQueryKey", g -> g.security().allowQueryKey()),
      of("gateway.auth.rateLimit.perSecond", g -> g.security().ratePerSecond()), // perMinute lands here too
      of("gateway.auth.rateLimit.burst", g -> g.security().rateBurst()),
      of("gateway.auth.maxSessionsPerKey", g -> g.security().maxSessionsPerKey()),
      of("gateway.auth.oauth", g -> g.security().oauth()),
      of("gateway.cors.origins", g -> g.security().corsOrigins()),
      of("gateway.trustProxy", g -> g.security().trustProxy()),
      of("gateway.tls", g -> g.security().tls()),
      of("gateway.metrics.public", g -> g.security().metricsPublic()),
      of("gateway.metrics.enabled", g -> g.security().metricsEnabled()),
      of("gateway.groups", GatewaySettings::groups),
      of("--insecure-no-auth", g -> g.security().insecureNoAuth()));

  private SettingPaths() {}

  private static Setting of(String path, Function<GatewaySettings, @Nullable Object> value) {
    return new Setting(path, value);
  }
}
