package dev.switchboard.gateway;

import dev.switchboard.config.Limits;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.upstream.Upstream;
import dev.switchboard.upstream.UpstreamExit;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's conversation with one server: its id, negotiated revision, its upstream and the streams its messages
 * travel on. Server-initiated messages go to the newest request stream still open (they relate to work in flight),
 * else to the standalone stream. Thread safe; {@link #close} is idempotent.
 */
public final class Session {
  private static final Logger LOG = LoggerFactory.getLogger(Session.class);
  private static final int KEPT_STREAMS = 64;

  private final String id;
  private final String server;
  private final Instant created = Instant.now();
  private final Limits limits;
  private final Channel channel;
  private final EventStream standalone;
  private final Map<Integer, EventStream> streams = new ConcurrentHashMap<>();
  private final ConcurrentLinkedDeque<EventStream> active = new ConcurrentLinkedDeque<>();
  private final AtomicInteger nextStream = new AtomicInteger(1);
  private final AtomicReference<SessionState> state = new AtomicReference<>(SessionState.INITIALIZING);
  private final Listener listener;
  private volatile String protocolVersion = ProtocolVersion.ASSUMED;
  private volatile long lastActiveNanos = System.nanoTime();
  private volatile @Nullable Upstream upstream;

  Session(String id, String server, Limits limits, Listener listener) {
    this.id = id;
    this.server = server;
    this.limits = limits;
    this.listener = listener;
    this.channel = new Channel(this);
    this.standalone = new EventStream(0, limits.maxStreamEvents(), 0);
    streams.put(0, standalone);
  }

  /** Told when a session ends, so the registry forgets it and its upstream is stopped. */
  interface Listener {
    void closed(Session session, @Nullable Upstream upstream, String reason);
  }

  public String id() {
    return id;
  }

  public String server() {
    return server;
  }

  public Instant created() {
    return created;
  }

  public SessionState state() {
    return state.get();
  }

  public String protocolVersion() {
    return protocolVersion;
  }

  public int inFlight() {
    return channel.inFlight();
  }

  /** A short, non-secret form of the id for logs. */
  public String logId() {
    return id.substring(0, Math.min(8, id.length()));
  }

  public void touch() {
    lastActiveNanos = System.nanoTime();
  }

  public long idleNanos() {
    return System.nanoTime() - lastActiveNanos;
  }

  /** Busy sessions are never idle: work in flight, or a client holding a stream open (heartbeats test it). */
  public boolean isBusy() {
    return channel.inFlight() > 0 || streams.values().stream().anyMatch(EventStream::isAttached);
  }

  Channel channel() {
    return channel;
  }

  void bind(Upstream connected) {
    this.upstream = connected;
    channel.bind(connected);
  }

  /** A stream for the answers to one POST: it ends after {@code expectedResponses} responses. */
  public EventStream openRequestStream(int expectedResponses) {
    int streamId = nextStream.getAndIncrement();
    EventStream stream = new EventStream(streamId, limits.maxStreamEvents(), expectedResponses);
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

  /** Sends a client request upstream; the answer arrives on {@code out}. */
  public void forward(Message.Request request, EventStream out) {
    touch();
    channel.forward(request, out);
  }

  /** A client notification or an answer to a server request. */
  public void accept(Message message) {
    touch();
    switch (message) {
      case Message.Notification n -> channel.notifyUpstream(n);
      case Message.Response r -> channel.answerUpstream(r);
      case Message.ErrorResponse e -> channel.answerUpstream(e);
      case Message.Request r -> throw new IllegalArgumentException("requests go through forward()");
    }
  }

  /** Ends the session: in-flight requests fail with {@code reason}, streams end, the upstream is stopped. */
  public void close(String reason) {
    if (state.getAndSet(SessionState.CLOSED) == SessionState.CLOSED) {
      return;
    }
    channel.failAll(new JsonRpcError(JsonRpcError.SESSION_NOT_FOUND, "Session ended: " + reason));
    streams.values().forEach(EventStream::finish);
    LOG.info("session closed: id={} server={} reason={}", logId(), server, reason);
    listener.closed(this, upstream, reason);
  }

  void deliver(Message message) {
    for (Iterator<EventStream> it = active.descendingIterator(); it.hasNext(); ) {
      EventStream candidate = it.next();
      if (!candidate.isFinished()) {
        candidate.offer(message);
        return;
      }
    }
    standalone.offer(message);
  }

  void requestEnded(EventStream stream) {
    if (stream.isFinished()) {
      active.remove(stream);
    }
  }

  void initialized(Message answer) {
    if (answer instanceof Message.Response r) {
      protocolVersion = r.result().path("protocolVersion").asString(ProtocolVersion.ASSUMED);
      state.compareAndSet(SessionState.INITIALIZING, SessionState.OPEN);
      LOG.info("session opened: id={} server={} protocol={}", logId(), server, protocolVersion);
    } else {
      close("the server refused initialize");
    }
  }

  void upstreamClosed(UpstreamExit exit) {
    if (!exit.expected()) {
      LOG.warn("session {}: {}", logId(), exit.describe());
    }
    close(exit.describe());
  }

  private void trimStreams(int newest) {
    if (streams.size() > KEPT_STREAMS) {
      streams.entrySet().removeIf(e -> e.getKey() != 0 && e.getKey() <= newest - KEPT_STREAMS
          && e.getValue().isFinished());
    }
  }
}
