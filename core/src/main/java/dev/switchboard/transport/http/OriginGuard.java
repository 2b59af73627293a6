package dev.switchboard.transport.http;

import dev.switchboard.config.GatewaySettings;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The DNS-rebinding defence: a request's {@code Host} must name this gateway (a loopback name, the bound address or a
 * configured public name) and an {@code Origin}, when present, must be a loopback origin or a configured one.
 * Requests without {@code Origin} (CLIs, IDEs) pass. Immutable.
 */
final class OriginGuard {
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

  private final Set<String> hosts = new HashSet<>();
  private final Set<String> origins = new HashSet<>();
  private final boolean anyHost;

  OriginGuard(GatewaySettings settings) {
    hosts.addAll(LOOPBACK);
    hosts.add(settings.host().toLowerCase(Locale.ROOT));
    settings.allowedHosts().forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));
    settings.allowedOrigins().forEach(o -> origins.add(o.toLowerCase(Locale.ROOT)));
    boolean wildcardBind = settings.host().equals("0.0.0.0") || settings.host().equals("::");
    this.anyHost = hosts.contains("*") || (wildcardBind && settings.allowedHosts().isEmpty());
  }

  /** A refusal: of the {@code Host} header ({@code host}) or of the {@code Origin}, and why. */
  record Refused(boolean host, String why) {}

  /** Null when allowed, else which header was refused and why. */
  @Nullable Refused check(@Nullable String host, @Nullable String origin, Cors cors) {
    if (!anyHost && (host == null || !hosts.contains(hostname(host)))) {
      return new Refused(true, "Host '" + host + "' is not allowed; add it to gateway.allowedHosts");
    }
    if (origin != null && !cors.allows(origin) && !originAllowed(origin.toLowerCase(Locale.ROOT))) {
      return new Refused(false, "Origin '" + origin + "' is not allowed; add it to gateway.allowedOrigins");
    }
    return null;
  }

  private boolean originAllowed(String origin) {
    if (origins.contains("*") || origins.contains(origin)) {
      return true;
    }
    try {
      String host = URI.create(origin).getHost();
      return host != null && LOOPBACK.contains(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static String hostname(String hostHeader) {
    String h = hostHeader.toLowerCase(Locale.ROOT).strip();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }
}
