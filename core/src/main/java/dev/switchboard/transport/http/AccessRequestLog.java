package dev.switchboard.transport.http;

import dev.switchboard.access.AccessLog;
import dev.switchboard.access.HttpExchange;
import dev.switchboard.config.AccessMode;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.Session;
import dev.switchboard.gateway.TraceContext;
import dev.switchboard.security.Principal;
import java.time.Instant;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;
import org.jspecify.annotations.Nullable;

/**
 * Jetty's hook at the end of every exchange, feeding the {@link AccessLog}: status, bytes and duration from Jetty,
 * the key's name, server and client address from what {@link GatewayHandler} noted on the request. Called on the
 * request's thread once the response is complete; it only hands a record on.
 */
final class AccessRequestLog implements RequestLog {
  private static final String NOTES = "switchboard.access";

  private final Gateway gateway;
  private final AccessLog log;

  /** What the handler learned about a request that the end of the exchange no longer can. */
  private record Notes(String remote, @Nullable String server, @Nullable String key) {}

  AccessRequestLog(Gateway gateway, AccessLog log) {
    this.gateway = gateway;
    this.log = log;
  }

  /** Records who {@code request} came from and, once admitted, as which key for which server. */
  static void note(Request request, String remote, @Nullable String server, @Nullable Principal principal) {
    request.setAttribute(NOTES, new Notes(remote, server, principal == null ? null : principal.name()));
  }

  /** Tells a new session which wire it came in on and from where (the address the handler noted). */
  static void origin(Session session, String transport, Request request) {
    session.origin(transport, remote(request));
  }

  /** The client's address the handler noted (the proxy's {@code X-Forwarded-For} when trusted), else the peer's. */
  static String remote(Request request) {
    return request.getAttribute(NOTES) instanceof Notes n ? n.remote() : Request.getRemoteAddr(request);
  }

  @Override
  public void log(Request request, Response response) {
    if (log.mode() == AccessMode.OFF) {
      return;
    }
    Caller caller = Caller.of(request, gateway.config().gateway().security().trustProxy());
    Notes notes = request.getAttribute(NOTES) instanceof Notes n ? n : new Notes(caller.remote(), null, null);
    String session = sessionOf(request, response);
    log.http(new HttpExchange(Instant.now(), notes.remote(), notes.key(), session == null ? null : shortId(session),
        transport(caller.path()), eraOf(request, session), notes.server(), request.getMethod(), caller.target(),
        response.getStatus(), NanoTime.since(request.getBeginNanoTime()), Request.getContentBytesRead(request),
        Response.getContentBytesWritten(response), request.getHeaders().get(TraceContext.KEY)));
  }

  private @Nullable String eraOf(Request request, @Nullable String session) {
    String header = request.getHeaders().get(StreamableHttpHandler.VERSION_HEADER);
    if (session == null) {
      return header;
    }
    return gateway.session(session).map(Session::protocolVersion).orElse(header);
  }

  private static @Nullable String sessionOf(Request request, Response response) {
    String id = request.getHeaders().get(StreamableHttpHandler.SESSION_HEADER);
    id = id != null ? id : response.getHeaders().get(StreamableHttpHandler.SESSION_HEADER);
    id = id != null ? id : request.getHeaders().get(SeedApiHandler.SESSION_HEADER);
    return id != null ? id.strip() : Request.extractQueryParameters(request).getValue("sessionId");
  }

  /** As {@link Session#logId()}: the id is not a credential, but the log need not hold it whole. */
  private static String shortId(String id) {
    return id.substring(0, Math.min(8, id.length()));
  }

  /** The wire a path speaks, as the access log names it. */
  static String transport(String path) {
    return Endpoint.of(path, null).map(e -> switch (e.wire()) {
      case STREAMABLE -> "streamable-http";
      case LEGACY_SSE, LEGACY_MESSAGES -> "sse";
      case SEED_RPC, SEED_SSE, SEED_SESSION -> "seed";
      case WEBSOCKET -> "websocket";
    }).orElse("http");
  }
}
