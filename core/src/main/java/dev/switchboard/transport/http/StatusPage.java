package dev.switchboard.transport.http;

import dev.switchboard.gateway.Gateway;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.metrics.StatusReport;
import dev.switchboard.protocol.JsonRpcError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * The status page: {@code /ui} and its script and style (from the jar, no CDN), {@code /ui/status.json}, which
 * the page polls, and {@code /ui/logs?server=NAME}, the tail of a server's stderr. {@code GET /} from a browser is sent to {@code /ui}. Who may read the JSON is the caller's
 * ({@link GatewayHandler}) decision. Actions ({@code POST /ui/actions/restart?server=NAME}, {@code /ui/actions/reload})
 * restart a server's children and reload the configuration. Stateless and thread safe.
 */
final class StatusPage {
  private static final Map<String, String> FILES = Map.of("/ui", "index.html;text/html; charset=utf-8",
      "/ui/app.js", "app.js;text/javascript; charset=utf-8", "/ui/style.css", "style.css;text/css; charset=utf-8");

  private static final int TAIL = 200;

  private final Gateway gateway;
  private final GatewayMetrics metrics;
  /** The daemon's configuration reload, or null where there is no file to reload (an embedded gateway). */
  private final java.util.function.@org.jspecify.annotations.Nullable Supplier<tools.jackson.databind.node.ObjectNode> reload;

  StatusPage(Gateway gateway, GatewayMetrics metrics,
      java.util.function.@org.jspecify.annotations.Nullable Supplier<tools.jackson.databind.node.ObjectNode> reload) {
    this.gateway = gateway;
    this.metrics = metrics;
    this.reload = reload;
  }

  /** Whether {@code path} is the page's (or a browser's {@code GET /}). */
  static boolean serves(String path, Request request) {
    return path.equals("/ui") || path.startsWith("/ui/") || (path.equals("/") && request.getMethod().equals("GET")
        && String.valueOf(request.getHeaders().get(HttpHeader.ACCEPT)).contains("text/html"));
  }

  static boolean isData(String path) {
    return path.equals("/ui/status.json") || path.equals("/ui/logs");
  }

  /** {@code POST /ui/actions/restart?server=NAME} and {@code POST /ui/actions/reload}. */
  static boolean isAction(String path) {
    return path.startsWith("/ui/actions/");
  }

  void handle(String path, Request request, Response response) throws IOException {
    if (isAction(path)) {
      action(path, request, response);
      return;
    }
    if (!request.getMethod().equals("GET")) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET");
      throw StreamableHttpHandler.refuse(405, JsonRpcError.INVALID_REQUEST, "Method Not Allowed: "
          + request.getMethod());
    }
    if (path.equals("/")) {
      response.getHeaders().put(HttpHeader.LOCATION, "/ui");
      HttpReplies.empty(response, 302);
    } else if (path.equals("/ui/logs")) {
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      HttpReplies.json(response, 200, tail(Request.extractQueryParameters(request).getValue("server")));
    } else if (isData(path)) {
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      HttpReplies.json(response, 200, StatusReport.of(gateway, metrics));
    } else {
      file(path, response);
    }
  }

  /** An action: only ever a POST (the caller has checked the token or the key's {@code admin} scope). */
  private void action(String path, Request request, Response response) throws IOException {
    if (!request.getMethod().equals("POST")) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      throw StreamableHttpHandler.refuse(405, JsonRpcError.INVALID_REQUEST, "Method Not Allowed: "
          + request.getMethod() + " (actions are POSTs)");
    }
    var body = switch (path) {
      case "/ui/actions/restart" -> restart(Request.extractQueryParameters(request).getValue("server"));
      case "/ui/actions/reload" -> reload();
      default -> throw StreamableHttpHandler.refuse(404, JsonRpcError.INVALID_REQUEST, "Not Found: " + path);
    };
    HttpReplies.json(response, 200, body);
  }

  private tools.jackson.databind.node.ObjectNode reload() {
    var reloading = reload;
    if (reloading == null) {
      throw StreamableHttpHandler.refuse(404, JsonRpcError.INVALID_REQUEST, "Not Found: this gateway has no "
          + "configuration file to reload");
    }
    return reloading.get();
  }

  private tools.jackson.databind.node.ObjectNode restart(@org.jspecify.annotations.Nullable String server) {
    if (server == null || !gateway.restart(server)) {
      throw StreamableHttpHandler.refuse(404, JsonRpcError.INVALID_REQUEST, "Not Found: no MCP server named '"
          + server + "'");
    }
    return dev.switchboard.protocol.Json.object().put("restarted", server);
  }

  /** The last lines a server wrote to stderr: {@code {"server", "lines": [...]}}; 404 for an unknown server. */
  private tools.jackson.databind.node.ObjectNode tail(@org.jspecify.annotations.Nullable String server) {
    var lines = server == null ? java.util.Optional.<java.util.List<String>>empty() : gateway.stderrTail(server, TAIL);
    var out = dev.switchboard.protocol.Json.object().put("server", server);
    var array = out.putArray("lines");
    lines.orElseThrow(() -> StreamableHttpHandler.refuse(404, JsonRpcError.INVALID_REQUEST,
        "Not Found: no MCP server named '" + server + "'")).forEach(array::add);
    return out;
  }

  private static void file(String path, Response response) throws IOException {
    String entry = FILES.get(path);
    if (entry == null) {
      throw StreamableHttpHandler.refuse(404, JsonRpcError.INVALID_REQUEST, "Not Found: " + path);
    }
    String[] parts = entry.split(";", 2);
    byte[] body;
    try (InputStream in = StatusPage.class.getResourceAsStream("/dev/switchboard/ui/" + parts[0])) {
      if (in == null) {
        throw new IOException("missing resource " + parts[0]);
      }
      body = in.readAllBytes();
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, parts[1]);
    response.getHeaders().put("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    org.eclipse.jetty.io.Content.Sink.write(response, true, ByteBuffer.wrap(body));
  }
}
