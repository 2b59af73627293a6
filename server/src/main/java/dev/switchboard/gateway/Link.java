package dev.switchboard.gateway;

import dev.switchboard.config.UpstreamPolicy;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.upstream.Upstream;
import dev.switchboard.upstream.UpstreamException;
import dev.switchboard.upstream.UpstreamExit;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One upstream connection and the bookkeeping that lets any number of sessions share it. Requests leave with ids
 * the link mints (so duplicate client ids are harmless) and with progress tokens equal to those ids; answers and
 * progress go back to the asking session's stream under its own ids; server-initiated requests get ids of the form
 * {@code sb-N} toward the client and are routed by the {@link Owner}. Listener callbacks run on the upstream's
 * reader thread and only enqueue. Thread safe.
 */
final class Link implements Upstream.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(Link.class);
  private static final Logger REQUESTS = LoggerFactory.getLogger("switchboard.requests");

  /** The dispatcher that owns a link: it decides where unattributed traffic goes and what a dead link means. */
  interface Owner {
    /** The one session a server-initiated request or log message belongs to, or null when that is ambiguous. */
    @Nullable Session attribute(Link link, Message message);

    /** A server notification that is not progress or a cancellation. */
    void notification(Link link, Message.Notification notification);

    void closed(Link link, UpstreamExit exit);
  }

  private final String server;
  private final Owner owner;
  private final UpstreamPolicy policy;
  private final AtomicLong nextId = new AtomicLong(1);
  private final AtomicLong nextServerId = new AtomicLong(1);
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final Map<ClientKey, Pending> byClient = new ConcurrentHashMap<>();
  private final Map<String, ServerCall> serverCalls = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile @Nullable Upstream upstream;
  private volatile long lastHeard = System.nanoTime();
  private volatile @Nullable String killReason;
  private final AtomicBoolean pinging = new AtomicBoolean();

  Link(String server, Owner owner, UpstreamPolicy policy) {
    this.server = server;
    this.owner = owner;
    this.policy = policy;
  }

  private record ClientKey(Session session, RequestId id) {}

  /** A server-initiated request waiting for its client's answer. */
  private record ServerCall(RequestId upstreamId, Session session) {}

  void bind(Upstream connected) {
    this.upstream = connected;
  }

  String server() {
    return server;
  }

  @Nullable Upstream upstream() {
    return upstream;
  }

  boolean isOpen() {
    Upstream u = upstream;
    return !closed.get() && u != null && u.isOpen();
  }

  int inFlight() {
    return pending.size();
  }

  int inFlight(Session session) {
    int n = 0;
    for (Pending p : pending.values()) {
      if (p.session == session) {
        n++;
      }
    }
    return n;
  }

  /** The sessions with requests in flight here, at most {@code limit} of them. */
  java.util.Set<Session> sessionsInFlight(int limit) {
    var out = new java.util.HashSet<Session>();
    for (Pending p : pending.values()) {
      if (p.session != null && out.add(p.session) && out.size() >= limit) {
        break;
      }
    }
    return out;
  }

  long idleNanos() {
    return System.nanoTime() - lastHeard;
  }

  /** Sends a client request upstream; its answer (or an error) arrives on {@code out}. */
  void forward(Session session, Message.Request request, EventStream out) {
    forward(session, request, out, null);
  }

  /**
   * As {@link #forward(Session, Message.Request, EventStream)}, but the answer goes to {@code sink}, which must put
   * it on {@code out} itself (before or after whatever else it does).
   */
  void forward(Session session, Message.Request request, EventStream out,
      java.util.function.@Nullable Consumer<Message> answerSink) {
    long upstreamId = nextId.getAndIncrement();
    java.util.function.Consumer<Message> sink = answerSink == null ? out::offer : answerSink;
    Pending p = new Pending(upstreamId, session, request.id(), request.method(), out, sink,
        request.progressToken(), policy.timeoutFor(request.method()).toNanos(), policy.maxTimeout().toNanos());
    pending.put(upstreamId, p);
    byClient.put(new ClientKey(session, request.id()), p);
    Message.Request outgoing = request.withId(RequestId.of(upstreamId));
    if (p.clientProgressToken != null) {
      meta(outgoing.node()).put("progressToken", upstreamId);
    }
    send(outgoing, p);
  }

  /** The gateway's own request (initialize, ping, subscribe on behalf of many sessions). */
  CompletableFuture<Message> request(String method, @Nullable JsonNode params, Duration timeout) {
    long upstreamId = nextId.getAndIncrement();
    CompletableFuture<Message> answer = new CompletableFuture<>();
    Pending p = new Pending(upstreamId, null, RequestId.of(upstreamId), method, null, answer::complete, null,
        timeout.toNanos(), timeout.toNanos());
    pending.put(upstreamId, p);
    send(Message.request(RequestId.of(upstreamId), method, params), p);
    return answer;
  }

  /** A notification to the server as is (e.g. {@code notifications/initialized}). */
  void notifyUpstream(Message.Notification notification) {
    send(notification, null);
  }

  /** A client's {@code notifications/cancelled}: mapped to the upstream id; the client's stream gets no answer. */
  void cancel(Session session, Message.Notification cancelled) {
    JsonNode clientId = cancelled.node().path("params").path("requestId");
    Pending p = RequestId.isValid(clientId) ? byClient.remove(new ClientKey(session, new RequestId(clientId))) : null;
    if (p == null || pending.remove(p.upstreamId) == null) {
      return; // unknown or finished: the spec lets us ignore it
    }
    ObjectNode copy = cancelled.node().deepCopy();
    ((ObjectNode) copy.get("params")).put("requestId", p.upstreamId);
    settled(p);
    send(new Message.Notification(cancelled.method(), copy), null);
  }

  /**
   * The session ended: each of its requests still in flight here is cancelled upstream and answered with
   * {@code error} (the client may still be reading), and server requests addressed to it are forgotten.
   */
  void endSession(Session session, JsonRpcError error) {
    for (Pending p : pending.values()) {
      if (p.session == session && pending.remove(p.upstreamId) != null) {
        byClient.remove(new ClientKey(session, p.clientId), p);
        send(cancelledNotification(p.upstreamId, error.message()), null);
        deliverAnswer(p, Message.error(p.clientId, error));
      }
    }
    serverCalls.values().removeIf(c -> c.session() == session);
  }

  /** The client's answer to a server-initiated request, accepted only from the session it was sent to. */
  void answerUpstream(Session session, Message answer) {
    RequestId id = answer instanceof Message.Response r ? r.id() : ((Message.ErrorResponse) answer).id();
    ServerCall call = id == null ? null : serverCalls.get(id.toString());
    if (call == null || call.session() != session || !serverCalls.remove(id.toString(), call)) {
      LOG.debug("{}: answer to an unknown server request {}", server, id);
      return;
    }
    send(answer instanceof Message.Response r ? r.withId(call.upstreamId())
        : ((Message.ErrorResponse) answer).withId(call.upstreamId()), null);
  }

  /** Times out requests past their deadline: the client gets an error, the server a cancellation. */
  void expire(long now) {
    for (Pending p : pending.values()) {
      if (p.expired(now) && pending.remove(p.upstreamId) != null) {
        long ms = Duration.ofNanos(now - p.startedNanos).toMillis();
        JsonRpcError error = new JsonRpcError(JsonRpcError.SERVER_ERROR, "MCP server '" + server + "' did not answer "
            + p.method + " within " + ms + " ms; the request was cancelled");
        if (p.session != null) {
          byClient.remove(new ClientKey(p.session, p.clientId), p);
          send(cancelledNotification(p.upstreamId, "timed out"), null);
        }
        deliverAnswer(p, Message.error(p.clientId, error));
      }
    }
  }

  /** Fails every request in flight with {@code error}; their streams end. */
  void failAll(JsonRpcError error) {
    for (Pending p : pending.values()) {
      if (pending.remove(p.upstreamId) != null) {
        deliverAnswer(p, Message.error(p.clientId, error));
      }
    }
    byClient.clear();
  }

  /** Stops the upstream; {@link Owner#closed} follows once it has gone. */
  void close() {
    Upstream u = upstream;
    if (u != null) {
      u.close();
    }
  }

  @Override
  public void onMessage(Message message) {
    lastHeard = System.nanoTime();
    switch (message) {
      case Message.Response r -> answered(r.id(), r::withId, message);
      case Message.ErrorResponse e when e.id() != null -> answered(e.id(), e::withId, message);
      case Message.ErrorResponse e -> LOG.warn("{} reported an error without an id: {}", server, e.error().message());
      case Message.Request r -> serverRequest(r);
      case Message.Notification n -> serverNotification(n);
    }
  }

  @Override
  public void onClosed(UpstreamExit exit) {
    if (closed.compareAndSet(false, true)) {
      String killed = killReason;
      UpstreamExit how = killed == null ? exit
          : new UpstreamExit(exit.server(), exit.exitCode(), killed, exit.stderrTail(), false);
      failAll(how.toError());
      serverCalls.clear();
      owner.closed(this, how);
    }
  }

  private void answered(RequestId upstreamId, java.util.function.Function<RequestId, Message> rewrite,
      Message original) {
    Pending p = upstreamId.isString() ? null : pending.remove(upstreamId.value().asLong());
    if (p == null) {
      LOG.debug("{}: late or unknown response {}", server, upstreamId);
      return;
    }
    if (p.session != null) {
      byClient.remove(new ClientKey(p.session, p.clientId), p);
    }
    deliverAnswer(p, p.session == null ? original : rewrite.apply(p.clientId));
  }

  private void deliverAnswer(Pending p, Message answer) {
    summarize(p, answer);
    p.sink.accept(answer);
    settledStream(p);
  }

  private void settled(Pending p) {
    if (p.stream != null) {
      p.stream.settleOne();
    }
    settledStream(p);
  }

  private void settledStream(Pending p) {
    if (p.session != null && p.stream != null) {
      p.session.requestEnded(p.stream);
    }
  }

  private void serverRequest(Message.Request request) {
    Session target = owner.attribute(this, request);
    if (target == null) {
      send(Message.error(request.id(), new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "Switchboard cannot tell "
          + "which client this " + request.method() + " is for (several share this server); retry")), null);
      return;
    }
    String capability = capabilityFor(request.method());
    if (capability != null && !target.supports(capability)) {
      send(Message.error(request.id(), new JsonRpcError(JsonRpcError.METHOD_NOT_FOUND, "The client did not declare "
          + "the '" + capability + "' capability")), null);
      return;
    }
    String downstream = "sb-" + nextServerId.getAndIncrement();
    serverCalls.put(downstream, new ServerCall(request.id(), target));
    target.deliver(request.withId(RequestId.of(downstream)));
  }

  private void serverNotification(Message.Notification n) {
    switch (n.method()) {
      case "notifications/progress" -> progress(n);
      case "notifications/cancelled" -> serverCancelled(n);
      default -> owner.notification(this, n);
    }
  }

  private void progress(Message.Notification n) {
    JsonNode token = n.node().path("params").path("progressToken");
    Pending p = token.isIntegralNumber() ? pending.get(token.asLong())
        : token.isString() && token.asString().matches("\\d{1,18}") ? pending.get(Long.parseLong(token.asString()))
        : null;
    if (p == null || p.clientProgressToken == null || p.stream == null) {
      LOG.debug("{}: progress for an unknown token {}", server, token);
      return;
    }
    p.extend();
    ObjectNode copy = n.node().deepCopy();
    ((ObjectNode) copy.get("params")).set("progressToken", p.clientProgressToken);
    p.stream.offer(new Message.Notification(n.method(), copy));
  }

  private void serverCancelled(Message.Notification n) {
    JsonNode upstreamId = n.node().path("params").path("requestId");
    if (!RequestId.isValid(upstreamId)) {
      return;
    }
    RequestId id = new RequestId(upstreamId);
    for (var e : serverCalls.entrySet()) {
      if (e.getValue().upstreamId().equals(id) && serverCalls.remove(e.getKey(), e.getValue())) {
        ObjectNode copy = n.node().deepCopy();
        ((ObjectNode) copy.get("params")).put("requestId", e.getKey());
        e.getValue().session().deliver(new Message.Notification(n.method(), copy));
        return;
      }
    }
  }

  private void send(Message message, @Nullable Pending p) {
    Upstream target = upstream;
    try {
      if (target == null) {
        throw new UpstreamException(server, "MCP server '" + server + "' is not connected");
      }
      target.send(message);
    } catch (UpstreamException e) {
      if (p != null && pending.remove(p.upstreamId) != null) {
        if (p.session != null) {
          byClient.remove(new ClientKey(p.session, p.clientId), p);
        }
        deliverAnswer(p, Message.error(p.clientId, e.toError()));
      }
    }
  }

  private void summarize(Pending p, Message answer) {
    if (p.session != null && REQUESTS.isInfoEnabled()) {
      String outcome = answer instanceof Message.ErrorResponse e ? "error " + e.error().code()
          : answer.node().path("result").path("isError").asBoolean(false) ? "tool error" : "ok";
      REQUESTS.info("request method={} server={} session={} durationMs={} outcome={}", p.method, server,
          p.session.logId(), (System.nanoTime() - p.startedNanos) / 1_000_000, outcome);
    }
  }

  private static @Nullable String capabilityFor(String method) {
    return switch (method) {
      case "sampling/createMessage" -> "sampling";
      case "elicitation/create" -> "elicitation";
      case "roots/list" -> "roots";
      default -> null;
    };
  }

  /** Marks the link dead because the server stopped answering; {@link Owner#closed} will say so. */
  void kill(String reason) {
    killReason = reason;
    close();
  }

  /** Sends a liveness ping; a server that does not answer within {@code timeout} is killed. */
  void probe(Duration timeout, java.util.concurrent.Executor closer) {
    if (!pinging.compareAndSet(false, true)) {
      return;
    }
    request("ping", null, timeout).whenComplete((answer, failure) -> {
      pinging.set(false);
      if (answer instanceof Message.ErrorResponse e && e.error().message().contains("did not answer")) {
        Closers.close(closer, () -> kill("did not answer a ping within " + timeout.toMillis() + " ms"));
      }
    });
  }

  private static Message.Notification cancelledNotification(long upstreamId, String reason) {
    ObjectNode params = dev.switchboard.protocol.Json.object().put("requestId", upstreamId).put("reason", reason);
    return Message.notification("notifications/cancelled", params);
  }

  /** The outgoing request's {@code params._meta}, copied first: the payload is shared with the client's message. */
  private static ObjectNode meta(ObjectNode request) {
    ObjectNode params = copyOf(request.get("params"));
    request.set("params", params);
    ObjectNode meta = copyOf(params.get("_meta"));
    params.set("_meta", meta);
    return meta;
  }

  private static ObjectNode copyOf(@Nullable JsonNode node) {
    ObjectNode copy = dev.switchboard.protocol.Json.object();
    if (node instanceof ObjectNode o) {
      copy.setAll(o);
    }
    return copy;
  }
}
