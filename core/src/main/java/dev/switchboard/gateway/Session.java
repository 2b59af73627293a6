package dev.switchboard.gateway;

import dev.switchboard.config.Limits;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.ProtocolVersion;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One client's conversation with one server: its id, negotiated revision, the streams its messages travel on, and
 * the per-client state a shared server cannot keep for it (log level, subscriptions). Server-initiated messages go to
 * the newest request stream still open (they relate to work in flight), else to the standalone stream. Thread safe;
 * {@link #close} is idempotent.
 */
public final class Session extends Caller {
  private static final Logger LOG = LoggerFactory.getLogger(Session.class);
  private static final int KEPT_STREAMS = 64;
  private static final java.time.Duration SETTLE_BOUND = java.time.Duration.ofSeconds(5);

  private final String id;
  private final String server;
  /** The API key name (or "anonymous") that created the session; only it may use the session. */
  private final String principal;
  private final Instant created = Instant.now();
  private final Limits limits;
  private final EventStream standalone;
  private final RetainedEvents retained;
  private final Map<Integer, EventStream> streams = new ConcurrentHashMap<>();
  private final ConcurrentLinkedDeque<EventStream> active = new ConcurrentLinkedDeque<>();
  private final AtomicInteger nextStream = new AtomicInteger(1);
  private final AtomicReference<SessionState> state = new AtomicReference<>(SessionState.INITIALIZING);
  private final Listener listener;
  private volatile @Nullable Dispatcher dispatcher;
  /** Where server-initiated messages go instead of this session's streams: a group's member session relays them. */
  private volatile java.util.function.@Nullable Predicate<Message> relay;
  private volatile String protocolVersion = ProtocolVersion.ASSUMED;
  /** Ticks in nanoseconds; the registry's, so tests can move time without sleeping. */
  private final LongSupplier clock;
  private volatile long lastActiveNanos;
  /**
   * When the grace for a first request began ({@code gateway.sessions.unusedGrace}): the session's creation, then the
   * answer to its {@code initialize}. Nothing the client sends later moves it: keep-alive pings do not defer the reaping.
   */
  private volatile long openedNanos;
  /**
   * Whether the client has sent a request other than {@code initialize} and {@code ping}: a session never used can be
   * reaped early. A ping is not use: clients ping as a keep-alive, probes included.
   */
  private volatile boolean used;
  /**
   * Whether a child has sent this session a request of its own (sampling, elicitation, roots): a link then keeps it in
   * its books, and closing the session must clear them. Read after {@code state} is closed, written before it is read.
   */
  private volatile @Nullable JsonNode clientCapabilities;
  private volatile @Nullable JsonNode clientInfoNode;
  private volatile Origin origin = Origin.UNKNOWN;
  /** The group whose client session this member session serves, or null for a client's own session. */
  private volatile @Nullable String group;
  /** A member session that lives for one 2026-07-28 request: its opening and closing log at debug, not info. */
  private volatile boolean oneRequest;
  /** This session's own idle timeout (the seed API's shorter one), or null for the gateway's. */
  private volatile java.time.@Nullable Duration idleTimeout;

  Session(String id, String server, String principal, Limits limits, Listener listener) {
    this(id, server, principal, limits, RetainedEvents.UNBOUNDED, listener, System::nanoTime);
  }

  /** {@code retained}: the gateway-wide bound on events its streams hold for a client that is not reading them. */
  Session(String id, String server, String principal, Limits limits, RetainedEvents retained, Listener listener,
      LongSupplier clock) {
    super(LogLevels.UNSET, ConcurrentHashMap.newKeySet());
    this.clock = clock;
    this.retained = retained;
    this.lastActiveNanos = clock.getAsLong();
    this.openedNanos = lastActiveNanos;
    this.id = id;
    this.server = server;
    this.principal = principal;
    this.limits = limits;
    this.listener = listener;
    this.standalone = new EventStream(0, limits.maxStreamEvents(), 0, null, retained);
    streams.put(0, standalone);
  }

  /** Told when a session ends, so the registry forgets it. */
  interface Listener {
    void closed(Session session);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String server() {
    return server;
  }

  @Override
  public String principal() {
    return principal;
  }

  public Instant created() {
    return created;
  }

  @Override
  public SessionState state() {
    return state.get();
  }

  @Override
  public String protocolVersion() {
    return protocolVersion;
  }

  /** How the client reached this session, for the access log and the status page; set once by its transport. */
  public void origin(String transport, String address) {
    origin = new Origin(transport, address);
  }

  @Override
  public Origin origin() {
    return origin;
  }

  /** Marks this session as a member session of group {@code name} (its requests are counted for the group too). */
  void memberOf(String name) {
    group = name;
  }

  /** This member session serves one 2026-07-28 request of its group: its coming and going is no news. */
  void servesOneRequest() {
    oneRequest = true;
  }

  private void lifecycle(String format, Object... args) {
    if (oneRequest) {
      LOG.debug(format, args);
    } else {
      LOG.info(format, args);
    }
  }

  /** The group whose client this member session serves; empty for a client's own session. */
  @Override
  public java.util.Optional<String> group() {
    return java.util.Optional.ofNullable(group);
  }

  /** {@code clientInfo} from the client's {@code initialize} (name, version), or an empty object. */
  public JsonNode clientInfo() {
    JsonNode info = clientInfoNode;
    return info == null || !info.isObject() ? dev.switchboard.protocol.Json.object() : info;
  }

  /** The transport (wire) a session came in on and the client's address (empty when not a network peer). */
  public record Origin(String transport, String address) {
    static final Origin UNKNOWN = new Origin("unknown", "");
  }

  @Override
  public int inFlight() {
    Dispatcher d = dispatcher;
    return d == null ? 0 : d.inFlight(this);
  }

  /** A short, non-secret form of the id for logs. */
  @Override
  public String logId() {
    return id.substring(0, Math.min(8, id.length()));
  }

  public void touch() {
    lastActiveNanos = clock.getAsLong();
  }

  /** Gives this session an idle timeout of its own instead of {@code gateway.sessions.idleTimeout}. */
  public void ownIdleTimeout(java.time.Duration timeout) {
    this.idleTimeout = timeout;
  }

  /** This session's idle timeout: its own, or {@code fallback}. */
  public java.time.Duration idleTimeout(java.time.Duration fallback) {
    java.time.Duration own = idleTimeout;
    return own == null ? fallback : own;
  }

  public long idleNanos() {
    return clock.getAsLong() - lastActiveNanos;
  }

  /**
   * True once the client has sent a request other than {@code initialize} and {@code ping}; notifications and answers
   * to the server's requests do not count either.
   */
  public boolean used() {
    return used;
  }

  /** How long since the session opened: since the answer to its {@code initialize}, or its creation before that. */
  public long openNanos() {
    return clock.getAsLong() - openedNanos;
  }

  /** Streams a client is reading now (an SSE response or GET stream, a WebSocket's or socket's outbox). */
  public int streamsOpen() {
    return (int) streams.values().stream().filter(EventStream::isAttached).count();
  }

  /** Busy sessions are never idle: work in flight, or a client holding a stream open (heartbeats test it). */
  public boolean isBusy() {
    return inFlight() > 0 || streams.values().stream().anyMatch(EventStream::isAttached);
  }

  /**
   * Work under way: requests in flight (the {@code initialize} too), or a client reading the answer stream of a POST.
   * Unlike {@link #isBusy} it leaves out the standalone stream, which a client that never sends a request may hold
   * open for ever (a Streamable HTTP GET stream; the stream or connection of legacy SSE, WebSocket and socket
   * sessions, whose outbox it is): that alone does not keep an unused session past its grace.
   */
  boolean isWorking() {
    return inFlight() > 0 || streams.values().stream().anyMatch(s -> s != standalone && s.isAttached());
  }

  void attach(Dispatcher d) {
    this.dispatcher = d;
  }

  /** Server-initiated messages go to {@code to} (which says whether it took them), not to this session's streams. */
  void relayTo(java.util.function.Predicate<Message> to) {
    this.relay = to;
  }

  /** A stream for the answers to one POST: it ends after {@code expectedResponses} responses. */
  public EventStream openRequestStream(int expectedResponses) {
    int streamId = nextStream.getAndIncrement();
    EventStream stream = new EventStream(streamId, limits.maxStreamEvents(), expectedResponses,
        () -> forget(streamId), retained); // written out completely: nothing left to resume
    streams.put(streamId, stream);
    active.addLast(stream);
    trimStreams(streamId);
    return stream;
  }

  public EventStream standalone() {
    return standalone;
  }

  /** The stream a {@code Last-Event-ID} points into, if it is still kept. */
  public @Nullable EventStream stream(String lastEventId) {
    try {
      return streams.get(EventStream.streamOf(lastEventId));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The client's {@code initialize}: the dispatcher connects the session and answers on {@code out}. */
  public void initialize(Message.Request initialize, EventStream out) {
    recordCapabilities(initialize);
    dispatcher().initialize(this, initialize, out);
  }

  /** What the client said it can answer (sampling, elicitation, roots), from its {@code initialize}. */
  void recordCapabilities(Message.Request initialize) {
    clientCapabilities = initialize.node().path("params").path("capabilities");
    clientInfoNode = initialize.node().path("params").path("clientInfo");
  }

  /** A session is never a 2026-07-28 request's: those have a {@link StatelessRequest} of their own. */
  @Override
  @Nullable StatelessInputs statelessInputs() {
    return null;
  }

  @Override
  boolean deliverAsked(Message.Request downstream, dev.switchboard.protocol.RequestId childId) {
    return deliver(downstream);
  }

  /** The child asked for a capability this client did not declare, and was refused. */
  @Override
  void capabilityRefused(String capability) {} // nothing to record: its client sees what the child makes of it

  /** Sends a client request upstream; the answer arrives on {@code out}. */
  public void forward(Message.Request request, EventStream out) {
    if (!request.method().equals("ping")) {
      used = true;
    }
    touch();
    dispatcher().forward(this, request, out);
  }

  /** A client notification or an answer to a server request. */
  public void accept(Message message) {
    touch();
    dispatcher().accept(this, message);
  }

  /** Ends the session: in-flight requests fail with {@code reason}, streams end, its hold on children is released. */
  @Override
  public void close(String reason) {
    var unused = end(reason);
  }

  /** As {@link #close}; completes once the dispatcher has answered the session's in-flight requests. */
  CompletableFuture<Void> end(String reason) {
    if (state.getAndSet(SessionState.CLOSED) == SessionState.CLOSED) {
      return CompletableFuture.completedFuture(null);
    }
    Dispatcher d = dispatcher;
    standalone.finish();
    CompletableFuture<Void> settled = d == null ? CompletableFuture.completedFuture(null) : d.sessionClosed(this,
        reason);
    if (settled.isDone()) { // nothing was in flight: no timer for the bound below
      streams.values().forEach(EventStream::discard);
    } else {
      // request streams end after their requests' errors are on them, or after a bound if an owner is slow to settle
      // only the completion action matters; finishing streams does not fail
      var unused = settled.completeOnTimeout(null, SETTLE_BOUND.toMillis(), TimeUnit.MILLISECONDS)
          .whenComplete((v, e) -> streams.values().forEach(EventStream::discard));
    }
    lifecycle("session closed: id={} server={} reason={}", logId(), server, reason);
    listener.closed(this);
    return settled;
  }

  @Override
  boolean isClosed() {
    return state.get() == SessionState.CLOSED;
  }

  /**
   * Puts a server-initiated message on the most relevant open stream: the newest request stream that takes it, else
   * the standalone stream. A stream may finish at any moment, so each is tried by offering, never by asking first.
   * False when nothing can take the message: the session has closed, or its standalone stream was cut.
   */
  @Override
  boolean deliver(Message message) {
    var r = relay;
    if (r != null) {
      return r.test(message);
    }
    for (Iterator<EventStream> it = active.descendingIterator(); it.hasNext();) {
      if (it.next().offer(message)) {
        return true;
      }
    }
    return standalone.offer(message);
  }

  @Override
  void requestEnded(EventStream stream) {
    if (stream.isFinished()) {
      active.remove(stream);
    }
  }

  @Override
  void initialized(Message.Response answer, EventStream out) {
    initialized(answer);
    out.offer(answer);
  }

  /** The handshake succeeded (the session serves requests) or failed (the session ends). */
  void initialized(Message answer) {
    if (answer instanceof Message.Response r) {
      protocolVersion = r.result().path("protocolVersion").asString(ProtocolVersion.ASSUMED);
      state.compareAndSet(SessionState.INITIALIZING, SessionState.OPEN);
      touch();
      openedNanos = clock.getAsLong(); // the grace for a first request runs from here: a slow child must not use it up
      lifecycle("session opened: id={} server={} protocol={}", logId(), server, protocolVersion);
    } else {
      close("the server refused initialize");
    }
  }

  /**
   * The handshake failed: the registry forgets the session before the refusal reaches {@code out}, so a client that
   * reads it never finds the session listed; then the session ends.
   */
  @Override
  void refused(Message answer, EventStream out) {
    listener.closed(this);
    // the session's end discards what its streams hold unread, and the refusal's reader may come later (the seed
    // API's /sse attaches after its POST): this stream leaves the session first and keeps the refusal for it
    streams.remove(out.id(), out);
    active.remove(out);
    out.offer(answer);
    close("the server refused initialize");
  }

  /** What its {@code initialize} declared; null before it. */
  @Override
  @Nullable JsonNode declaredCapabilities() {
    return clientCapabilities;
  }

  @Override
  @Nullable JsonNode declaredClientInfo() {
    JsonNode info = clientInfoNode;
    return info != null && info.isObject() ? info : null;
  }

  /** A session keeps a principal's child to itself while it lasts; only a 2026-07-28 listener does not. */
  @Override
  boolean holdsChild() {
    return true;
  }

  private Dispatcher dispatcher() {
    Dispatcher d = dispatcher;
    if (d == null) {
      throw new IllegalStateException("session " + logId() + " has no dispatcher");
    }
    return d;
  }

  /** A bound on streams kept for resumption when clients keep leaving before reading them. */
  private void trimStreams(int newest) {
    if (streams.size() > 2 * KEPT_STREAMS) {
      streams.entrySet().stream()
          .filter(e -> e.getKey() != 0 && e.getKey() <= newest - KEPT_STREAMS && e.getValue().isFinished())
          .map(Map.Entry::getKey).toList().forEach(this::forget);
    }
  }

  private void forget(int streamId) {
    EventStream stream = streams.remove(streamId);
    if (stream != null) {
      stream.discard();
    }
  }

  /** The gateway-wide bound this session's streams count against (a group's member sessions share it). */
  RetainedEvents retained() {
    return retained;
  }
}
