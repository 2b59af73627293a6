package dev.switchboard.gateway;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.upstream.Upstream;
import dev.switchboard.upstream.UpstreamException;
import dev.switchboard.upstream.UpstreamExit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The books of one {@link Link} — requests in flight by upstream id and by client id, server-initiated requests
 * waiting for a client — and what each {@link LinkEvent} does to them. Touched only under the link's turn (one thread at a
 * time, the lock giving visibility): plain maps, and its only I/O is {@link Upstream#send}, which never blocks.
 */
final class LinkBooks {
  private static final Logger LOG = LoggerFactory.getLogger(Link.class);
  private static final Logger REQUESTS = LoggerFactory.getLogger("switchboard.requests");

  private final Link link;
  private final Map<Long, Pending> pending = new HashMap<>();
  private final Map<ClientKey, Pending> byClient = new HashMap<>();
  private final Map<String, ServerCall> serverCalls = new HashMap<>();
  private long nextServerId = 1;
  private boolean pinging;

  LinkBooks(Link link) {
    this.link = link;
  }

  private record ClientKey(Caller session, RequestId id) {}

  /** A server-initiated request waiting for its client's answer. */
  private record ServerCall(RequestId upstreamId, Caller session) {}

  /** Handles one event; true once the link has closed and nothing more will be handled. */
  boolean handle(LinkEvent event) {
    switch (event) {
      case LinkEvent.Send s -> send(s.pending(), s.message());
      case LinkEvent.Cancel c -> cancel(c.session(), c.cancelled());
      case LinkEvent.AnswerServer a -> answerServer(a.session(), a.answer());
      case LinkEvent.Fail f -> fail(f);
      case LinkEvent.Tick t -> tick(t.now());
      case LinkEvent.Received r -> received(r.message());
      case LinkEvent.Closed c -> {
        closed(c.exit());
        return true;
      }
    }
    return false;
  }

  private void send(@Nullable Pending p, Message message) {
    if (p != null) {
      pending.put(p.upstreamId, p);
      if (p.session != null) {
        byClient.put(new ClientKey(p.session, p.clientId), p);
      }
    }
    Upstream target = link.upstream();
    try {
      if (target == null) {
        throw new UpstreamException(link.server(), "MCP server '" + link.server() + "' is not connected");
      }
      if (p != null) {
        p.times.sent(System.nanoTime());
      }
      target.send(message);
    } catch (UpstreamException e) {
      if (p != null && take(p.upstreamId) != null) {
        end(p, Message.error(p.clientId, e.toError()), Outcome.NOT_SENT);
      } else {
        LOG.debug("{}: could not send {}: {}", link.server(), message.getClass().getSimpleName(), e.getMessage());
      }
    }
  }

  private void cancel(Caller session, Message.Notification cancelled) {
    JsonNode clientId = cancelled.node().path("params").path("requestId");
    Pending p = RequestId.isValid(clientId) ? byClient.get(new ClientKey(session, new RequestId(clientId))) : null;
    if (p == null || take(p.upstreamId) == null) {
      return; // unknown or finished: the spec lets us ignore it
    }
    ObjectNode copy = cancelled.node().deepCopy();
    ((ObjectNode) copy.get("params")).put("requestId", p.upstreamId);
    link.counts().ended(p.session);
    if (p.stream != null) {
      p.stream.settleOne();
    }
    streamSettled(p);
    p.sink.cancelled();
    send(null, new Message.Notification(cancelled.method(), copy));
  }

  private void answerServer(Caller session, Message answer) {
    RequestId id = answer instanceof Message.Response r ? r.id() : ((Message.ErrorResponse) answer).id();
    ServerCall call = id == null ? null : serverCalls.get(id.toString());
    if (id == null || call == null || call.session() != session) { // no id: no call either
      LOG.debug("{}: answer to an unknown server request {}", link.server(), id);
      return;
    }
    serverCalls.remove(id.toString());
    send(null, answer instanceof Message.Response r ? r.withId(call.upstreamId())
        : ((Message.ErrorResponse) answer).withId(call.upstreamId()));
  }

  /** Ends one session's requests (cancelled upstream: the server may stop working on them) or every request. */
  private void fail(LinkEvent.Fail f) {
    Caller session = f.session();
    for (Pending p : takeAll(p -> session == null || p.session == session)) {
      end(p, Message.error(p.clientId, f.error()), f.outcome()); // the client first: the send may be refused
      if (session != null) {
        send(null, cancelledNotification(p.upstreamId, f.error().message()));
      }
    }
    if (session != null) {
      serverCalls.values().removeIf(c -> c.session() == session);
    }
    f.done().complete(null);
  }

  /** Times out requests past their deadline (the client gets an error, the server a cancellation), then probes. */
  private void tick(long now) {
    for (Pending p : takeAll(p -> p.expired(now))) {
      long ms = Duration.ofNanos(now - p.startedNanos).toMillis();
      JsonRpcError error = new JsonRpcError(JsonRpcError.SERVER_ERROR, "MCP server '" + link.server()
          + "' did not answer " + p.method + " within " + ms + " ms; the request was cancelled");
      end(p, Message.error(p.clientId, error), Outcome.TIMED_OUT);
      if (p.session != null) {
        send(null, cancelledNotification(p.upstreamId, "timed out"));
      }
    }
    long interval = link.policy().pingInterval().toNanos();
    if (interval > 0 && !pinging && link.isOpen() && link.idleNanos() > interval) {
      probe(link.policy().pingTimeout());
    }
  }

  /** A liveness ping; a server that does not take it or answer it within {@code timeout} is killed. */
  private void probe(Duration timeout) {
    pinging = true;
    link.request("ping", null, timeout, (answer, outcome) -> {
      pinging = false;
      if (outcome.serverUnresponsive()) {
        link.kill("did not answer a ping within " + timeout.toMillis() + " ms");
      }
    });
  }

  private void received(Message message) {
    switch (message) {
      case Message.Response r -> answered(r.id(), r::withId, message);
      case Message.ErrorResponse e when e.id() != null -> answered(e.id(), e::withId, message);
      case Message.ErrorResponse e ->
          LOG.warn("{} reported an error without an id: {}", link.server(), e.error().message());
      case Message.Request r -> serverRequest(r);
      case Message.Notification n -> serverNotification(n);
    }
  }

  private void closed(UpstreamExit exit) {
    for (Pending p : takeAll(p -> true)) {
      end(p, Message.error(p.clientId, exit.toError()), Outcome.LINK_CLOSED);
    }
    serverCalls.clear();
    link.owner().closed(link, exit);
  }

  private void answered(RequestId upstreamId, java.util.function.Function<RequestId, Message> rewrite,
      Message original) {
    Pending p = upstreamId.isString() ? null : take(upstreamId.value().asLong());
    if (p == null) {
      LOG.debug("{}: late or unknown response {}", link.server(), upstreamId);
      return;
    }
    p.times.answered(System.nanoTime());
    end(p, p.session == null ? original : rewrite.apply(p.clientId), Outcome.ANSWERED);
  }

  private void serverRequest(Message.Request request) {
    Message own = link.owner().answer(link, request);
    if (own != null) {
      send(null, own);
      return;
    }
    Caller target = relatedCaller(request);
    if (target == null) {
      target = link.owner().attribute(link, request);
    }
    if (target == null) {
      refuse(request, JsonRpcError.INTERNAL_ERROR, "Switchboard cannot tell which client this " + request.method()
          + " is for (several share this server); retry");
      return;
    }
    String capability = target.lacks(request);
    if (capability != null) {
      target.capabilityRefused(capability);
      refuse(request, JsonRpcError.METHOD_NOT_FOUND, "The client did not declare the '" + capability
          + "' capability");
      return;
    }
    String downstream = "sb-" + nextServerId++;
    serverCalls.put(downstream, new ServerCall(request.id(), target));
    if (!target.deliverServerRequest(request.withId(RequestId.of(downstream)), request.id())) {
      serverCalls.remove(downstream);
      refuse(request, JsonRpcError.INTERNAL_ERROR, "The client's session has ended");
    }
  }

  /**
   * The caller of the request the upstream says {@code request} belongs to: exact, where the owner's attribution
   * can only guess (a shared child's callers with requests in flight).
   */
  private @Nullable Caller relatedCaller(Message.Request request) {
    Upstream u = link.upstream();
    RequestId related = u == null ? null : u.relatedRequest(request);
    Pending p = related == null || related.isString() ? null : pending.get(related.value().asLong());
    return p == null ? null : p.session;
  }

  private void refuse(Message.Request request, int code, String message) {
    send(null, Message.error(request.id(), new JsonRpcError(code, message)));
  }

  private void serverNotification(Message.Notification n) {
    link.owner().requestEvents().notified(link.server(), n.method());
    switch (n.method()) {
      case "notifications/progress" -> progress(n);
      case "notifications/cancelled" -> serverCancelled(n);
      default -> link.owner().notification(link, n);
    }
  }

  private void progress(Message.Notification n) {
    JsonNode token = n.node().path("params").path("progressToken");
    Pending p = token.isIntegralNumber() ? pending.get(token.asLong())
        : token.isString() && isId(token.asString()) ? pending.get(Long.parseLong(token.asString())) : null;
    if (p == null || p.clientProgressToken == null || p.stream == null) {
      LOG.debug("{}: progress for an unknown token {}", link.server(), token);
      return;
    }
    p.extend();
    // the child's notification was parsed for this one stream and nothing else holds it: renamed in place, where a
    // copy per event was the link owner's main cost under a flood of progress
    ((ObjectNode) n.node().get("params")).set("progressToken", p.clientProgressToken);
    p.stream.offer(n);
  }

  /** An upstream id as the text a child may echo: 1 to 18 digits (so it parses as a long). */
  private static boolean isId(String s) {
    return !s.isEmpty() && s.length() <= 18 && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private void serverCancelled(Message.Notification n) {
    JsonNode upstreamId = n.node().path("params").path("requestId");
    if (!RequestId.isValid(upstreamId)) {
      return;
    }
    RequestId id = new RequestId(upstreamId);
    for (Iterator<Map.Entry<String, ServerCall>> it = serverCalls.entrySet().iterator(); it.hasNext();) {
      Map.Entry<String, ServerCall> e = it.next();
      if (e.getValue().upstreamId().equals(id)) {
        it.remove();
        ObjectNode copy = n.node().deepCopy();
        ((ObjectNode) copy.get("params")).put("requestId", e.getKey());
        e.getValue().session().deliver(new Message.Notification(n.method(), copy));
        return;
      }
    }
  }

  /** Removes a request from the books; null when it already ended. */
  private @Nullable Pending take(long upstreamId) {
    Pending p = pending.remove(upstreamId);
    if (p != null && p.session != null) {
      byClient.remove(new ClientKey(p.session, p.clientId), p);
    }
    return p;
  }

  /** Removes every matching request first, so that sinks sending more on this link never meet a half-walked map. */
  private List<Pending> takeAll(Predicate<Pending> which) {
    List<Pending> out = new ArrayList<>();
    for (Pending p : List.copyOf(pending.values())) {
      if (which.test(p) && take(p.upstreamId) != null) {
        out.add(p);
      }
    }
    return out;
  }

  /** A request taken off the books ends here, exactly once: counts, the request log, its sink, its stream. */
  private void end(Pending p, Message answer, Outcome outcome) {
    link.counts().ended(p.session);
    summarize(p, answer);
    p.sink.answered(answer, outcome);
    streamSettled(p);
  }

  private static void streamSettled(Pending p) {
    if (p.session != null && p.stream != null) {
      p.session.requestEnded(p.stream);
    }
  }

  private void summarize(Pending p, Message answer) {
    if (p.session != null && REQUESTS.isInfoEnabled()) {
      String outcome = answer instanceof Message.ErrorResponse e ? "error " + e.error().code()
          : answer.node().path("result").path("isError").asBoolean(false) ? "tool error" : "ok";
      REQUESTS.info("request method={} server={} session={} durationMs={} outcome={}", p.method, link.server(),
          p.session.logId(), (System.nanoTime() - p.startedNanos) / 1_000_000, outcome);
    }
  }

  static Message.Notification cancelledNotification(long upstreamId, String reason) {
    ObjectNode params = Json.object().put("requestId", upstreamId).put("reason", reason);
    return Message.notification("notifications/cancelled", params);
  }
}
