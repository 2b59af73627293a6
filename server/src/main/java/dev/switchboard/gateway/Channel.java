package dev.switchboard.gateway;

import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.upstream.Upstream;
import dev.switchboard.upstream.UpstreamException;
import dev.switchboard.upstream.UpstreamExit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The link between a session and its upstream. Requests leave with ids the gateway mints (so duplicate client ids
 * are harmless) and progress tokens equal to those ids; whatever comes back is mapped to the client's own ids and
 * put on exactly one stream. Server-initiated requests get ids of the form {@code sb-N} toward the client. Listener
 * callbacks run on the upstream's reader thread and only enqueue. Thread safe.
 */
final class Channel implements Upstream.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(Channel.class);
  private static final Logger REQUESTS = LoggerFactory.getLogger("switchboard.requests");

  private final Session session;
  private final AtomicLong nextId = new AtomicLong(1);
  private final AtomicLong nextServerId = new AtomicLong(1);
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final Map<RequestId, Pending> byClientId = new ConcurrentHashMap<>();
  private final Map<String, RequestId> serverRequests = new ConcurrentHashMap<>();
  private volatile @Nullable Upstream upstream;

  Channel(Session session) {
    this.session = session;
  }

  void bind(Upstream connected) {
    this.upstream = connected;
  }

  int inFlight() {
    return pending.size();
  }

  /** Sends a client request upstream; its answer (or an error, if the upstream fails) arrives on {@code out}. */
  void forward(Message.Request request, EventStream out) {
    long upstreamId = nextId.getAndIncrement();
    Pending p = new Pending(upstreamId, request.id(), request.method(), out, request.progressToken(),
        System.nanoTime());
    pending.put(upstreamId, p);
    byClientId.put(request.id(), p);
    Message.Request outgoing = request.withId(RequestId.of(upstreamId));
    if (p.clientProgressToken() != null) {
      meta(outgoing.node()).put("progressToken", upstreamId);
    }
    send(outgoing, p);
  }

  /** A client notification: cancellations are mapped to the upstream id; others pass through. */
  void notifyUpstream(Message.Notification notification) {
    if (!notification.method().equals("notifications/cancelled")) {
      send(notification, null);
      return;
    }
    JsonNode clientId = notification.node().path("params").path("requestId");
    Pending p = RequestId.isValid(clientId) ? byClientId.remove(new RequestId(clientId)) : null;
    if (p == null || pending.remove(p.upstreamId()) == null) {
      return; // unknown or finished: the spec lets us ignore it
    }
    ObjectNode copy = notification.node().deepCopy();
    ((ObjectNode) copy.get("params")).put("requestId", p.upstreamId());
    p.stream().settleOne();
    session.requestEnded(p.stream());
    send(new Message.Notification(notification.method(), copy), null);
  }

  /** The client's answer to a server-initiated request. */
  void answerUpstream(Message answer) {
    RequestId clientSide = answer instanceof Message.Response r ? r.id() : ((Message.ErrorResponse) answer).id();
    RequestId upstreamId = clientSide == null ? null : serverRequests.remove(clientSide.toString());
    if (upstreamId == null) {
      LOG.debug("session {}: answer to an unknown server request {}", session.logId(), clientSide);
      return;
    }
    send(answer instanceof Message.Response r ? r.withId(upstreamId)
        : ((Message.ErrorResponse) answer).withId(upstreamId), null);
  }

  @Override
  public void onMessage(Message message) {
    switch (message) {
      case Message.Response r -> answered(r.id(), id -> r.withId(id));
      case Message.ErrorResponse e when e.id() != null -> answered(e.id(), id -> e.withId(id));
      case Message.ErrorResponse e -> LOG.warn("{} reported an error without an id: {}", session.server(),
          e.error().message());
      case Message.Request r -> serverRequest(r);
      case Message.Notification n -> serverNotification(n);
    }
  }

  @Override
  public void onClosed(UpstreamExit exit) {
    for (Pending p : pending.values()) {
      if (pending.remove(p.upstreamId()) != null) {
        p.stream().offer(Message.error(p.clientId(), exit.toError()));
      }
    }
    byClientId.clear();
    session.upstreamClosed(exit);
  }

  /** Fails every request still in flight with {@code error} (shutdown, timeouts); the streams end. */
  void failAll(JsonRpcError error) {
    for (Pending p : pending.values()) {
      if (pending.remove(p.upstreamId()) != null) {
        p.stream().offer(Message.error(p.clientId(), error));
      }
    }
  }

  private void answered(RequestId upstreamId, java.util.function.Function<RequestId, Message> rewrite) {
    Pending p = upstreamId.isString() ? null : pending.remove(upstreamId.value().asLong());
    if (p == null) {
      LOG.debug("session {}: late or unknown response {}", session.logId(), upstreamId);
      return;
    }
    byClientId.remove(p.clientId(), p);
    Message answer = rewrite.apply(p.clientId());
    summarize(p, answer);
    p.stream().offer(answer);
    session.requestEnded(p.stream());
    if (p.method().equals("initialize")) {
      session.initialized(answer);
    }
  }

  private void summarize(Pending p, Message answer) {
    if (REQUESTS.isInfoEnabled()) {
      String outcome = answer instanceof Message.ErrorResponse e ? "error " + e.error().code()
          : answer.node().path("result").path("isError").asBoolean(false) ? "tool error" : "ok";
      REQUESTS.info("request method={} server={} session={} durationMs={} outcome={}", p.method(), session.server(),
          session.logId(), (System.nanoTime() - p.startedNanos()) / 1_000_000, outcome);
    }
  }

  private void serverRequest(Message.Request request) {
    String downstream = "sb-" + nextServerId.getAndIncrement();
    serverRequests.put(downstream, request.id());
    session.deliver(request.withId(RequestId.of(downstream)));
  }

  private void serverNotification(Message.Notification n) {
    if (n.method().equals("notifications/progress")) {
      progress(n);
    } else if (n.method().equals("notifications/cancelled")) {
      serverCancelled(n);
    } else {
      session.deliver(n);
    }
  }

  private void progress(Message.Notification n) {
    JsonNode token = n.node().path("params").path("progressToken");
    Pending p = token.isIntegralNumber() ? pending.get(token.asLong())
        : token.isString() && token.asString().matches("\\d{1,18}") ? pending.get(Long.parseLong(token.asString()))
        : null;
    if (p == null || p.clientProgressToken() == null) {
      LOG.debug("session {}: progress for an unknown token {}", session.logId(), token);
      return;
    }
    ObjectNode copy = n.node().deepCopy();
    ((ObjectNode) copy.get("params")).set("progressToken", p.clientProgressToken());
    p.stream().offer(new Message.Notification(n.method(), copy));
  }

  private void serverCancelled(Message.Notification n) {
    JsonNode upstreamId = n.node().path("params").path("requestId");
    for (var e : serverRequests.entrySet()) {
      if (RequestId.isValid(upstreamId) && e.getValue().equals(new RequestId(upstreamId))
          && serverRequests.remove(e.getKey()) != null) {
        ObjectNode copy = n.node().deepCopy();
        ((ObjectNode) copy.get("params")).put("requestId", e.getKey());
        session.deliver(new Message.Notification(n.method(), copy));
        return;
      }
    }
  }

  private void send(Message message, @Nullable Pending p) {
    Upstream target = upstream;
    try {
      if (target == null) {
        throw new UpstreamException(session.server(), "MCP server '" + session.server() + "' is not connected");
      }
      target.send(message);
    } catch (UpstreamException e) {
      if (p != null && pending.remove(p.upstreamId()) != null) {
        byClientId.remove(p.clientId(), p);
        p.stream().offer(Message.error(p.clientId(), e.toError()));
        session.requestEnded(p.stream());
      }
    }
  }

  private static ObjectNode meta(ObjectNode request) {
    JsonNode params = request.get("params");
    ObjectNode p = params instanceof ObjectNode o ? o : request.putObject("params");
    JsonNode meta = p.get("_meta");
    return meta instanceof ObjectNode m ? m : p.putObject("_meta");
  }
}
