package dev.switchboard.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The {@code gateway} section: where to listen, which names and origins to trust, and the session and size bounds. */
public record GatewaySettings(
    String host,
    int port,
    int portRetries,
    @Nullable String defaultServer,
    SessionSettings sessions,
    Limits limits,
    List<String> allowedHosts,
    List<String> allowedOrigins,
    Duration heartbeat,
    Duration shutdownGrace,
    LogSettings logging,
    UpstreamLimits upstreams,
    SecuritySettings security,
    Map<String, GroupSpec> groups,
    IoThreads ioThreads) {

  public static final int DEFAULT_PORT = 7182;

  public GatewaySettings {
    allowedHosts = List.copyOf(allowedHosts);
    allowedOrigins = List.copyOf(allowedOrigins);
    groups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groups));
  }

  /** Settings without groups. */
  public GatewaySettings(String host, int port, int portRetries, @Nullable String defaultServer,
      SessionSettings sessions, Limits limits, List<String> allowedHosts, List<String> allowedOrigins,
      Duration heartbeat, Duration shutdownGrace, LogSettings logging, UpstreamLimits upstreams,
      SecuritySettings security) {
    this(host, port, portRetries, defaultServer, sessions, limits, allowedHosts, allowedOrigins, heartbeat,
        shutdownGrace, logging, upstreams, security, Map.of(), IoThreads.AUTO);
  }

  public static GatewaySettings defaults() {
    return new GatewaySettings("127.0.0.1", DEFAULT_PORT, 10, null, SessionSettings.DEFAULTS, Limits.DEFAULTS, List
        .of(),
        List.of(), Duration.ofSeconds(15), Duration.ofSeconds(10), LogSettings.DEFAULTS,
        UpstreamLimits.DEFAULTS, SecuritySettings.DEFAULTS);
  }

  public GatewaySettings withPort(int newPort) {
    return new GatewaySettings(host, newPort, portRetries, defaultServer, sessions, limits, allowedHosts,
        allowedOrigins,
        heartbeat, shutdownGrace, logging, upstreams, security, groups, ioThreads);
  }

  public GatewaySettings withDefaultServer(@Nullable String server) {
    return new GatewaySettings(host, port, portRetries, server, sessions, limits, allowedHosts, allowedOrigins,
        heartbeat, shutdownGrace, logging, upstreams, security, groups, ioThreads);
  }

  public GatewaySettings withSecurity(SecuritySettings newSecurity) {
    return new GatewaySettings(host, port, portRetries, defaultServer, sessions, limits, allowedHosts, allowedOrigins,
        heartbeat, shutdownGrace, logging, upstreams, newSecurity, groups, ioThreads);
  }

  /** Whether the bound address is reachable only from this machine. */
  public boolean isLoopback() {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
  }

  public GatewaySettings withHost(String newHost) {
    return new GatewaySettings(newHost, port, portRetries, defaultServer, sessions, limits, allowedHosts,
        allowedOrigins,
        heartbeat, shutdownGrace, logging, upstreams, security, groups, ioThreads);
  }
}
