package dev.switchboard.gateway;

import dev.switchboard.gateway.group.Catalog;
import dev.switchboard.gateway.group.Handshake;
import dev.switchboard.gateway.group.ListKind;
import dev.switchboard.protocol.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One client session of a group: a {@link MemberSlot} per member, the merged lists (cached per kind until a member's
 * list changes, its session ends or it drops out); what members send unasked passes through its
 * {@link GroupRelay}. Work that may wait on a member (lists, routed calls) runs on a
 * virtual thread of its own; {@link #relayed} runs on a member link's owner thread and never blocks. Thread safe.
 */
final class GroupSession {
  private static final Logger LOG = LoggerFactory.getLogger(GroupSession.class);

  private final Caller session;
  private final GroupDispatcher group;
  private final Message.Request initialize;
  private final List<MemberSlot> slots = new ArrayList<>();
  /** Per kind, bumped by every change: a cached list or a cursor of an older generation is stale. */
  private final Map<ListKind, AtomicLong> generations = new java.util.EnumMap<>(ListKind.class);
  private final Map<ListKind, Merged> merged = new ConcurrentHashMap<>();
  private final GroupRelay relay = new GroupRelay(this);
  private final AtomicInteger busy = new AtomicInteger();
  /** Member lists that came too late for a merge, watched so their arrival counts as a change. */
  private final Map<Late, CompletableFuture<List<ObjectNode>>> late = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<EventStream> open = new ConcurrentLinkedQueue<>();
  private final GroupCalls calls;
  private volatile boolean clientInitialized;
  /** The client's last {@code logging/setLevel}, for members opened after it. */
  private volatile @org.jspecify.annotations.Nullable ObjectNode logLevel;
  private volatile boolean closing;

  /**
   * A merged list and the generation of its kind it was made from; its cursors carry {@code cursorTag}: the
   * generation, or for a 2026-07-28 request (a group session per request, so always the first generation) the
   * catalog's fingerprint, so that a cursor into a list that has changed since is refused there too.
   */
  record Merged(long generation, Catalog catalog, long cursorTag) {}

  private record Late(String member, ListKind kind) {}

  GroupSession(Caller session, GroupDispatcher group, Message.Request initialize) {
    this.session = session;
    this.group = group;
    this.initialize = initialize;
    group.members().forEach(m -> slots.add(new MemberSlot(m, this)));
    for (ListKind k : ListKind.values()) {
      generations.put(k, new AtomicLong(1));
    }
    this.calls = new GroupCalls(this, group);
  }

  Caller session() {
    return session;
  }

  /**
   * A member session on {@code member} for this session's key and client, made where it counts in the key's fair
   * share; for a 2026-07-28 request, on the member's stateless lane (a {@code session} member's children of this
   * principal): {@code dispatcher}, from {@link #memberDispatcher}.
   */
  Session newMemberSession(Member member, Dispatcher dispatcher) {
    Session s = group.memberSessions().open(session.id() + "/" + member.name(), member.name(), dispatcher,
        session.principal(), this::memberClosed);
    s.memberOf(session.server());
    if (session.statelessInputs() != null) {
      s.servesOneRequest();
    }
    // the client's wire and address, set before its initialize opens any member: the access log's line of a call
    // the group routes is made from the member session
    Session.Origin client = session.origin();
    s.origin(client.transport(), client.address());
    return s;
  }

  /** What serves this session's member sessions on {@code member}. */
  Dispatcher memberDispatcher(Member member) {
    return member.dispatcherFor(session.principal(), session.statelessInputs() != null);
  }

  Message.Request initializeRequest() {
    return initialize;
  }

  boolean clientInitialized() {
    return clientInitialized;
  }

  @org.jspecify.annotations.Nullable ObjectNode logLevel() {
    return logLevel;
  }

  void logLevel(ObjectNode params) {
    this.logLevel = params;
  }

  List<MemberSlot> slots() {
    return slots;
  }

  Optional<MemberSlot> slot(String member) {
    return slots.stream().filter(s -> s.name().equals(member)).findFirst();
  }

  /** Opens every member at once, waits up to the list deadline, and answers with the union of what they said. */
  void initialize(EventStream out) {
    List<CompletableFuture<Optional<Session>>> opening = slots.stream()
        .map(s -> CompletableFuture.supplyAsync(() -> s.open(), group.executor()))
        .toList();
    awaitAll(opening);
    List<Handshake.Answered> answered = slots.stream().filter(MemberSlot::isOpen)
        .map(s -> new Handshake.Answered(s.name(), s.result())).toList();
    slots.stream().filter(s -> !s.isOpen()).forEach(s -> LOG.warn("group {}: {} at initialize", group.spec().name(),
        s.describeDown()));
    String requested = initialize.node().path("params").path("protocolVersion").asString("");
    Message.Response answer = Message.response(initialize.id(), Handshake.merge(group.spec().name(), group.version(),
        requested, answered));
    session.initialized(answer, out);
  }

  /** A client request: answered here (lists, ping) or routed to the member that owns its tool, prompt or URI. */
  void forward(Message.Request request, EventStream out) {
    busy.incrementAndGet();
    open.add(out);
    settle();
    group.executor().execute(() -> {
      try {
        calls.route(request, out);
      } catch (RuntimeException e) {
        LOG.error("group {}: {} failed", group.spec().name(), request.method(), e);
        out.offer(Message.error(request.id(), new dev.switchboard.protocol.JsonRpcError(
            dev.switchboard.protocol.JsonRpcError.INTERNAL_ERROR, "the group could not route " + request.method())));
      } finally {
        busy.decrementAndGet();
        settle();
      }
    });
  }

  /** A client notification goes to every open member; an answer to a member's request goes back to that member. */
  void accept(Message message) {
    switch (message) {
      case Message.Notification n -> {
        if (n.method().equals("notifications/initialized")) {
          clientInitialized = true;
        }
        openSessions().forEach(s -> s.accept(n));
      }
      case Message.Response r -> relay.answered(r.id(), r);
      case Message.ErrorResponse e when e.id() != null -> relay.answered(e.id(), e);
      default -> LOG.debug("group {}: dropped {}", group.spec().name(), message.getClass().getSimpleName());
    }
  }

  /** What a member sent unasked, on its link's owner thread: renamed where needed and given to the client. */
  boolean relayed(MemberSlot slot, Message message) {
    return relay.relayed(slot, message);
  }

  /** The resources list as last merged, if any: never gathered here (the caller may be a link owner). */
  Optional<Catalog> cachedResources() {
    return Optional.ofNullable(merged.get(ListKind.RESOURCES)).map(Merged::catalog);
  }

  /** A list changed: forget the merged ones it feeds and tell the client once. */
  void changed(String notification) {
    ListKind.changedBy(notification).forEach(this::forget);
    if (!closing && session.state() == SessionState.OPEN) {
      session.deliver(Message.notification(notification, null));
    }
  }

  /** The merged {@code kind} list is stale: a cursor into it too. */
  private void forget(ListKind kind) {
    generation(kind).incrementAndGet();
    merged.remove(kind);
  }

  /** A member left or came back: every list may have changed. */
  void membershipChanged(MemberSlot slot) {
    for (ListKind k : ListKind.values()) {
      slot.invalidate(k);
    }
    java.util.stream.Stream.of(ListKind.values()).map(ListKind::changedNotification).distinct()
        .forEach(this::changed);
  }

  /**
   * The merged list of {@code kind}: cached, or gathered from members within the group's list deadline. A merge that
   * left out only late members is cached too (their list's arrival is a change: {@link #late}), and a merge never
   * waits again for a list already late, so no later list or call waits the deadline again for them; a merge that
   * left out a failed member is not cached, so the next list asks again.
   */
  Merged merged(ListKind kind) {
    long generation = generation(kind).get();
    Merged cached = merged.get(kind);
    if (cached != null && cached.generation() == generation) {
      return cached;
    }
    List<MemberSlot> available = slots.stream().filter(MemberSlot::serverAvailable).toList();
    List<CompletableFuture<List<ObjectNode>>> lists = available.stream()
        .map(s -> s.list(kind)).toList();
    // a list already known to be late is not waited for again (when another member's change is merged, say)
    awaitAll(java.util.stream.IntStream.range(0, lists.size())
        .filter(i -> late.get(new Late(available.get(i).name(), kind)) != lists.get(i)).mapToObj(lists::get).toList());
    List<Catalog.Items> items = new ArrayList<>();
    boolean failed = false;
    for (int i = 0; i < available.size(); i++) {
      CompletableFuture<List<ObjectNode>> f = lists.get(i);
      if (!f.isDone()) {
        late(available.get(i), kind, f);
      } else if (f.isCompletedExceptionally()) {
        failed = true;
        LOG.info("group {}: {} left out of {}: {}", group.spec().name(), available.get(i).name(), kind.method(),
            available.get(i).describeDown());
      } else {
        items.add(new Catalog.Items(available.get(i).name(), f.join()));
      }
    }
    // the filters are on tools (`tools.allow`/`tools.deny`, a key's `tools`): prompts and resources all stay
    Catalog catalog = Catalog.merge(kind, items, kind == ListKind.TOOLS ? group.visibleTo(session.principal())
        : name -> true);
    Merged result = new Merged(generation, catalog, session.statelessInputs() == null ? generation
        : catalog.fingerprint());
    if (!failed) { // a late list that came meanwhile bumped the generation: this one is stale, never served from here
      merged.put(kind, result);
    }
    return result;
  }

  /**
   * A member left out of a list for being late, logged once; when its list comes it counts as a change (the client
   * is told), and if it fails instead the merge without it is forgotten quietly, so the next list asks again.
   */
  private void late(MemberSlot slot, ListKind kind, CompletableFuture<List<ObjectNode>> f) {
    Late key = new Late(slot.name(), kind);
    if (late.put(key, f) != f) {
      LOG.warn("group {}: {} did not answer {} within {}; answering without it", group.spec().name(), slot.name(),
          kind.method(), group.spec().listTimeout());
      var unused = f.whenComplete((v, e) -> {
        late.remove(key, f);
        if (e == null) {
          changed(kind.changedNotification());
        } else {
          forget(kind);
        }
      });
    }
  }

  private void awaitAll(List<? extends CompletableFuture<?>> futures) {
    CompletableFuture<?>[] settled = futures.stream().map(f -> f.handle((v, e) -> null))
        .toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(settled).get(group.spec().listTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // what is not done by now is left out (and logged by the caller)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A member session ended on its own (its child died): the member drops out until it can be opened again. */
  void memberClosed(Session member) {
    for (MemberSlot slot : slots) {
      if (slot.ended(member)) {
        relay.forget(slot);
        if (!closing) {
          LOG.info("group {}: member {} left session {}", group.spec().name(), slot.name(), session.logId());
          membershipChanged(slot);
        }
      }
    }
  }

  private AtomicLong generation(ListKind kind) {
    return java.util.Objects.requireNonNull(generations.get(kind), "every kind has a generation");
  }

  int inFlight() {
    return busy.get() + slots.stream().mapToInt(MemberSlot::inFlight).sum();
  }

  /** Request streams whose answers have all been written are no longer where server messages go. */
  void settle() {
    open.removeIf(stream -> {
      if (stream.isFinished()) {
        session.requestEnded(stream);
        return true;
      }
      return false;
    });
  }

  List<Session> openSessions() {
    List<Session> out = new ArrayList<>();
    slots.forEach(s -> s.current().ifPresent(out::add));
    return out;
  }

  /** Ends every member session; completes once their requests in flight are answered. */
  CompletableFuture<Void> close(String reason) {
    closing = true;
    return CompletableFuture.allOf(slots.stream().map(s -> s.close(reason)).toArray(CompletableFuture[]::new));
  }
}
