package dev.switchboard.transport.http;

import dev.switchboard.protocol.JsonRpcError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.jspecify.annotations.Nullable;

/**
 * The local control endpoint: {@code POST /admin/reload} ({@code switchboard reload}), {@code POST /admin/check}
 * (the same report without applying it, for {@code config check --against-running}), {@code GET /admin/activity}
 * (requests in flight, for {@code switchboard stop}), {@code GET /admin/stats} (each server's calls, errors,
 * latency and restarts, for {@code switchboard status}), {@code POST /admin/revoke?key=NAME} and
 * {@code POST /admin/unrevoke?key=NAME} ({@code switchboard revoke [--undo]}: see {@link Revocations}) and
 * {@code POST /admin/stop} (a graceful stop without signals), only from a loopback address and only with the per-run
 * admin token from {@code state.json}. Everything else there is 404. Stateless and thread safe.
 */
final class AdminHandler {
  static final String TOKEN_HEADER = "X-Switchboard-Admin";

  private final AdminActions actions;
  private final java.util.function.Supplier<tools.jackson.databind.node.ObjectNode> stats;
  private final Revocations revocations;

  AdminHandler(AdminActions actions, java.util.function.Supplier<tools.jackson.databind.node.ObjectNode> stats,
      Revocations revocations) {
    this.actions = actions;
    this.stats = stats;
    this.revocations = revocations;
  }

  void handle(String path, Request request, Response response) throws IOException {
    String action = request.getMethod() + " " + path;
    if (!List.of("POST /admin/reload", "POST /admin/check", "GET /admin/activity", "GET /admin/stats",
        "POST /admin/stop", "POST /admin/revoke", "POST /admin/unrevoke")
        .contains(action)) {
      throw StreamableHttpHandler.refuse(404, JsonRpcError.INVALID_REQUEST, "Not Found: " + path);
    }
    if (!isLoopback(Request.getRemoteAddr(request)) || !tokenMatches(request.getHeaders().get(TOKEN_HEADER))) {
      throw StreamableHttpHandler.refuse(403, JsonRpcError.UNAUTHORIZED, "Forbidden: admin token required");
    }
    HttpReplies.json(response, 200, switch (path) {
      case "/admin/reload" -> actions.reload();
      case "/admin/check" -> actions.check();
      case "/admin/activity" -> actions.activity();
      case "/admin/stats" -> stats.get();
      case "/admin/revoke" -> revocations.revoke(keyName(request));
      case "/admin/unrevoke" -> revocations.unrevoke(keyName(request));
      default -> actions.stop();
    });
  }

  /** The {@code key} query parameter of a revocation or its undoing: an API key's name (never the key). */
  private static String keyName(Request request) {
    String name = Request.extractQueryParameters(request).getValue("key");
    if (name == null || name.isBlank()) {
      throw StreamableHttpHandler.refuse(400, JsonRpcError.INVALID_PARAMS, "Bad Request: ?key=NAME (an API key's "
          + "name) is required");
    }
    return name;
  }

  /**
   * {@code {"servers": {NAME: {calls, errors, p50Ms, p99Ms, restarts}}}}: the request figures only with metrics on
   * (a group has no restarts), the restarts always, as the status page counts them.
   */
  static tools.jackson.databind.node.ObjectNode stats(dev.switchboard.gateway.Gateway gateway,
      dev.switchboard.metrics.@Nullable GatewayMetrics metrics) {
    var servers = metrics == null ? dev.switchboard.protocol.Json.object()
        : dev.switchboard.metrics.ServerFigures.json(metrics.figures());
    dev.switchboard.metrics.StatusReport.restarts(gateway).forEach((server, n) -> (servers.get(
        server) instanceof tools.jackson.databind.node.ObjectNode f ? f : servers.putObject(server)).put("restarts",
            n));
    var out = dev.switchboard.protocol.Json.object();
    out.set("servers", servers);
    return out;
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
