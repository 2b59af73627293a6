package dev.switchboard.transport.http;

import dev.switchboard.config.SecuritySettings;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.GatewayException;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.security.Audit;
import dev.switchboard.security.Authenticator;
import dev.switchboard.security.FailureThrottle;
import dev.switchboard.security.Principal;
import dev.switchboard.security.RateLimiter;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root handler, in the order a request meets it: Host and Origin checks, CORS, routing ({@code /health},
 * {@code /mcp}, {@code /mcp/{name}}, {@code /admin/*}, the OAuth metadata), then — for MCP endpoints — address
 * throttling, the API key or OAuth token, its scope and its rate limit. Every refusal is a status plus a JSON-RPC error. Blocking: Jetty runs it on a
 * virtual thread per request.
 */
public final class GatewayHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
  private static final String ALLOW = "GET, POST, DELETE, OPTIONS";
  static final JsonRpcError UNAUTHORIZED = new JsonRpcError(JsonRpcError.UNAUTHORIZED,
      "Unauthorized: Invalid or missing API key");

  private final Gateway gateway;
  private final StreamableHttpHandler mcp;
  private final LegacySseHandler legacy;
  private final SeedApiHandler seed;
  private final dev.switchboard.transport.websocket.@Nullable WebSockets websockets;
  private final @Nullable MetricsHandler metrics;
  private final @Nullable StatusPage page;
  private final @Nullable AdminHandler admin;
  private final FailureThrottle throttle = new FailureThrottle(10, Duration.ofMinutes(1));
  private final Audit audit;
  /** Set on a node of a cluster: hands requests for other nodes' sessions to their owners. */
  private final @Nullable Forwarder forwarder;
  private final dev.switchboard.cluster.@Nullable ClusterNode cluster;
  /** Keys refused by name: through the cluster's Redis, else this node's own. */
  private final Revocations revocations;
  /** Rebuilt when a reload changes the settings, so a revoked key stops working at once. */
  private volatile Policy policy;

  /** What the current configuration says about who may come in; immutable, replaced whole. */
  private record Policy(dev.switchboard.config.GatewaySettings settings, OriginGuard guard, Cors cors,
      Authenticator authenticator, RateLimiter rates) {
    /** {@code previous}: the buckets to keep (a reload never refills them), or null at start. */
    static Policy of(dev.switchboard.config.GatewaySettings settings, @Nullable Policy previous) {
      SecuritySettings security = settings.security();
      RateLimiter rates = previous == null ? new RateLimiter(security.ratePerSecond(), security.rateBurst())
          : previous.rates().reconfigured(security.ratePerSecond(), security.rateBurst());
      return new Policy(settings, new OriginGuard(settings), new Cors(security.corsOrigins()),
          new Authenticator(security, OAuthReplies.resourceServer(security, previous == null ? null
              : previous.authenticator().oauth())), rates);
    }
  }

  public GatewayHandler(Gateway gateway, @Nullable AdminActions admin, Audit audit) {
    this(gateway, admin, audit, null, null);
  }

  /** With {@code websockets}, {@code /ws/NAME} upgrades to MCP over WebSocket; without, it is 404. */
  public GatewayHandler(Gateway gateway, @Nullable AdminActions admin, Audit audit,
      dev.switchboard.transport.websocket.@Nullable WebSockets websockets,
      dev.switchboard.metrics.@Nullable GatewayMetrics metrics) {
    this(gateway, admin, audit, websockets, metrics, null);
  }

  /** With {@code cluster} (a node of several): forwarding, cluster-wide rate limits and key revocation. */
  public GatewayHandler(Gateway gateway, @Nullable AdminActions admin, Audit audit,
      dev.switchboard.transport.websocket.@Nullable WebSockets websockets,
      dev.switchboard.metrics.@Nullable GatewayMetrics metrics,
      dev.switchboard.cluster.@Nullable ClusterNode cluster) {
    this.cluster = cluster;
    this.revocations = new Revocations(cluster);
    this.forwarder = cluster == null || !cluster.enabled() ? null : new Forwarder(cluster);
    this.gateway = gateway;
    this.websockets = websockets;
    this.metrics = metrics == null ? null : new MetricsHandler(metrics);
    this.page = metrics == null ? null : new StatusPage(gateway, metrics, admin == null ? null : admin::reload);
    if (metrics != null) {
      metrics.bindSecurity(audit::counters, audit::authFailuresByReason);
      metrics.bindIntrospections(this::introspections);
    }
    BodyBudget bodies = BodyBudget.forLimit(gateway.config().gateway().limits().maxBodyBytes());
    this.mcp = new StreamableHttpHandler(gateway, bodies, forwarder);
    this.legacy = new LegacySseHandler(gateway, bodies);
    this.seed = new SeedApiHandler(gateway, bodies);
    this.admin = admin == null ? null : new AdminHandler(admin, () -> AdminHandler.stats(gateway, metrics),
        revocations);
    this.audit = audit;
    this.policy = Policy.of(gateway.config().gateway(), null);
  }

  /** The resource server's introspection counts by result (a reload keeps them); none without OAuth. */
  private java.util.Map<String, Long> introspections() {
    var oauth = policy.authenticator().oauth();
    return oauth == null ? java.util.Map.of() : oauth.introspections().byResult();
  }

  @SuppressWarnings("ReferenceEquality") // identity intended: a reload installs a new settings instance
  private Policy policy() {
    Policy current = policy;
    var settings = gateway.config().gateway();
    if (current.settings() != settings) {
      current = Policy.of(settings, current);
      policy = current;
    }
    return current;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    try {
      if (!route(request, response, callback)) {
        callback.succeeded();
      }
    } catch (GatewayException e) {
      if (!Bodies.wasRead(request) && request.getLength() != 0) {
        // refused before its body was read: the connection cannot carry another request, and the client must know
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
      }
      refuse(response, callback, HttpStatuses.of(e.refusal()), e.error(), null);
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
      refuse(response, callback, 500,
          new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "Internal error; see the Switchboard log"), null);
    }
    return true;
  }

  /** Answers {@code request}; true when the callback was handed on (a WebSocket upgrade) and is not ours to end. */
  private boolean route(Request request, Response response, Callback callback) throws Exception {
    Policy p = policy();
    Caller caller = Caller.of(request, p.settings().security().trustProxy());
    OriginGuard.Refused refused = p.guard().check(caller.host(), caller.origin(), p.cors());
    if (refused != null) {
      audit.hostOrOriginRefused(refused.host(), caller.remote(), caller.target(), refused.why());
      throw StreamableHttpHandler.refuse(403, JsonRpcError.INVALID_REQUEST, "Forbidden: " + refused.why());
    }
    p.cors().decorate(caller.origin(), response);
    String path = Request.getPathInContext(request);
    if (request.getMethod().equals("OPTIONS")) {
      options(p, caller, response);
    } else if (path.equals("/health")) {
      health(p, caller, request, response);
    } else if (path.equals("/ready")) {
      ready(p, request, response);
    } else if (path.equals("/metrics") && metrics != null) {
      metrics(p, caller, request, response);
    } else if (page != null && StatusPage.serves(path, request)) {
      statusPage(page, p, caller, path, request, response);
    } else if (path.startsWith(dev.switchboard.config.OAuthSettings.WELL_KNOWN)) {
      OAuthReplies.metadata(p.authenticator().oauth(), path, gateway::isKnown, response);
    } else if (path.startsWith("/admin/") && admin != null) {
      admin.handle(path, request, response);
    } else if (forwarder != null && forwarder.forwarded(request, response, caller)) {
      return false; // another node's session: its owner authenticated and answered it
    } else {
      Endpoint endpoint = Endpoint.of(path, request.getHeaders().get(SeedApiHandler.SESSION_HEADER))
          .or(() -> configuredSse(path)).orElseThrow(() -> StreamableHttpHandler.refuse(404,
              JsonRpcError.INVALID_REQUEST, "Not Found: " + path
                  + " (MCP endpoints: /mcp/{server}; legacy SSE: /sse/{server}; the seed API: /rpc, /sse, /session)"));
      String server = serverOf(endpoint, request);
      Principal principal = admit(p, server, caller, request, response);
      AccessRequestLog.note(request, caller.remote(), server, principal);
      if (endpoint.wire() == Endpoint.Wire.WEBSOCKET) {
        return upgrade(server, principal, caller.remote(), request, response, callback);
      }
      method(endpoint.wire(), server, principal, request, response);
    }
    return false;
  }

  private boolean upgrade(String server, Principal principal, String address, Request request, Response response,
      Callback callback) {
    if (websockets == null || !dev.switchboard.transport.websocket.WebSockets.isUpgrade(request)
        || !request.getMethod().equals("GET")) {
      throw StreamableHttpHandler.refuse(websockets == null ? 404 : 400, JsonRpcError.INVALID_REQUEST,
          websockets == null ? "Not Found: WebSocket is not enabled on this listener"
              : "Bad Request: /ws/" + server + " takes a WebSocket upgrade (GET with Upgrade: websocket)");
    }
    if (!websockets.upgrade(server, principal.name(), address, request, response, callback)) {
      throw StreamableHttpHandler.refuse(400, JsonRpcError.INVALID_REQUEST,
          "Bad Request: not a valid WebSocket upgrade");
    }
    return true;
  }

  /** Throttle, key, scope, rate: the principal this request acts as, or a refusal. */
  private Principal admit(Policy p, String server, Caller caller, Request request, Response response) {
    checkThrottle(caller, response);
    Principal principal = authenticate(p, caller, request, response, server);
    if (!principal.allows(server)) {
      audit.scopeDenied(principal, caller.remote(), caller.target(), server);
      OAuthReplies.insufficientScope(p.authenticator().oauth(), principal, server, response);
      throw StreamableHttpHandler.refuse(403, JsonRpcError.UNAUTHORIZED, "Forbidden: the " + OAuthReplies.who(
          principal) + " may not use server '" + server + "'");
    }
    long retryAfter = acquire(p, principal.name());
    if (retryAfter > 0) {
      audit.rateLimited(principal, caller.remote());
      response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(retryAfter));
      throw StreamableHttpHandler.refuse(429, JsonRpcError.SERVER_ERROR, "Too Many Requests: the rate limit of "
          + "the " + OAuthReplies.who(principal) + " is exceeded; retry after " + retryAfter + " s");
    }
    if (!gateway.isKnown(server)) {
      throw StreamableHttpHandler.refuse(404, JsonRpcError.INVALID_REQUEST, "Not Found: no MCP server named '"
          + server + "'");
    }
    return principal;
  }

  /** The cluster-wide bucket when Redis answers, else this node's own ({@code gateway.auth.rateLimit}). */
  private long acquire(Policy p, String key) {
    var security = p.settings().security();
    Long shared = cluster == null ? null : cluster.acquire(key, security.ratePerSecond(), security.rateBurst());
    return shared != null ? shared : p.rates().acquire(key);
  }

  private void checkThrottle(Caller caller, Response response) {
    long blocked = throttle.blockedFor(caller.remote());
    if (blocked > 0) {
      audit.throttled(caller.remote(), caller.target());
      response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(blocked));
      throw StreamableHttpHandler.refuse(429, JsonRpcError.UNAUTHORIZED,
          "Too Many Requests: too many failed attempts from this address; retry later");
    }
  }

  private Principal authenticate(Policy p, Caller caller, Request request, Response response) {
    return authenticate(p, caller, request, response, null);
  }

  /** {@code server}: the MCP server asked for (an OAuth token's audience may name it), or null. */
  private Principal authenticate(Policy p, Caller caller, Request request, Response response,
      @Nullable String server) {
    String queryKey = Request.extractQueryParameters(request).getValue("api_key");
    Authenticator.Result result = p.authenticator().authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION),
        queryKey, server);
    if (result instanceof Authenticator.Result.Granted granted && revocations.isRevoked(granted.principal().name())) {
      result = new Authenticator.Result.Denied(dev.switchboard.security.AuthFailure.REVOKED,
          "API key '" + granted.principal().name() + "' is revoked");
    }
    if (result instanceof Authenticator.Result.Granted granted) {
      throttle.succeeded(caller.remote());
      return granted.principal();
    }
    Authenticator.Result.Denied denied = (Authenticator.Result.Denied) result;
    throttle.failed(caller.remote());
    audit.authFailed(caller.remote(), caller.target(), denied.failure(), denied.reason());
    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, OAuthReplies.unauthorized(p.authenticator().oauth(),
        server, denied.presented()));
    throw new GatewayException(dev.switchboard.gateway.Refusal.UNAUTHORIZED, UNAUTHORIZED);
  }

  /**
   * Liveness for anyone; the detail (servers, sessions, security counters) only with a key or the admin token. A
   * wrong key here is a failed attempt like anywhere else: audited, counted, throttled.
   */
  private void health(Policy p, Caller caller, Request request, Response response) throws IOException {
    boolean presented = request.getHeaders().get(HttpHeader.AUTHORIZATION) != null
        || (p.settings().security().allowQueryKey()
            && Request.extractQueryParameters(request).getValue("api_key") != null);
    boolean detail = detailed(p, request);
    if (!detail && presented) {
      checkThrottle(caller, response);
      detail = authenticate(p, caller, request, response) != null; // refuses a wrong key with 401
    }
    HttpReplies.json(response, 200, health(detail));
  }

  /** Whether {@code /health} and {@code /ready} show their detail without a key: none required, or the admin token. */
  private boolean detailed(Policy p, Request request) {
    return !p.authenticator().required() || (admin != null && admin.tokenMatches(request));
  }

  private tools.jackson.databind.JsonNode health(boolean detail) {
    var body = gateway.health();
    if (!detail) {
      return dev.switchboard.protocol.Json.object().put("status", body.path("status").asString());
    }
    return body.set("security", audit.counters().set("authFailuresByReason", audit.authFailuresByReason()));
  }

  /**
   * Readiness for load balancers and probes: 200 or 503 for anyone; the reasons only where {@code /health} shows
   * its detail.
   */
  private void ready(Policy p, Request request, Response response) throws IOException {
    var body = gateway.readiness();
    HttpReplies.json(response, readyStatus(body), readiness(body, detailed(p, request)));
  }

  private static int readyStatus(tools.jackson.databind.JsonNode body) {
    return body.path("status").asString().equals("ready") ? 200 : 503;
  }

  private static tools.jackson.databind.JsonNode readiness(tools.jackson.databind.node.ObjectNode body,
      boolean detail) {
    return detail ? body : dev.switchboard.protocol.Json.object().put("status", body.path("status").asString());
  }

  /**
   * Answers a plain probe — {@code GET /health} or {@code /ready} with no credentials, its Host and Origin allowed —
   * in the calling thread, without blocking: {@link ProbesFirst} calls it on the I/O thread that read the request, so
   * a probe never waits behind busy virtual threads. False for anything else, which then goes the usual way.
   */
  boolean probe(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    boolean health = path.equals("/health");
    if (!request.getMethod().equals("GET") || !(health || path.equals("/ready"))
        || request.getHeaders().contains(HttpHeader.AUTHORIZATION) || request.getHttpURI().getQuery() != null) {
      return false;
    }
    Policy p = policy();
    Caller caller = Caller.of(request, p.settings().security().trustProxy());
    if (p.guard().check(caller.host(), caller.origin(), p.cors()) != null) {
      return false; // refused: the usual path audits and answers it
    }
    p.cors().decorate(caller.origin(), response);
    boolean detail = detailed(p, request);
    var ready = health ? null : gateway.readiness();
    response.setStatus(ready == null ? 200 : readyStatus(ready));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpReplies.JSON);
    var body = ready == null ? health(detail) : readiness(ready, detail);
    response.write(true, java.nio.ByteBuffer.wrap(dev.switchboard.protocol.Json.bytes(body)), callback);
    return true;
  }

  /**
   * Open where {@code /health}'s detail is (no keys configured) or with {@code gateway.metrics.public}; otherwise the
   * admin token, or a key whose scope includes {@code metrics}.
   */
  private void metrics(Policy p, Caller caller, Request request, Response response) throws IOException {
    MetricsHandler handler = java.util.Objects.requireNonNull(metrics);
    if (p.authenticator().required() && !p.settings().security().metricsPublic()
        && (admin == null || !admin.tokenMatches(request))) {
      checkThrottle(caller, response);
      Principal principal = authenticate(p, caller, request, response);
      if (!principal.allows("metrics")) {
        audit.scopeDenied(principal, caller.remote(), caller.target(), "metrics");
        OAuthReplies.insufficientScope(p.authenticator().oauth(), principal, "metrics", response);
        throw StreamableHttpHandler.refuse(403, JsonRpcError.UNAUTHORIZED, "Forbidden: the "
            + OAuthReplies.who(principal) + " may not read /metrics (add \"metrics\" to its servers)");
      }
    }
    handler.handle(request, response);
  }

  /**
   * The page itself for anyone (it holds no data); its JSON where {@code /health} shows detail (no keys), or with the
   * admin token, or a key whose scope includes {@code admin}.
   */
  private void statusPage(StatusPage handler, Policy p, Caller caller, String path, Request request,
      Response response) throws IOException {
    if (StatusPage.isAction(path) && (admin == null || !admin.tokenMatches(request))) {
      adminKey(p, caller, request, response, "may not act on the status page");
    } else if (StatusPage.isData(path) && p.authenticator().required() && (admin == null
        || !admin.tokenMatches(request))) {
      checkThrottle(caller, response);
      Principal principal = authenticate(p, caller, request, response);
      if (!principal.allows("admin")) {
        audit.scopeDenied(principal, caller.remote(), caller.target(), "admin");
        OAuthReplies.insufficientScope(p.authenticator().oauth(), principal, "admin", response);
        throw StreamableHttpHandler.refuse(403, JsonRpcError.UNAUTHORIZED, "Forbidden: the "
            + OAuthReplies.who(principal) + " may not read the status page (add \"admin\" to its servers)");
      }
    }
    handler.handle(path, request, response);
  }

  /**
   * An action needs the admin token or a key with the {@code admin} scope, even where no keys are configured (then
   * only the token will do).
   */
  private void adminKey(Policy p, Caller caller, Request request, Response response, String what)
      throws IOException {
    if (!p.authenticator().required()) {
      throw StreamableHttpHandler.refuse(403, JsonRpcError.UNAUTHORIZED, "Forbidden: status page actions need the "
          + "admin token (" + AdminHandler.TOKEN_HEADER + ") or an API key with the \"admin\" scope");
    }
    checkThrottle(caller, response);
    Principal principal = authenticate(p, caller, request, response);
    if (!principal.allows("admin")) {
      audit.scopeDenied(principal, caller.remote(), caller.target(), "admin");
      throw StreamableHttpHandler.refuse(403, JsonRpcError.UNAUTHORIZED, "Forbidden: the API key '"
          + principal.name() + "' " + what + " (add \"admin\" to its servers)");
    }
  }

  private void options(Policy p, Caller caller, Response response) throws IOException {
    if (caller.origin() != null) {
      p.cors().preflight(caller.origin(), response);
      return;
    }
    response.getHeaders().put(HttpHeader.ALLOW, ALLOW);
    HttpReplies.empty(response, 204);
  }

  private void method(Endpoint.Wire wire, String server, Principal principal, Request request, Response response)
      throws Exception {
    switch (wire.name() + " " + request.getMethod()) {
      case "STREAMABLE POST" -> mcp.post(server, principal, request, response);
      case "STREAMABLE GET" -> mcp.get(server, principal, request, response);
      case "STREAMABLE DELETE" -> mcp.delete(server, principal, request, response);
      case "LEGACY_SSE GET" -> legacy.stream(server, principal, request, response);
      case "LEGACY_MESSAGES POST" -> legacy.post(server, principal, request, response);
      case "SEED_RPC POST" -> seed.rpc(server, principal, request, response);
      case "SEED_SSE GET" -> seed.sse(server, principal, request, response);
      case "SEED_SESSION DELETE" -> seed.delete(server, principal, request, response);
      default -> {
        response.getHeaders().put(HttpHeader.ALLOW, wire.allow());
        throw StreamableHttpHandler.refuse(405, JsonRpcError.INVALID_REQUEST, "Method Not Allowed: "
            + request.getMethod());
      }
    }
  }

  /** A server's own {@code ssePath}: never one of the gateway's paths, so only looked for when none matched. */
  private java.util.Optional<Endpoint> configuredSse(String path) {
    return gateway.config().servers().values().stream().filter(s -> path.equals(s.ssePath())).findFirst()
        .map(s -> new Endpoint(Endpoint.Wire.LEGACY_SSE, s.name()));
  }

  /** The server a request names: in its path, else in {@code ?server=} (seed API), else the default server. */
  private String serverOf(Endpoint endpoint, Request request) {
    if (endpoint.server() != null) {
      return endpoint.server();
    }
    String named = endpoint.wire() == Endpoint.Wire.STREAMABLE ? null
        : Request.extractQueryParameters(request).getValue("server");
    if (named != null && !named.isBlank()) {
      return named.strip();
    }
    return gateway.defaultServer().orElseThrow(() -> StreamableHttpHandler.refuse(404,
        JsonRpcError.INVALID_REQUEST, "Not Found: several servers are configured and gateway.defaultServer is "
            + "not set; name one in the path (/mcp/{server})"));
  }

  private static void refuse(Response response, Callback callback, int status, JsonRpcError error,
      dev.switchboard.protocol.@Nullable RequestId id) {
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
