package dev.switchboard.gateway;

import dev.switchboard.config.Limits;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.protocol.RequestMeta;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The caller of one 2026-07-28 request, in place of a session: one stream (the answer and whatever the child sends
 * meanwhile), the capabilities and log level of the request's {@code _meta}, and the record of the child's
 * questions. Never registered; it lasts as long as the request, or its call parked for the client's input. Thread
 * safe; {@link #close} is idempotent.
 */
final class StatelessRequest extends Caller {
  private static final Logger LOG = LoggerFactory.getLogger(StatelessRequest.class);
  private static final Duration SETTLE_BOUND = Duration.ofSeconds(5);
  /** What {@link Session#logId} gave for the session a 2026-07-28 request used to run in ({@code stateless-N}). */
  private static final String LOG_ID = "stateles";
  private static final AtomicReferenceFieldUpdater<StatelessRequest, SessionState> STATE =
      AtomicReferenceFieldUpdater.newUpdater(StatelessRequest.class, SessionState.class, "state");

  private final long number;
  private final String server;
  private final String principal;
  private final Dispatcher dispatcher;
  private final RequestMeta meta;
  private final Session.Origin origin;
  private final EventStream stream;
  private final StatelessInputs inputs = new StatelessInputs();
  private final boolean listening;
  private final Consumer<StatelessRequest> ended;
  private volatile SessionState state = SessionState.INITIALIZING;
  private volatile @Nullable ObjectNode init;
  /** The thread waiting for the handshake (a group's answers on a thread of its own). */
  private volatile @Nullable Thread waiter;

  /**
   * {@code expectedResponses}: the stream ends after that many (a listener's never does: only the gateway ends it);
   * {@code ended} is told once it ends.
   */
  StatelessRequest(long number, String server, String principal, Dispatcher dispatcher, RequestMeta meta,
      String address, int expectedResponses, boolean listening, Limits limits, RetainedEvents retained,
      Consumer<StatelessRequest> ended) {
    // a listener's subscriptions; a call makes none (2026-07-28 has no resources/subscribe)
    super(levelOf(meta), listening ? ConcurrentHashMap.newKeySet() : Set.of());
    this.number = number;
    this.server = server;
    this.principal = principal;
    this.dispatcher = dispatcher;
    this.meta = meta;
    this.origin = new Session.Origin("streamable-http", address);
    this.stream = new EventStream(1, limits.maxStreamEvents(), expectedResponses, null, retained);
    this.listening = listening;
    this.ended = ended;
  }

  /** The request's {@code _meta} log level; without one, no log messages (2026-07-28 sends them only when asked). */
  private static int levelOf(RequestMeta meta) {
    String level = meta.logLevel();
    return level == null ? LogLevels.SILENT : Math.max(0, LogLevels.of(level));
  }

  @Override
  public String id() {
    return "stateless-" + number;
  }

  @Override
  public String logId() {
    return LOG_ID;
  }

  @Override
  public String server() {
    return server;
  }

  @Override
  public String principal() {
    return principal;
  }

  /** A 2026-07-28 request speaks its own revision, whatever its child speaks. */
  @Override
  public String protocolVersion() {
    return meta.protocolVersion();
  }

  @Override
  public Session.Origin origin() {
    return origin;
  }

  @Override
  public Optional<String> group() {
    return Optional.empty();
  }

  @Override
  public SessionState state() {
    return state;
  }

  @Override
  public int inFlight() {
    return dispatcher.inFlight(this);
  }

  /** The stream the answer and the child's messages arrive on. */
  EventStream stream() {
    return stream;
  }

  /**
   * Connects through the dispatcher with {@code initialize} (made from the request's {@code _meta}) and waits up to
   * {@code bound} for the answer (a group's comes once its members have answered).
   */
  void connect(Message.Request initialize, Duration bound) {
    dispatcher.initialize(this, initialize, stream);
    long deadline = System.nanoTime() + bound.toNanos();
    waiter = Thread.currentThread();
    try {
      while (state == SessionState.INITIALIZING && deadline - System.nanoTime() > 0) {
        LockSupport.parkNanos(this, deadline - System.nanoTime());
        if (Thread.interrupted()) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while connecting");
        }
      }
    } finally {
      waiter = null;
    }
  }

  /** The {@code initialize} result it was connected with (empty before); read-only, shared. */
  ObjectNode init() {
    ObjectNode result = init;
    return result == null ? dev.switchboard.protocol.Json.object() : result;
  }

  /** The request (or one the gateway makes for it) goes upstream; the answer arrives on {@link #stream}. */
  void forward(Message.Request request) {
    dispatcher.forward(this, request, stream);
  }

  /** The client's answer to a question of the child, or the gateway's error for one. */
  void accept(Message message) {
    dispatcher.accept(this, message);
  }

  /** Whether its child outlives its requests (see {@link Dispatcher#keepsChildren()}). */
  boolean keepsChildren() {
    return dispatcher.keepsChildren();
  }

  StatelessInputs inputs() {
    return inputs;
  }

  @Override
  public void close(String reason) {
    if (STATE.getAndSet(this, SessionState.CLOSED) == SessionState.CLOSED) {
      return;
    }
    wake();
    CompletableFuture<Void> settled = dispatcher.sessionClosed(this, reason);
    if (settled.isDone()) { // nothing was in flight: no timer for the bound below
      stream.discard();
    } else { // the stream ends after its request's error is on it, or after a bound if an owner is slow to settle
      var unused = settled.completeOnTimeout(null, SETTLE_BOUND.toMillis(), TimeUnit.MILLISECONDS)
          .whenComplete((v, e) -> stream.discard());
    }
    LOG.debug("stateless request ended: server={} reason={}", server, reason);
    ended.accept(this);
  }

  @Override
  void initialized(Message.Response answer, EventStream out) {
    if (answer.result() instanceof ObjectNode result) {
      init = result;
    }
    STATE.compareAndSet(this, SessionState.INITIALIZING, SessionState.OPEN);
    wake();
  }

  @Override
  void refused(Message answer, EventStream out) {
    close("the server refused initialize");
  }

  @Override
  boolean deliver(Message message) {
    return stream.offer(message);
  }

  @Override
  boolean deliverAsked(Message.Request downstream, RequestId childId) {
    inputs.received(downstream.id(), childId);
    return deliver(downstream);
  }

  @Override
  void capabilityRefused(String capability) {
    inputs.refused(capability);
  }

  @Override
  JsonNode declaredCapabilities() {
    return meta.clientCapabilities();
  }

  @Override
  @Nullable JsonNode declaredClientInfo() {
    JsonNode info = meta.clientInfo();
    return info != null && info.isObject() ? info : null;
  }

  /** Whether its {@code _meta} lets the user be sent to a URL (a child's -32042 becomes input requests). */
  boolean declaresUrlElicitation() {
    return meta.declaresUrlElicitation();
  }

  /** One stream, kept until the request ends: nothing to forget earlier. */
  @Override
  void requestEnded(EventStream ended) {}

  @Override
  @Nullable StatelessInputs statelessInputs() {
    return inputs;
  }

  /** A listener holds no child to itself: the principal's calls go to the child it watches. */
  @Override
  boolean holdsChild() {
    return !listening;
  }

  private void wake() {
    Thread w = waiter;
    if (w != null) {
      LockSupport.unpark(w);
    }
  }
}
