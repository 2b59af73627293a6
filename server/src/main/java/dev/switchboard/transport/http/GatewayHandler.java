package dev.switchboard.transport.http;

import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.GatewayException;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.ProtocolException;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root handler: checks Host and Origin, routes {@code /health}, {@code /mcp} and {@code /mcp/{name}}, and turns
 * every refusal into a status plus JSON-RPC error. Blocking: Jetty runs it on a virtual thread per request.
 */
public final class GatewayHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
  private static final String ALLOW = "GET, POST, DELETE, OPTIONS";

  private final Gateway gateway;
  private final OriginGuard guard;
  private final StreamableHttpHandler mcp;
  private final @org.jspecify.annotations.Nullable AdminHandler admin;

  public GatewayHandler(Gateway gateway, @org.jspecify.annotations.Nullable AdminActions admin) {
    this.gateway = gateway;
    this.admin = admin == null ? null : new AdminHandler(admin);
    this.guard = new OriginGuard(gateway.config().gateway());
    this.mcp = new StreamableHttpHandler(gateway);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    try {
      route(request, response);
      callback.succeeded();
    } catch (GatewayException e) {
      refuse(response, callback, e.status(), e.error(), null);
    } catch (ProtocolException e) {
      refuse(response, callback, 400, e.error(), e.id());
    } catch (EofException e) {
      LOG.debug("client hung up: {}", e.toString());
      callback.failed(e);
    } catch (IOException e) {
      LOG.debug("I/O failure answering {}: {}", Request.getPathInContext(request), e.toString());
      callback.failed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      callback.failed(e);
    } catch (Exception e) {
      LOG.error("unexpected failure answering {} {}", request.getMethod(), Request.getPathInContext(request), e);
      refuse(response, callback, 500, new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "Internal error: " + e), null);
    }
    return true;
  }

  private void route(Request request, Response response) throws Exception {
    String why = guard.check(request.getHeaders().get(HttpHeader.HOST), request.getHeaders().get(HttpHeader.ORIGIN));
    if (why != null) {
      LOG.info("refused {} {} from {}: {}", request.getMethod(), Request.getPathInContext(request),
          Request.getRemoteAddr(request), why);
      throw StreamableHttpHandler.refuse(403, JsonRpcError.INVALID_REQUEST, "Forbidden: " + why);
    }
    String path = Request.getPathInContext(request);
    if (path.equals("/health")) {
      HttpReplies.json(response, 200, gateway.health());
      return;
    }
    if (path.startsWith("/admin/") && admin != null) {
      admin.handle(path, request, response);
      return;
    }
    Optional<String> server = serverOf(path);
    if (server.isEmpty()) {
      throw StreamableHttpHandler.refuse(404, JsonRpcError.INVALID_REQUEST, "Not Found: " + path
          + " (MCP endpoints are /mcp and /mcp/{server})");
    }
    if (!gateway.isKnown(server.get())) {
      throw StreamableHttpHandler.refuse(404, JsonRpcError.INVALID_REQUEST, "Not Found: no MCP server named '"
          + server.get() + "'; configured: " + gateway.config().servers().keySet());
    }
    method(server.get(), request, response);
  }

  private void method(String server, Request request, Response response) throws Exception {
    switch (request.getMethod()) {
      case "POST" -> mcp.post(server, request, response);
      case "GET" -> mcp.get(server, request, response);
      case "DELETE" -> mcp.delete(server, request, response);
      case "OPTIONS" -> {
        response.getHeaders().put(HttpHeader.ALLOW, ALLOW);
        HttpReplies.empty(response, 204);
      }
      default -> {
        response.getHeaders().put(HttpHeader.ALLOW, ALLOW);
        throw StreamableHttpHandler.refuse(405, JsonRpcError.INVALID_REQUEST, "Method Not Allowed: "
            + request.getMethod());
      }
    }
  }

  private Optional<String> serverOf(String path) {
    String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    if (trimmed.equals("/mcp")) {
      return Optional.of(gateway.defaultServer().orElseThrow(() -> StreamableHttpHandler.refuse(404,
          JsonRpcError.INVALID_REQUEST, "Not Found: several servers are configured and gateway.defaultServer is "
          + "not set; use /mcp/{server}, one of " + gateway.config().servers().keySet())));
    }
    if (trimmed.startsWith("/mcp/") && trimmed.indexOf('/', 5) < 0) {
      return Optional.of(trimmed.substring(5));
    }
    return Optional.empty();
  }

  private static void refuse(Response response, Callback callback, int status, JsonRpcError error,
      dev.switchboard.protocol.@org.jspecify.annotations.Nullable RequestId id) {
    if (response.isCommitted()) {
      callback.failed(new IOException("refused after the response was committed: " + error.message()));
      return;
    }
    try {
      HttpReplies.error(response, status, error, id);
      callback.succeeded();
    } catch (IOException e) {
      callback.failed(e);
    }
  }
}
