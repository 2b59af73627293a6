package dev.switchboard.transport.http;

import dev.switchboard.security.Audit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;

/**
 * Who sent a request, as far as HTTP tells: remote address, {@code Host}, {@code Origin}, and the path with its
 * query (for logs, redacted). Behind a trusted reverse proxy ({@code gateway.trustProxy}) the
 * {@code X-Forwarded-For} and {@code X-Forwarded-Host} headers are believed; otherwise they are ignored.
 */
record Caller(String remote, @Nullable String host, @Nullable String origin, String path, @Nullable String query) {
  /** The path and query for a log line, with any API key redacted; built only when something is logged. */
  String target() {
    return Audit.redact(query == null ? path : path + "?" + query);
  }

  private static String last(String list) {
    String[] parts = list.split(",");
    return parts[parts.length - 1].strip();
  }

  static Caller of(Request request, boolean trustProxy) {
    String remote = Request.getRemoteAddr(request);
    String host = request.getHeaders().get(HttpHeader.HOST);
    if (trustProxy) {
      String forwardedFor = request.getHeaders().get(HttpHeader.X_FORWARDED_FOR);
      String forwardedHost = request.getHeaders().get(HttpHeader.X_FORWARDED_HOST);
      // X-Forwarded-For: the right-most entry is the one our proxy added; anything left of it the client may have
      // written itself. X-Forwarded-Host: the first entry is the host the client asked for.
      remote = forwardedFor == null ? remote : last(forwardedFor);
      host = forwardedHost == null ? host : forwardedHost.split(",", 2)[0].strip();
    }
    return new Caller(remote, host, request.getHeaders().get(HttpHeader.ORIGIN), Request.getPathInContext(request),
        request.getHttpURI().getQuery());
  }
}
