package dev.switchboard.transport.http;

import dev.switchboard.cluster.ClusterNode;
import dev.switchboard.gateway.Refusal;
import dev.switchboard.protocol.JsonRpcError;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a request for a session another node owns to that node and streams its answer back as it comes (an SSE
 * stream stays a stream): the caller's headers go along minus the hop-by-hop ones, plus {@link #MARK}, and a request
 * that already carries the mark is never forwarded again. An owner that is not known or not reachable answers
 * 404/-32004, so the client opens a new session on a live node. Blocking, on the request's own virtual thread.
 */
final class Forwarder {
  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
  /** Names the node that forwarded a request; its presence means "do not forward again". */
  static final String MARK = "Switchboard-Forwarded-By";
  /** RFC 9110 §7.6.1 hop-by-hop fields, plus the ones the JDK client sets itself. */
  private static final Set<String> HOP = Set.of("connection", "keep-alive", "proxy-connection", "proxy-authenticate",
      "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect",
      MARK.toLowerCase(Locale.ROOT));

  private static final Duration WRITE = Duration.ofSeconds(30);

  private final ClusterNode cluster;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER)
      .executor(Executors.newVirtualThreadPerTaskExecutor()).build();

  Forwarder(ClusterNode cluster) {
    this.cluster = cluster;
  }

  /** The session a request names: {@code Mcp-Session-Id}, or a legacy {@code POST /messages?sessionId=}. */
  static @Nullable String sessionOf(Request request) {
    String header = request.getHeaders().get(StreamableHttpHandler.SESSION_HEADER);
    if (header != null && !header.isBlank()) {
      return header.strip();
    }
    return Request.getPathInContext(request).startsWith("/messages")
        ? Request.extractQueryParameters(request).getValue("sessionId") : null;
  }

  /** Whether {@code request} belongs to another node; if so it has been answered (by the owner, or with 404). */
  boolean forwarded(Request request, Response response, Caller caller) throws IOException, InterruptedException {
    String session = sessionOf(request);
    if (session == null || !cluster.ownedElsewhere(session)) {
      return false;
    }
    String owner = ClusterNode.ownerOf(session).orElseThrow();
    String by = request.getHeaders().get(MARK);
    if (by != null) {
      throw gone("Session not found: node '" + by + "' forwarded it here, but it belongs to node '" + owner + "'");
    }
    URI base = cluster.peer(owner).orElseThrow(() -> gone("Session not found: its node '" + owner
        + "' is not part of the cluster (it may have stopped); initialize a new session"));
    relay(base, request, response, owner, caller, null);
    return true;
  }

  /**
   * Whether a 2026-07-28 retry ({@code state}, the request state it carries) continues a call another node parked;
   * if so, {@code body} (already read here) has been sent there and its answer relayed. A retry already forwarded, or
   * whose node is gone, is left to this node, whose answer is that the state is not one it issued.
   */
  boolean forwardedRetry(Request request, Response response, Caller caller, byte[] body, @Nullable String state)
      throws IOException, InterruptedException {
    if (state == null || !cluster.ownedElsewhere(state) || request.getHeaders().get(MARK) != null) {
      return false;
    }
    String owner = ClusterNode.ownerOf(state).orElseThrow();
    java.util.Optional<URI> base = cluster.peer(owner);
    if (base.isEmpty()) {
      return false;
    }
    relay(base.get(), request, response, owner, caller, body);
    return true;
  }

  private void relay(URI base, Request request, Response response, String owner, Caller caller,
      byte @Nullable [] read) throws IOException, InterruptedException {
    HttpResponse<InputStream> answer;
    try {
      answer = http.send(outgoing(base, request, caller, read), HttpResponse.BodyHandlers.ofInputStream());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw gone("Session not found: its node '" + owner + "' does not answer; initialize a new session");
    } catch (IOException e) {
      // connected, but the owner failed before answering (it may have stopped meanwhile): say so, do not retry a
      // request it may have acted on
      LOG.warn("node '{}' failed before answering a forwarded request", owner, e);
      HttpReplies.error(response, 502, JsonRpcError.SERVER_ERROR, "Bad Gateway: node '" + owner
          + "' failed before answering; the request may or may not have been carried out");
      return;
    }
    try (InputStream body = answer.body()) {
      response.setStatus(answer.statusCode());
      answer.headers().map().forEach((name, values) -> {
        if (!HOP.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(v -> response.getHeaders().add(name, v));
        }
      });
      copy(body, response);
    }
  }

  /** The request for the owner; {@code read} is its body when this node has already read it. */
  private HttpRequest outgoing(URI base, Request request, Caller caller, byte @Nullable [] read) {
    String query = request.getHttpURI().getQuery();
    URI target = base.resolve(Request.getPathInContext(request) + (query == null ? "" : "?" + query));
    boolean bodyless = request.getMethod().equals("GET") || request.getMethod().equals("DELETE");
    HttpRequest.Builder out = HttpRequest.newBuilder(target).method(request.getMethod(), bodyless
        ? HttpRequest.BodyPublishers.noBody()
        : read != null ? HttpRequest.BodyPublishers.ofByteArray(read)
        : HttpRequest.BodyPublishers.ofInputStream(() -> Content.Source.asInputStream(request)));
    for (HttpField field : request.getHeaders()) {
      if (!HOP.contains(field.getLowerCaseName())) {
        out.header(field.getName(), field.getValue());
      }
    }
    vouch(out, request, caller);
    return out.header(MARK, cluster.id()).build();
  }

  /**
   * What the owner needs to see the caller as this node saw it (with {@code gateway.trustProxy}, which believes the
   * right-most {@code X-Forwarded-For} and the first {@code X-Forwarded-Host}): the caller's address appended, so
   * its failed attempts throttle the caller and not this node; and the {@code Host} it asked for, if no proxy named
   * it already, since the request's own {@code Host} now names the owner.
   */
  private static void vouch(HttpRequest.Builder out, Request request, Caller caller) {
    String chain = request.getHeaders().get("X-Forwarded-For");
    out.setHeader("X-Forwarded-For", chain == null ? caller.remote() : chain + ", " + caller.remote());
    String host = request.getHeaders().get("X-Forwarded-Host");
    if (host == null && caller.host() != null) {
      out.setHeader("X-Forwarded-Host", caller.host());
    }
  }

  /**
   * Writes what the owner sends as it arrives: the headers at once (a quiet stream, like a session's standalone
   * GET, must not wait for its first event or heartbeat to be seen open), then an SSE event without waiting for the
   * next.
   */
  private static void copy(InputStream body, Response response) throws IOException, InterruptedException {
    ResponseWrites.write(response, false, new byte[0], WRITE, "the forwarded answer's headers");
    byte[] buffer = new byte[16 * 1024];
    for (int n; (n = body.read(buffer)) >= 0;) {
      if (n > 0) {
        ResponseWrites.write(response, false, java.util.Arrays.copyOf(buffer, n), WRITE, "the forwarded answer");
      }
    }
    ResponseWrites.write(response, true, new byte[0], WRITE, "the forwarded answer");
  }

  private static dev.switchboard.gateway.GatewayException gone(String message) {
    return new dev.switchboard.gateway.GatewayException(Refusal.SESSION_UNKNOWN,
        new JsonRpcError(JsonRpcError.SESSION_NOT_FOUND, message));
  }
}
