package dev.switchboard.gateway;

import dev.switchboard.config.UpstreamPolicy;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import java.util.List;
import java.util.function.Function;

/**
 * The requests a shared child cannot take from each of its sessions as they come, because they change its state for
 * all of them: {@code logging/setLevel} (the child logs at the lowest level any session asked for; each session gets
 * only what it asked for) and {@code resources/subscribe}/{@code unsubscribe} (the child subscribes once per URI;
 * the gateway keeps who asked). Stateless; called on the session's request thread.
 */
final class SharedRequests {
  private final UpstreamPolicy policy;
  private final Function<SharedChild, List<Caller>> sessionsOf;

  SharedRequests(UpstreamPolicy policy, Function<SharedChild, List<Caller>> sessionsOf) {
    this.policy = policy;
    this.sessionsOf = sessionsOf;
  }

  void setLevel(SharedChild child, Caller session, Message.Request request, EventStream out) {
    int level = LogLevels.apply(session, request, out);
    if (level < 0) {
      return;
    }
    int lowest = sessionsOf.apply(child).stream().mapToInt(Caller::logLevel).filter(l -> l >= 0).min()
        .orElse(level);
    if (lowest != child.level) {
      child.level = lowest;
      ChildHandshake.await(child.link, child.link.request("logging/setLevel", Json.object().put("level",
          LogLevels.NAMES.get(lowest)), policy.requestTimeout()), policy.requestTimeout());
    }
    out.offer(Message.response(request.id(), Json.object()));
  }

  void subscribe(SharedChild child, Caller session, Message.Request request, EventStream out) {
    String uri = uri(request);
    session.subscriptions().add(uri);
    if (child.subscriptions.add(uri, session)) {
      child.link.forward(session, request, out, (answer, outcome) -> {
        out.offer(answer);
        if (answer instanceof Message.ErrorResponse) {
          child.subscriptions.remove(uri, session);
          session.subscriptions().remove(uri);
        }
      });
    } else {
      out.offer(Message.response(request.id(), Json.object()));
    }
  }

  void unsubscribe(SharedChild child, Caller session, Message.Request request, EventStream out) {
    String uri = uri(request);
    session.subscriptions().remove(uri);
    if (child.subscriptions.remove(uri, session)) {
      child.link.forward(session, request, out);
    } else {
      out.offer(Message.response(request.id(), Json.object()));
    }
  }

  /** The session left the child: the URIs only it wanted are unsubscribed upstream. */
  void left(SharedChild child, Caller session) {
    if (session.subscriptions().isEmpty()) {
      return; // the usual case (every 2026-07-28 request ends a session): no walk over the child's subscriptions
    }
    child.subscriptions.removeAll(session).forEach(uri -> upstream(child, "resources/unsubscribe", uri));
  }

  /** The session moved to {@code next} (its child died): its subscriptions move with it. */
  void moved(SharedChild next, Caller session) {
    session.subscriptions().stream().filter(uri -> next.subscriptions.add(uri, session))
        .forEach(uri -> upstream(next, "resources/subscribe", uri));
  }

  private void upstream(SharedChild child, String method, String uri) {
    if (child.link.isOpen()) {
      // fire and forget: the answer does not matter, and the future only ever completes normally
      var unused = child.link.request(method, Json.object().put("uri", uri), policy.timeoutFor(method));
    }
  }

  private static String uri(Message.Request request) {
    return request.node().path("params").path("uri").asString("");
  }
}
