package dev.switchboard.gateway;

import dev.switchboard.config.UpstreamPolicy;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.upstream.Backend;
import dev.switchboard.upstream.BackendStatus;
import dev.switchboard.upstream.UpstreamException;
import dev.switchboard.upstream.UpstreamExit;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code sharing: call}: every request gets a fresh child, already started and initialized in a warm pool, which is
 * stopped once it has answered. For servers that keep no state between calls; everything such a child sends belongs
 * to the one request it serves. Session-level methods (ping, log level, subscriptions) are answered by the gateway;
 * subscriptions are accepted but no child lives long enough to send updates. Thread safe.
 */
final class CallDispatcher implements Dispatcher, Link.Owner {
  private static final Logger LOG = LoggerFactory.getLogger(CallDispatcher.class);

  private final RequestEvents events;
  private final Backend backend;
  private final UpstreamPolicy policy;
  private final String version;
  private final Executor closer;
  private final ConcurrentLinkedQueue<Link> warm = new ConcurrentLinkedQueue<>();
  private final AtomicInteger starting = new AtomicInteger();
  private final Map<Link, Caller> busy = new ConcurrentHashMap<>();
  private volatile @Nullable ObjectNode initializeResult;
  private volatile boolean closed;

  CallDispatcher(Backend backend, String version, Executor closer) {
    this(backend, version, closer, RequestEvents.NONE);
  }

  CallDispatcher(Backend backend, String version, Executor closer, RequestEvents events) {
    this.events = events;
    this.backend = backend;
    this.policy = backend.policy();
    this.version = version;
    this.closer = closer;
    refill();
  }

  @Override
  public void initialize(Caller session, Message.Request initialize, EventStream out) {
    ObjectNode result = initializeResult;
    if (result == null) {
      Link link = take(); // learns the result; the child then waits in the pool for the first call
      warm.add(link);
      result = Objects.requireNonNull(initializeResult, "take() performed the handshake, which sets it");
    }
    Message.Response answer = ChildHandshake.answerFor(initialize, result);
    session.initialized(answer, out);
  }

  @Override
  public void forward(Caller session, Message.Request request, EventStream out) {
    switch (request.method()) {
      case "ping", "resources/subscribe", "resources/unsubscribe" ->
          out.offer(Message.response(request.id(), Json.object()));
      case "logging/setLevel" -> setLevel(session, request, out);
      default -> call(session, request, out);
    }
  }

  @Override
  public void accept(Caller session, Message message) {
    for (var entry : busy.entrySet()) {
      if (entry.getValue() == session) {
        switch (message) {
          case Message.Notification n when n.method().equals("notifications/cancelled") ->
              entry.getKey().cancel(session, n);
          case Message.Notification n -> {} // initialized and the like concern the session, not this call
          default -> entry.getKey().answerUpstream(session, message);
        }
      }
    }
  }

  @Override
  public CompletableFuture<Void> sessionClosed(Caller session, String reason) {
    return CompletableFuture.allOf(busy.entrySet().stream().filter(e -> e.getValue() == session)
        .map(e -> e.getKey().endSession(session, Errors.sessionEnded(reason))).toArray(CompletableFuture[]::new));
  }

  @Override
  public int inFlight(Caller session) {
    return (int) busy.values().stream().filter(s -> s == session).count();
  }

  @Override
  public void tick(long now) {
    busy.keySet().forEach(link -> link.tick(now));
  }

  @Override
  public BackendStatus status() {
    return backend.status();
  }

  @Override
  public boolean keepsChildren() {
    return false;
  }

  @Override
  public @Nullable Caller attribute(Link link, Message message) {
    return busy.get(link);
  }

  @Override
  public void notification(Link link, Message.Notification n) {
    Caller session = busy.get(link);
    if (session != null && (!n.method().equals("notifications/message")
        || LogLevels.admits(session.logLevel(), n))) {
      session.deliver(n);
    }
  }

  @Override
  public void closed(Link link, UpstreamExit exit) {
    busy.remove(link);
    warm.remove(link);
    refill();
  }

  @Override
  public void close() {
    closed = true;
    Link link;
    while ((link = warm.poll()) != null) {
      Closers.close(closer, link::close);
    }
    busy.keySet().forEach(l -> Closers.close(closer, l::close));
    backend.close();
  }

  private void call(Caller session, Message.Request request, EventStream out) {
    Link link;
    try {
      link = take();
    } catch (UpstreamException e) { // no child for this call (no room, a crash loop): its answer says why
      out.offer(Message.error(request.id(), e.toError()));
      return;
    }
    busy.put(link, session);
    link.forward(session, request, out, new AnswerSink() {
      @Override
      public void answered(Message answer, Outcome outcome) {
        out.offer(answer);
        cancelled();
      }

      @Override
      public void cancelled() { // the call is over either way: its child served it and goes
        busy.remove(link);
        Closers.close(closer, link::close);
      }
    });
  }

  private void setLevel(Caller session, Message.Request request, EventStream out) {
    if (LogLevels.apply(session, request, out) >= 0) {
      out.offer(Message.response(request.id(), Json.object()));
    }
  }

  /** A ready child: from the pool, else started now. Every take starts a replacement. */
  private Link take() {
    Link link;
    while ((link = warm.poll()) != null) {
      if (link.isOpen()) {
        refill();
        return link;
      }
    }
    refill();
    return start();
  }

  private Link start() {
    Link link = Link.open(backend.name(), this, policy, closer);
    link.connect(() -> backend.connect(link));
    try {
      ObjectNode result = ChildHandshake.perform(link, version, policy.timeoutFor("initialize"), true);
      if (initializeResult == null) {
        initializeResult = result;
      }
      // debug: the gateway filters per session, and a call's child cannot learn a session's level in time
      // fire and forget: the answer does not matter, and the future only ever completes normally
      var unused = link.request("logging/setLevel", Json.object().put("level", "debug"), policy.requestTimeout());
      return link;
    } catch (UpstreamException e) {
      Closers.close(closer, link::close);
      throw e;
    }
  }

  private void refill() {
    int missing = Math.max(policy.warm(), 1) - warm.size() - starting.get();
    for (int i = 0; i < missing && !closed && !backend.failures().isCrashLooping(); i++) {
      starting.incrementAndGet();
      Thread.ofVirtual().name("call-warm-" + backend.name()).start(() -> {
        try {
          Link started = start();
          warm.add(started);
          if (closed && warm.remove(started)) {
            Closers.close(closer, started::close); // the dispatcher closed while this child was starting
          }
        } catch (UpstreamException e) {
          LOG.warn("{}: could not start a warm child: {}", backend.name(), e.getMessage());
        } finally {
          starting.decrementAndGet();
        }
      });
    }
  }

  @Override
  public RequestEvents requestEvents() {
    return events;
  }
}
