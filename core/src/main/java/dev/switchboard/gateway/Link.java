package dev.switchboard.gateway;

import dev.switchboard.config.UpstreamPolicy;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.protocol.RequestMeta;
import dev.switchboard.upstream.Upstream;
import dev.switchboard.upstream.UpstreamExit;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One upstream connection and the bookkeeping that lets any number of sessions share it. Requests leave with ids the
 * link mints (so duplicate client ids are harmless) and progress tokens equal to those ids; answers and progress go
 * back to the asking session's stream under its own ids; server-initiated requests reach the client as {@code sb-N}
 * and are routed by the {@link Owner}.
 *
 * <p>Threads: one thread at a time holds the link's turn (a lock), and only it touches the books ({@link LinkBooks}),
 * sends and runs callbacks ({@link Owner}, {@link AnswerSink}). The owner — a virtual thread with a bounded mailbox —
 * takes the turn for each event posted to it; a client's request, cancellation or answer is run by the calling
 * thread itself when the link is idle (nobody holds the turn, nothing waits in the mailbox), saving the owner a
 * wake-up, and is posted otherwise. The upstream's reader and the supervisor only post (the supervisor never waits).
 */
final class Link implements Upstream.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(Link.class);
  static final int MAILBOX = 4096;
  /**
   * Events an owner handles in a row, its mailbox never empty, before it lets others have its carrier: about a
   * millisecond of work (see {@link Streak}).
   */
  static final int FAIR_TURNS = 64;
  /**
   * How long a write into a child's input that is designed never to block may take before the child counts as not
   * reading ({@link Upstream#writeStalled}).
   */
  static final Duration STALLED_WRITE = Duration.ofSeconds(5);
  /** Events the owner takes from its mailbox at once (at most), handled under one turn. */
  private static final int BATCH = 16;

  /** The dispatcher that owns a link: it decides where unattributed traffic goes and what a dead link means. */
  interface Owner {
    /** The one session a server-initiated request or log message belongs to, or null when that is ambiguous. */
    @Nullable Caller attribute(Link link, Message message);

    /** A server notification that is not progress or a cancellation. */
    void notification(Link link, Message.Notification notification);

    void closed(Link link, UpstreamExit exit);

    /** The answer to a server-initiated request the gateway gives itself, or null to route it to a client. */
    default @Nullable Message answer(Link link, Message.Request request) {
      return null;
    }

    /**
     * The client capabilities a 2026-07-28 child is told {@code caller} has ({@link Upstream#takesCallerContext}):
     * those it declared, unless the owner answers some of the child's requests itself.
     */
    default JsonNode capabilitiesOf(Caller caller) {
      JsonNode declared = caller.declaredCapabilities();
      return declared != null && declared.isObject() ? declared : Json.object();
    }

    /** Who hears how each client request ended (metrics). */
    default RequestEvents requestEvents() {
      return RequestEvents.NONE;
    }
  }

  private final String server;
  private final Owner owner;
  private final UpstreamPolicy policy;
  private final Executor closer;
  private final AtomicLong nextId = new AtomicLong(1);
  private final InFlight counts = new InFlight();
  private final BlockingQueue<LinkEvent> mailbox = new ArrayBlockingQueue<>(MAILBOX);
  /** Events in the mailbox or taken from it and not yet handled: while any are, nobody may run an event inline. */
  private final AtomicInteger queued = new AtomicInteger();
  /** Held by whoever handles an event: the books are touched only under it. */
  private final ReentrantLock turn = new ReentrantLock();
  /** Events posted while handling one (by the turn's holder): run next, never through the (maybe full) mailbox. */
  private final ArrayDeque<LinkEvent> own = new ArrayDeque<>();
  /** Set under the turn once the link's last event (its closing) was handled. */
  private boolean finished;
  private final AtomicBoolean tickPosted = new AtomicBoolean();
  private final LinkBooks books = new LinkBooks(this);
  private final Thread ownerThread;
  private volatile boolean closed;
  private volatile @Nullable Upstream upstream;
  private volatile long lastHeard = System.nanoTime();
  private volatile @Nullable String killReason;
  private volatile boolean closeRequested;

  private Link(String server, Owner owner, UpstreamPolicy policy, Executor closer) {
    this.server = server;
    this.owner = owner;
    this.policy = policy;
    this.closer = closer;
    this.ownerThread = Thread.ofVirtual().name("link-" + server).unstarted(this::run);
  }

  /** A link whose owner thread is running; {@link #connect} gives it its upstream. */
  static Link open(String server, Owner owner, UpstreamPolicy policy, Executor closer) {
    Link link = new Link(server, owner, policy, closer);
    link.ownerThread.start();
    return link;
  }

  /** Connects through {@code connector}; if that throws, the link closes (its owner thread ends) and it rethrows. */
  Link connect(Supplier<Upstream> connector) {
    try {
      Upstream connected = connector.get();
      upstream = connected;
      if (closeRequested) {
        Closers.close(closer, connected::close); // closed while it was starting: it must not outlive the link
      }
      return this;
    } catch (RuntimeException e) {
      onClosed(new UpstreamExit(server, null, "could not be started", "", true));
      throw e;
    }
  }

  String server() {
    return server;
  }

  Owner owner() {
    return owner;
  }

  UpstreamPolicy policy() {
    return policy;
  }

  InFlight counts() {
    return counts;
  }

  @Nullable Upstream upstream() {
    return upstream;
  }

  boolean isOpen() {
    Upstream u = upstream;
    return !closed && u != null && u.isOpen();
  }

  int inFlight() {
    return counts.total();
  }

  int inFlight(Caller session) {
    return counts.of(session);
  }

  /** The sessions with requests in flight here, at most {@code limit} of them. */
  Set<Caller> sessionsInFlight(int limit) {
    return counts.sessions(limit);
  }

  long idleNanos() {
    return System.nanoTime() - lastHeard;
  }

  /** Sends a client request upstream; its answer (or an error) arrives on {@code out}. */
  void forward(Caller session, Message.Request request, EventStream out) {
    forward(session, request, out, AnswerSink.to(out));
  }

  /** As {@link #forward(Caller, Message.Request, EventStream)}, but the end goes to {@code sink}, not to {@code out}. */
  void forward(Caller session, Message.Request request, EventStream out, AnswerSink sink) {
    long upstreamId = nextId.getAndIncrement();
    Message.Request outgoing = request.withId(RequestId.of(upstreamId));
    ObjectNode meta = TraceContext.meta(outgoing.node());
    String trace = TraceContext.stamp(meta);
    SendTimes times = new SendTimes();
    Pending p = new Pending(upstreamId, session, request.id(), request.method(), out,
        ObservedSink.of(server, owner.requestEvents(), session, request, trace, times, out, sink),
        request.progressToken(),
        policy.timeoutFor(request.method()).toNanos(), policy.maxTimeout().toNanos(), times);
    if (p.clientProgressToken != null) {
      meta.put("progressToken", upstreamId);
    }
    Upstream u = upstream;
    if (u != null && u.takesCallerContext()) {
      CallerContext.stamp(meta, session, owner.capabilitiesOf(session));
    }
    start(p, outgoing);
  }

  /** The gateway's own request (initialize, ping, subscribe on behalf of many sessions). */
  CompletableFuture<Message> request(String method, @Nullable JsonNode params, Duration timeout) {
    CompletableFuture<Message> answer = new CompletableFuture<>();
    request(method, params, timeout, (message, outcome) -> answer.complete(message));
    return answer;
  }

  void request(String method, @Nullable JsonNode params, Duration timeout, AnswerSink sink) {
    long upstreamId = nextId.getAndIncrement();
    Pending p = new Pending(upstreamId, null, RequestId.of(upstreamId), method, null, sink, null,
        timeout.toNanos(), timeout.toNanos(), new SendTimes());
    start(p, Message.request(RequestId.of(upstreamId), method, params));
  }

  /** A notification to the server as is (e.g. {@code notifications/initialized}). */
  void notifyUpstream(Message.Notification notification) {
    perform(new LinkEvent.Send(null, notification));
  }

  /** A client's {@code notifications/cancelled}: mapped to the upstream id; the client's stream gets no answer. */
  void cancel(Caller session, Message.Notification cancelled) {
    perform(new LinkEvent.Cancel(session, cancelled));
  }

  /**
   * The session ended: each of its requests still in flight is cancelled upstream and answered with {@code error}
   * (the client may still be reading), and server requests addressed to it are forgotten. Completes once done.
   */
  CompletableFuture<Void> endSession(Caller session, JsonRpcError error) {
    return fail(session, error, Outcome.SESSION_ENDED);
  }

  /** Ends every request in flight with {@code error}; completes once done. */
  CompletableFuture<Void> failAll(JsonRpcError error, Outcome outcome) {
    return fail(null, error, outcome);
  }

  /** The client's answer to a server-initiated request, accepted only from the session it was sent to. */
  void answerUpstream(Caller session, Message answer) {
    perform(new LinkEvent.AnswerServer(session, answer));
  }

  /**
   * Deadlines and the liveness probe; never waits, and a tick already waiting in the mailbox stands for this one. A
   * write into the child stuck past {@link #STALLED_WRITE} holds the turn, so no tick could run: the child is stopped
   * from here, which ends the write.
   */
  void tick(long now) {
    Upstream u = upstream;
    if (u != null && !closed && killReason == null && u.writeStalled(now, STALLED_WRITE.toNanos())) {
      kill("stopped reading its input (a write waited over " + STALLED_WRITE.toSeconds() + " s)");
    }
    if (!closed && tickPosted.compareAndSet(false, true) && !offer(new LinkEvent.Tick(now))) {
      tickPosted.set(false); // the owner is busy enough; the next tick comes soon
    }
  }

  /** Stops the upstream; {@link Owner#closed} follows once it has gone. Blocks while the child stops. */
  void close() {
    closeRequested = true;
    Upstream u = upstream;
    if (u != null) {
      u.close();
    } else {
      onClosed(new UpstreamExit(server, null, "was stopped", "", true));
    }
  }

  /** Marks the link dead because the server stopped answering; {@link Owner#closed} will say so. */
  void kill(String reason) {
    killReason = reason;
    Closers.close(closer, this::close);
  }

  @Override
  public void onMessage(Message message) {
    lastHeard = System.nanoTime();
    post(new LinkEvent.Received(message));
  }

  @Override
  public void onClosed(UpstreamExit exit) {
    String killed = killReason;
    post(new LinkEvent.Closed(killed == null ? exit
        : new UpstreamExit(exit.server(), exit.exitCode(), killed, exit.stderrTail(), false)));
  }

  private CompletableFuture<Void> fail(@Nullable Caller session, JsonRpcError error, Outcome outcome) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    perform(new LinkEvent.Fail(session, error, outcome, done));
    return done;
  }

  private void start(Pending p, Message outgoing) {
    counts.started(p.session);
    perform(new LinkEvent.Send(p, outgoing));
  }

  /**
   * Runs {@code event} on the calling thread when the link is idle — nobody holds the turn and nothing is queued, so
   * running it now keeps every poster's order — and otherwise posts it. Only for events of request threads: the
   * reader and the supervisor always post.
   */
  private void perform(LinkEvent event) {
    if (!turn.isHeldByCurrentThread() && !closed && queued.get() == 0 && turn.tryLock()) {
      try {
        if (queued.get() == 0 && !closed) { // re-read under the turn: the owner may have taken one meanwhile
          runTurn(event);
          return;
        }
      } finally {
        turn.unlock();
      }
    }
    post(event);
  }

  /** Hands an event to the owner: queued behind the current one when the turn's holder posts, else by the mailbox. */
  private void post(LinkEvent event) {
    if (turn.isHeldByCurrentThread()) {
      own.addLast(event);
      return;
    }
    boolean posted = false;
    try {
      while (!closed) {
        posted = offer(event, 100);
        if (posted) {
          break;
        }
        LOG.debug("{}: mailbox full, waiting", server);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!posted) {
      reject(event);
    } else if (closed) {
      rejectWaiting(); // the owner may have gone before it could see this event: someone must answer it
    }
  }

  /** Into the mailbox, counted first: a poster that finds the count above zero never overtakes this event. */
  private boolean offer(LinkEvent event) {
    queued.incrementAndGet();
    boolean posted = mailbox.offer(event);
    if (!posted) {
      queued.decrementAndGet();
    }
    return posted;
  }

  private boolean offer(LinkEvent event, long waitMillis) throws InterruptedException {
    queued.incrementAndGet();
    boolean posted = false;
    try {
      posted = mailbox.offer(event, waitMillis, TimeUnit.MILLISECONDS);
    } finally {
      if (!posted) {
        queued.decrementAndGet();
      }
    }
    return posted;
  }

  private void run() {
    Streak streak = new Streak(FAIR_TURNS);
    ArrayDeque<LinkEvent> batch = new ArrayDeque<>(BATCH);
    try {
      while (!finished) {
        if (mailbox.drainTo(batch, BATCH) == 0) {
          streak.idle();
          batch.add(mailbox.take());
        } else {
          streak.busy(batch.size());
        }
        ownerTurn(batch);
      }
    } catch (InterruptedException e) {
      LOG.warn("{}: link owner interrupted; failing what is left", server);
    } finally {
      closed = true;
      turn.lock();
      try {
        batch.forEach(this::reject); // left by an error that ended the owner mid-batch
        own.forEach(this::reject);
        own.clear();
      } finally {
        turn.unlock();
      }
      rejectWaiting();
    }
  }

  /**
   * Events from the mailbox, in order, under one turn (waiting while a request thread runs one inline): one lock each
   * for the mailbox and the turn per batch, not per event, when the link is busy.
   */
  private void ownerTurn(ArrayDeque<LinkEvent> batch) {
    turn.lock();
    try {
      LinkEvent event;
      while ((event = batch.pollFirst()) != null) {
        try {
          if (finished) {
            reject(event);
          } else {
            runTurn(event);
          }
        } finally {
          queued.decrementAndGet();
        }
      }
    } finally {
      turn.unlock();
    }
  }

  /** Under the turn: the event, then whatever its handling posted to this link, until the link has closed. */
  private void runTurn(LinkEvent event) {
    boolean done = handle(event);
    LinkEvent next;
    while (!done && (next = own.pollFirst()) != null) {
      done = handle(next);
    }
    if (done) {
      finished = true;
      closed = true;
      own.forEach(this::reject);
      own.clear();
      if (Thread.currentThread() != ownerThread) {
        offer(new LinkEvent.Tick(0)); // wakes the owner to see it is finished (a full mailbox wakes it anyway)
      }
    }
  }

  /** One event; a bug in handling it is logged and costs only that event, never the link. */
  private boolean handle(LinkEvent event) {
    if (event instanceof LinkEvent.Tick) {
      tickPosted.set(false);
    }
    try {
      return books.handle(event);
    } catch (RuntimeException e) {
      LOG.error("{}: failed to handle {}", server, event.getClass().getSimpleName(), e);
      return event instanceof LinkEvent.Closed;
    }
  }

  private void rejectWaiting() {
    LinkEvent event;
    while ((event = mailbox.poll()) != null) {
      queued.decrementAndGet();
      reject(event);
    }
  }

  /** An event that arrived after the link closed: a request fails at once, a wait ends; nothing else matters now. */
  private void reject(LinkEvent event) {
    switch (event) {
      case LinkEvent.Send s when s.pending() != null -> rejectRequest(s.pending());
      case LinkEvent.Fail f -> f.done().complete(null);
      default -> {}
    }
  }

  private void rejectRequest(Pending p) {
    counts.ended(p.session);
    p.sink.answered(Message.error(p.clientId, new JsonRpcError(JsonRpcError.SERVER_ERROR, "MCP server '" + server
        + "' is no longer connected; retry")), Outcome.LINK_CLOSED);
    if (p.session != null && p.stream != null) {
      p.session.requestEnded(p.stream);
    }
  }
}
