package dev.switchboard.gateway;

import dev.switchboard.config.UpstreamPolicy;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.upstream.Backend;
import dev.switchboard.upstream.BackendStatus;
import dev.switchboard.upstream.Upstream;
import dev.switchboard.upstream.UpstreamException;
import dev.switchboard.upstream.UpstreamExit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code sharing: shared}: one child (or up to {@code pool.max}, least-loaded first) serves every session. The
 * gateway initializes each child once and answers each session's {@code initialize} from that result; it keeps per
 * session what the child cannot (log level, subscriptions) and routes what the child sends: answers and progress by
 * id, {@code list_changed} to all, {@code resources/updated} to subscribers, requests and log messages to the one
 * session they belong to — pinning the child when that cannot be told. A dead child is replaced; sessions carry on.
 * Thread safe.
 */
final class SharedDispatcher implements Dispatcher, Link.Owner {
  private static final Logger LOG = LoggerFactory.getLogger(SharedDispatcher.class);

  private final RequestEvents events;
  private final Backend backend;
  private final UpstreamPolicy policy;
  /** Set when every session here is one principal's: its children are its own and its callers' roots reach them. */
  private final @Nullable String principal;
  private final SharedChildren children;
  private final SharedRequests requests;
  private final Map<Caller, SharedChild> bindings = new ConcurrentHashMap<>();

  SharedDispatcher(Backend backend, String version, Executor closer) {
    this(backend, version, closer, RequestEvents.NONE);
  }

  SharedDispatcher(Backend backend, String version, Executor closer, RequestEvents events) {
    this(backend, backend.policy(), null, (link, p) -> backend.connect(link), version, closer, events,
        System::nanoTime);
  }

  /** Starts the process behind a new child's link. */
  interface Connector {
    Upstream connect(Link link, @Nullable String principal);
  }

  private SharedDispatcher(Backend backend, UpstreamPolicy policy, @Nullable String principal, Connector connector,
      String version, Executor closer, RequestEvents events, LongSupplier clock) {
    this.events = events;
    this.backend = backend;
    this.policy = policy;
    this.principal = principal;
    this.children = new SharedChildren(backend, policy, principal, connector, this, version, closer, clock);
    this.requests = new SharedRequests(policy, this::sessionsOf);
    children.warmUp();
  }

  /**
   * The children serving the 2026-07-28 requests of one principal on a {@code session} server: each request holds a
   * child of its own while it runs (so whatever the child asks belongs to it), the first free child serves the next
   * one (so state lasts from one request to the next, as a session's would), one spare is kept started, and no other
   * key's requests reach them. {@code connector} starts each (from the server's warm pool, as its sessions' are);
   * {@code clock} (nanoseconds) is the one {@link #reapSurplus} is ticked with.
   */
  static SharedDispatcher forPrincipal(Backend backend, String principal, Connector connector, String version,
      Executor closer, RequestEvents events, LongSupplier clock) {
    return new SharedDispatcher(backend, backend.policy().withChildren(0, backend.policy().max()), principal,
        connector, version, closer, events, clock);
  }

  /** No session is bound here: nothing would be lost if it closed now. */
  boolean unused() {
    return bindings.isEmpty();
  }

  /**
   * A principal's children beyond the spare that no session has used for {@code idle} stop, so a burst of
   * concurrent requests does not keep its children until the principal goes quiet. Returns how many stopped.
   */
  int reapSurplus(long now, Duration idle) {
    return children.reapSurplus(now, idle, () -> Set.copyOf(bindings.values()));
  }

  @Override
  public void initialize(Caller session, Message.Request initialize, EventStream out) {
    SharedChild child;
    if (principal == null) {
      child = children.forNewSession();
      bindings.put(session, child);
    } else {
      child = children.claim(this::held, c -> bindings.put(session, c));
      children.keepSpare(this::held);
    }
    Message.Response answer = session.statelessInputs() != null
        ? Message.response(initialize.id(), child.initializeResult) // only read, never sent: no copy per request
        : ChildHandshake.answerFor(initialize, child.initializeResult);
    session.initialized(answer, out);
  }

  @Override
  public void forward(Caller session, Message.Request request, EventStream out) {
    SharedChild child;
    try {
      child = child(session);
    } catch (UpstreamException e) { // its child died and no replacement could start: the answer says why
      out.offer(Message.error(request.id(), e.toError()));
      return;
    }
    switch (request.method()) {
      case "ping" -> out.offer(Message.response(request.id(), Json.object()));
      case "logging/setLevel" -> requests.setLevel(child, session, request, out);
      case "resources/subscribe" -> requests.subscribe(child, session, request, out);
      case "resources/unsubscribe" -> requests.unsubscribe(child, session, request, out);
      default -> send(child, session, request, out);
    }
  }

  @Override
  public void accept(Caller session, Message message) {
    SharedChild child = child(session);
    switch (message) {
      case Message.Notification n when n.method().equals("notifications/initialized") -> {} // sent once, by us
      case Message.Notification n when n.method().equals("notifications/roots/list_changed") -> {} // not theirs
      case Message.Notification n when n.method().equals("notifications/cancelled") -> cancel(child, session, n);
      case Message.Notification n -> child.link.notifyUpstream(n);
      case Message.Request r -> throw new IllegalArgumentException("requests are forwarded, not accepted");
      default -> child.link.answerUpstream(session, message);
    }
  }

  @Override
  public CompletableFuture<Void> sessionClosed(Caller session, String reason) {
    SharedChild bound = bindings.get(session);
    if (bound != null) {
      children.released(bound); // before it is unbound: the reaper must not see it idle since it was claimed
    }
    SharedChild child = bindings.remove(session);
    if (child == null) {
      return CompletableFuture.completedFuture(null);
    }
    JsonRpcError error = Errors.sessionEnded(reason);
    CompletableFuture<Void> settled = child.link.inFlight(session) == 0 && !session.wasAsked()
        ? CompletableFuture.completedFuture(null) // the link's books hold nothing of it: no trip to its owner
        : child.link.endSession(session, error);
    child.drop(session).forEach(q -> q.out().offer(Message.error(q.request().id(), error)));
    requests.left(child, session);
    sendQueued(child, child.release());
    return settled;
  }

  @Override
  public int inFlight(Caller session) {
    SharedChild child = bindings.get(session);
    return child == null ? 0 : child.link.inFlight(session) + child.waiting(session);
  }

  @Override
  public void tick(long now) {
    for (SharedChild child : children.list()) {
      child.link.tick(now);
      child.expired(now, q -> policy.timeoutFor(q.request().method()).toNanos()).forEach(q -> {
        events.waitedForPin(backend.name(), now - q.since());
        q.out().offer(Message.error(q.request().id(), new JsonRpcError(JsonRpcError.SERVER_ERROR, "MCP server '"
            + backend.name() + "' was busy with another session for too long; request not sent")));
      });
    }
  }

  /** The child serving {@code session}, for tests. */
  @Nullable SharedChild boundTo(Caller session) {
    return bindings.get(session);
  }

  /** The children now serving, for tests and status. */
  List<SharedChild> children() {
    return children.list();
  }

  @Override
  public BackendStatus status() {
    return backend.status();
  }

  @Override
  public @Nullable Caller attribute(Link link, Message message) {
    SharedChild child = children.of(link);
    if (child == null) {
      return null;
    }
    Set<Caller> busy = link.sessionsInFlight(2);
    Caller pinned = child.pinnedTo();
    if (pinned != null && (busy.isEmpty() || busy.equals(Set.of(pinned)))) {
      return pinned;
    }
    if (busy.size() == 1) {
      return busy.iterator().next();
    }
    List<Caller> bound = sessionsOf(child);
    if (busy.isEmpty() && bound.size() == 1) {
      return bound.get(0);
    }
    if (busy.isEmpty() && bound.isEmpty()) {
      LOG.debug("{}: the shared child sent {} with no session bound; it was {}", backend.name(), describe(message),
          fate(message)); // nobody to tell apart: nothing to pin against
      return null;
    }
    if (child.pin()) {
      events.pinned(backend.name());
      LOG.warn("{}: the shared child sent {} that could belong to {}; it was {}, and the child now serves one session "
          + "at a time until it is idle", backend.name(), describe(message), busy.isEmpty()
              ? "any of its " + bound.size() + " sessions (none had a request in flight)"
              : "any of several sessions with requests in flight", fate(message));
    }
    return null;
  }

  /**
   * A shared child's roots are the configured ones, which the gateway answers ({@link #answer}): a 2026-07-28 child
   * is told the caller has roots exactly when some are configured, whatever the client declared.
   */
  @Override
  public JsonNode capabilitiesOf(Caller caller) {
    JsonNode declared = Link.Owner.super.capabilitiesOf(caller);
    if (principal != null) {
      return declared;
    }
    ObjectNode caps = declared instanceof ObjectNode own ? own.deepCopy() : Json.object();
    caps.remove("roots");
    if (!backend.roots().isEmpty()) {
      caps.putObject("roots").put("listChanged", false);
    }
    return caps;
  }

  /**
   * A shared child asks for roots: it gets the configured ones from the gateway, never a client's; a principal's own
   * child asks the caller, as a session's child would.
   */
  @Override
  public @Nullable Message answer(Link link, Message.Request request) {
    if (!request.method().equals("roots/list") || principal != null) {
      return null;
    }
    List<String> roots = backend.roots();
    if (roots.isEmpty()) {
      return Message.error(request.id(), new JsonRpcError(JsonRpcError.METHOD_NOT_FOUND, "'" + backend.name()
          + "' is shared by several clients, so it gets only the roots configured for it, and none are"));
    }
    var result = Json.object();
    var list = result.putArray("roots");
    roots.forEach(uri -> list.addObject().put("uri", uri));
    return Message.response(request.id(), result);
  }

  private static String describe(Message message) {
    return message instanceof Message.Request r ? "a " + r.method() + " request"
        : "a " + ((Message.Notification) message).method() + " notification";
  }

  /** What {@link #notification} and the link do with what could not be attributed. */
  private static String fate(Message message) {
    return message instanceof Message.Request ? "refused (the server may retry)"
        : message instanceof Message.Notification n && n.method().equals("notifications/message") ? "dropped"
        : "sent to every session";
  }

  @Override
  public void notification(Link link, Message.Notification n) {
    SharedChild child = children.of(link);
    if (child == null) {
      return;
    }
    if (n.method().endsWith("/list_changed")) {
      sessionsOf(child).forEach(s -> s.deliver(n));
    } else if (n.method().equals("notifications/resources/updated")) {
      String uri = n.node().path("params").path("uri").asString("");
      child.subscriptions.subscribers(uri).forEach(s -> s.deliver(n));
    } else if (n.method().equals("notifications/message")) {
      Caller target = attribute(link, n);
      if (target != null && LogLevels.admits(target.logLevel(), n)) {
        target.deliver(n);
      }
    } else {
      Caller target = attribute(link, n);
      (target == null ? sessionsOf(child) : List.of(target)).forEach(s -> s.deliver(n));
    }
  }

  @Override
  public void closed(Link link, UpstreamExit exit) {
    SharedChild child = children.removed(link);
    if (child == null) {
      return;
    }
    child.dropAll().forEach(q -> q.out().offer(Message.error(q.request().id(), exit.toError())));
    if (!sessionsOf(child).isEmpty() && !exit.expected()) {
      LOG.warn("{}: shared child died ({}); starting a replacement", backend.name(), exit.describe());
      children.replaceLater();
    }
  }

  @Override
  public void close() {
    children.close();
    backend.close();
  }

  /** Every answer may free a pinned child for the next session in line, including answers sent before pinning. */
  private void send(SharedChild child, Caller session, Message.Request request, EventStream out) {
    if (!child.isPinned() || child.admitOrQueue(session, request, out)) {
      child.link.forward(session, request, out, releasing(child, out));
    }
  }

  /** The answer goes to the client; then, whether answered or cancelled, a pinned child may pass to the next session. */
  private AnswerSink releasing(SharedChild child, EventStream out) {
    return new AnswerSink() {
      @Override
      public void answered(Message answer, Outcome outcome) {
        out.offer(answer);
        cancelled();
      }

      @Override
      public void cancelled() {
        sendQueued(child, child.release());
      }
    };
  }

  private void cancel(SharedChild child, Caller session, Message.Notification cancelled) {
    var id = cancelled.node().path("params").path("requestId");
    SharedChild.Queued queued = dev.switchboard.protocol.RequestId.isValid(id)
        ? child.cancel(session, new dev.switchboard.protocol.RequestId(id)) : null;
    if (queued != null) {
      queued.out().settleOne(); // never sent: nothing to tell the server, and the client expects no answer
      session.requestEnded(queued.out());
    } else {
      child.link.cancel(session, cancelled);
    }
  }

  /** Sends what waited for a pinned child, in order; each wait ends now. */
  private void sendQueued(SharedChild child, List<SharedChild.Queued> next) {
    long now = next.isEmpty() ? 0 : System.nanoTime();
    next.forEach(q -> {
      events.waitedForPin(backend.name(), now - q.since());
      child.link.forward(q.session(), q.request(), q.out(), releasing(child, q.out()));
    });
  }

  /** The child a session uses; a session whose child died moves to a live one and keeps its subscriptions. */
  private SharedChild child(Caller session) {
    SharedChild child = bindings.get(session);
    if (child == null) {
      throw new GatewayException(Refusal.SESSION_UNKNOWN, Errors.sessionNotFound());
    }
    if (child.link.isOpen()) {
      return child;
    }
    SharedChild next = children.replacement(this::held, c -> bindings.put(session, c));
    requests.moved(next, session);
    return next;
  }

  /** The children a request holds now; a listener does not hold its child, so the next calls go to it. */
  private Set<SharedChild> held() {
    return bindings.entrySet().stream().filter(e -> e.getKey().holdsChild()).map(Map.Entry::getValue)
        .collect(Collectors.toSet());
  }

  List<Caller> sessionsOf(SharedChild child) {
    return bindings.entrySet().stream().filter(e -> e.getValue() == child).map(Map.Entry::getKey)
        .collect(Collectors.toList());
  }

  @Override
  public RequestEvents requestEvents() {
    return events;
  }
}
