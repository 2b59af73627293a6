package dev.switchboard.gateway;

import dev.switchboard.protocol.Message;
import dev.switchboard.upstream.Backend;
import dev.switchboard.upstream.BackendStatus;
import dev.switchboard.upstream.Upstream;
import dev.switchboard.upstream.UpstreamExit;
import dev.switchboard.upstream.WarmPool;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * {@code sharing: session}: each session gets a dedicated child (from the warm pool when there is one), which sees
 * the client's own {@code initialize}. Everything the child sends belongs to that one session; when the child dies
 * the session ends, and its id answers 404 so the client starts over. Thread safe.
 */
final class SessionDispatcher implements Dispatcher, Link.Owner {
  private final RequestEvents events;
  private final Backend backend;
  private final @Nullable WarmPool warm;
  private final Executor closer;
  private final Map<Caller, Link> links = new ConcurrentHashMap<>();
  private final Map<Link, Caller> owners = new ConcurrentHashMap<>();

  SessionDispatcher(Backend backend, Executor closer) {
    this(backend, closer, RequestEvents.NONE);
  }

  SessionDispatcher(Backend backend, Executor closer, RequestEvents events) {
    this.events = events;
    this.backend = backend;
    this.closer = closer;
    int size = backend.policy().warm();
    this.warm = size > 0 ? new WarmPool(backend, size, closer).start() : null;
  }

  @Override
  public void initialize(Caller session, Message.Request initialize, EventStream out) {
    Link link = Link.open(backend.name(), this, backend.policy(), closer);
    links.put(session, link);
    owners.put(link, session);
    link.connect(() -> connect(link, session.principal()));
    link.forward(session, initialize, out, (answer, outcome) -> {
      // the session must know its revision before the client can send its next request; a refused one leaves the
      // registry before its client can read the refusal, and ends after the refusal is on its stream
      if (answer instanceof Message.Response r) {
        session.initialized(r, out);
      } else {
        session.refused(answer, out);
      }
    });
  }

  /** A child for {@code principal}, from the warm pool when there is one: also what a principal's lane starts. */
  Upstream connect(Link link, String principal) {
    return warm != null ? warm.take(link, principal) : backend.connect(link, principal);
  }

  @Override
  public void forward(Caller session, Message.Request request, EventStream out) {
    link(session).forward(session, request, out);
  }

  @Override
  public void accept(Caller session, Message message) {
    Link link = link(session);
    switch (message) {
      case Message.Notification n when n.method().equals("notifications/cancelled") -> link.cancel(session, n);
      case Message.Notification n -> link.notifyUpstream(n);
      case Message.Request r -> throw new IllegalArgumentException("requests are forwarded, not accepted");
      default -> link.answerUpstream(session, message);
    }
  }

  @Override
  public CompletableFuture<Void> sessionClosed(Caller session, String reason) {
    Link link = links.remove(session);
    if (link == null) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> settled = link.failAll(Errors.sessionEnded(reason), Outcome.SESSION_ENDED);
    owners.remove(link);
    Closers.close(closer, link::close);
    return settled;
  }

  @Override
  public int inFlight(Caller session) {
    Link link = links.get(session);
    return link == null ? 0 : link.inFlight();
  }

  @Override
  public void tick(long now) {
    links.values().forEach(link -> link.tick(now));
  }

  @Override
  public BackendStatus status() {
    return backend.status();
  }

  @Override
  public @Nullable Caller attribute(Link link, Message message) {
    return owners.get(link);
  }

  @Override
  public void notification(Link link, Message.Notification notification) {
    Caller session = owners.get(link);
    if (session != null) {
      session.deliver(notification);
    }
  }

  @Override
  public void closed(Link link, UpstreamExit exit) {
    Caller session = owners.remove(link);
    if (session != null) {
      links.remove(session, link);
      // a session still waiting for its initialize's answer is ended by that answer — the refusal this exit brings,
      // which may still be queued on the link behind it; ending it first would finish the stream the refusal needs
      if (session.state() != SessionState.INITIALIZING) {
        session.close(exit.describe());
      }
    }
  }

  @Override
  public void close() {
    if (warm != null) {
      warm.close();
    }
    backend.close();
  }

  /** The session's link; a session whose child has died (even if its exit is not yet reported) is gone: 404. */
  private Link link(Caller session) {
    Link link = links.get(session);
    if (link != null && !link.isOpen() && link.upstream() != null) {
      session.close("its MCP server exited");
      link = null;
    }
    if (link == null) {
      throw new GatewayException(Refusal.SESSION_UNKNOWN, Errors.sessionNotFound());
    }
    return link;
  }

  @Override
  public RequestEvents requestEvents() {
    return events;
  }
}
