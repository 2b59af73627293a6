package dev.switchboard.transport.http;

import dev.switchboard.protocol.JsonRpcError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * The local control endpoint: {@code POST /admin/reload} ({@code switchboard reload}) and {@code POST /admin/check}
 * (the same report without applying it, for {@code config check --against-running}), only from a loopback address
 * and only with the per-run admin token from {@code state.json}. Everything else there is 404. Stateless and thread
 * safe.
 */
final class AdminHandler {
  static final String TOKEN_HEADER = "X-Switchboard-Admin";

  private final AdminActions actions;

  AdminHandler(AdminActions actions) {
    this.actions = actions;
  }

  void handle(String path, Request request, Response response) throws IOException {
    boolean reload = path.equals("/admin/reload");
    if (!(reload || path.equals("/admin/check")) || !request.getMethod().equals("POST")) {
      throw StreamableHttpHandler.refuse(404, JsonRpcError.INVALID_REQUEST, "Not Found: " + path);
    }
    if (!isLoopback(Request.getRemoteAddr(request)) || !tokenMatches(request.getHeaders().get(TOKEN_HEADER))) {
      throw StreamableHttpHandler.refuse(403, JsonRpcError.UNAUTHORIZED, "Forbidden: admin token required");
    }
    HttpReplies.json(response, 200, reload ? actions.reload() : actions.check());
  }

  /** Whether the request carries the admin token (lets the CLI read {@code /health} detail). */
  boolean tokenMatches(Request request) {
    return isLoopback(Request.getRemoteAddr(request)) && tokenMatches(request.getHeaders().get(TOKEN_HEADER));
  }

  private boolean tokenMatches(@org.jspecify.annotations.Nullable String presented) {
    return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
        actions.token().getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
