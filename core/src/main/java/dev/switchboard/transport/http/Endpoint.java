package dev.switchboard.transport.http;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which wire a request path speaks and which server it names ({@code null}: the {@code ?server=} parameter or the
 * default server). {@code /sse/NAME} is the 2024-11-05 transport unless the request names a seed session
 * ({@code X-Session-ID}); plain {@code /sse} is always the seed's stream. Immutable.
 */
record Endpoint(Wire wire, @Nullable String server) {
  /** The HTTP wires and the one method each path takes (Streamable HTTP takes three). */
  enum Wire {
    STREAMABLE("GET, POST, DELETE, OPTIONS"),
    LEGACY_SSE("GET, OPTIONS"),
    LEGACY_MESSAGES("POST, OPTIONS"),
    SEED_RPC("POST, OPTIONS"),
    SEED_SSE("GET, OPTIONS"),
    SEED_SESSION("DELETE, OPTIONS"),
    WEBSOCKET("GET, OPTIONS");

    private final String allow;

    Wire(String allow) {
      this.allow = allow;
    }

    String allow() {
      return allow;
    }
  }

  static Optional<Endpoint> of(String path, @Nullable String seedSession) {
    String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    String[] parts = trimmed.split("/", -1); // "", first, [name]
    if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && parts[2].isEmpty())) {
      return Optional.empty();
    }
    @Nullable String name = parts.length == 3 ? parts[2] : null;
    @Nullable Wire wire = switch (parts[1]) {
      case "mcp" -> Wire.STREAMABLE;
      case "sse" -> name != null && seedSession == null ? Wire.LEGACY_SSE : Wire.SEED_SSE;
      case "messages" -> name == null ? null : Wire.LEGACY_MESSAGES;
      case "rpc" -> Wire.SEED_RPC;
      case "session" -> Wire.SEED_SESSION;
      case "ws" -> Wire.WEBSOCKET;
      default -> null;
    };
    return wire == null ? Optional.empty() : Optional.of(new Endpoint(wire, name));
  }
}
