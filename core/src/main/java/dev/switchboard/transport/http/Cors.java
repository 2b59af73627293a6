package dev.switchboard.transport.http;

import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.jspecify.annotations.Nullable;

/**
 * CORS for browser clients ({@code gateway.cors.origins}, empty by default): preflights are answered, and answers to
 * allowed origins carry the headers a browser needs to read them, including {@code Mcp-Session-Id}. Credentials
 * are allowed only for origins listed by name, never with {@code *}. Immutable.
 */
final class Cors {
  static final String METHODS = "GET, POST, DELETE, OPTIONS";
  static final String HEADERS =
      "Content-Type, Authorization, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID, X-Session-ID";
  private static final HttpField VARY_ORIGIN = new HttpField(HttpHeader.VARY, "Origin");

  private final List<String> origins;

  Cors(List<String> origins) {
    this.origins = origins;
  }

  boolean allows(@Nullable String origin) {
    return origin != null && (origins.contains("*") || origins.contains(origin));
  }

  /**
   * Adds the response headers for an allowed origin; does nothing for others. Idempotent: a preflight is decorated
   * by the guard and again by {@link #preflight}, and {@code Vary} must still name {@code Origin} once.
   */
  void decorate(@Nullable String origin, Response response) {
    if (!allows(origin)) {
      return;
    }
    boolean named = origins.contains(origin);
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, named ? origin : "*");
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, "Mcp-Session-Id, X-Session-ID");
    response.getHeaders().ensureField(VARY_ORIGIN); // merged into an existing Vary, never repeated
    if (named) {
      response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    }
  }

  /** Answers a preflight: 204 with what may be sent, or 403 for an origin not listed. */
  void preflight(@Nullable String origin, Response response) throws java.io.IOException {
    if (!allows(origin)) {
      throw StreamableHttpHandler.refuse(403, dev.switchboard.protocol.JsonRpcError.INVALID_REQUEST,
          "Forbidden: origin '" + origin + "' is not in gateway.cors.origins");
    }
    decorate(origin, response);
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, METHODS);
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, HEADERS);
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
    HttpReplies.empty(response, 204);
  }
}
