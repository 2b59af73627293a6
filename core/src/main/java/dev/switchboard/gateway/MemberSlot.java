package dev.switchboard.gateway;

import dev.switchboard.gateway.group.ListKind;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.upstream.BackendState;
import dev.switchboard.upstream.BackendStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One member server inside one group session: the member session it holds on the member's own dispatcher (so the
 * member's sharing policy, children and sessions apply unchanged), opened when first needed and again after it ended,
 * and the member's lists as last fetched. What the member sends unasked goes to {@link GroupSession#relayed}.
 * Thread safe: opening is serialized by a lock; lists are futures any thread may wait on.
 */
final class MemberSlot {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MemberSlot.class);
  private static final Duration HANDSHAKE_BOUND = Duration.ofMinutes(2);
  private static final Duration PAGE_BOUND = Duration.ofMinutes(5);
  private static final int MAX_PAGES = 1000;
  private static final AtomicLong IDS = new AtomicLong();

  private final Member member;
  private final GroupSession group;
  private final ReentrantLock opening = new ReentrantLock();
  private final Map<ListKind, CompletableFuture<List<ObjectNode>>> lists = new ConcurrentHashMap<>();
  private volatile @Nullable Session session;
  private volatile JsonNode result = Json.object();
  private volatile @Nullable String lastError;

  MemberSlot(Member member, GroupSession group) {
    this.member = member;
    this.group = group;
  }

  String name() {
    return member.name();
  }

  /** The member's {@code InitializeResult} from its last handshake (empty before one). */
  JsonNode result() {
    return result;
  }

  @Nullable String lastError() {
    return lastError;
  }

  /** Whether the member's server can take work now: not failed, not crash-looping. */
  boolean serverAvailable() {
    BackendState state = member.dispatcher().status().state();
    return state != BackendState.FAILED && state != BackendState.CRASH_LOOP;
  }

  boolean isOpen() {
    Session s = session;
    return s != null && !s.isClosed();
  }

  /** The member session if it is open; never opens one. */
  Optional<Session> current() {
    Session s = session;
    return s != null && !s.isClosed() ? Optional.of(s) : Optional.empty();
  }

  int inFlight() {
    Session s = session;
    return s == null ? 0 : s.inFlight();
  }

  /** The member session, opened (with the group client's own {@code initialize}) if it is not; blocks meanwhile. */
  Optional<Session> open() {
    Session s = session;
    if (s != null && !s.isClosed()) {
      return Optional.of(s);
    }
    opening.lock();
    try {
      s = session;
      return s != null && !s.isClosed() ? Optional.of(s) : Optional.ofNullable(handshake());
    } finally {
      opening.unlock();
    }
  }

  /**
   * The member's handshake, bounded by {@link #HANDSHAKE_BOUND}, not by the group's list deadline: a server slower to
   * start than that deadline is left out of a list, never killed mid-start (it joins with {@code list_changed}).
   */
  private @Nullable Session handshake() {
    Duration timeout = HANDSHAKE_BOUND;
    if (!serverAvailable()) {
      lastError = Objects.requireNonNullElse(member.dispatcher().status().lastError(), "unavailable");
      return null;
    }
    Dispatcher dispatcher;
    Session s;
    try {
      dispatcher = group.memberDispatcher(member);
      s = group.newMemberSession(member, dispatcher);
    } catch (GatewayException e) { // the key is at its fair share of the member's children, or it is being retired
      lastError = String.valueOf(e.getMessage());
      return null;
    }
    s.attach(dispatcher);
    s.relayTo(message -> group.relayed(this, message));
    EventStream out = Answers.privateStream();
    try {
      s.initialize(group.initializeRequest().withId(nextId()), out);
    } catch (RuntimeException e) { // a refusal (capacity, crash loop) or a child that could not start
      return failed(s, String.valueOf(e.getMessage()));
    }
    Optional<Message> answer = Answers.await(out, timeout);
    if (!(answer.orElse(null) instanceof Message.Response r)) {
      return failed(s, answer.map(MemberSlot::describe).orElse("no answer to initialize within " + timeout));
    }
    result = r.result();
    lastError = null;
    session = s;
    if (group.clientInitialized()) {
      s.accept(Message.notification("notifications/initialized", null));
    }
    ObjectNode level = group.logLevel();
    if (level != null) { // a member (re)opened after the client chose a level gets it too
      Thread.ofVirtual().name("group-level-" + name()).start(() -> setLevel(s, level));
    }
    return s;
  }

  private @Nullable Session failed(Session s, String error) {
    lastError = error;
    s.close("the group could not open it: " + error);
    return null;
  }

  /** The member's whole list of {@code kind}, following its pages; fetched once until {@link #invalidate}d. */
  CompletableFuture<List<ObjectNode>> list(ListKind kind) {
    CompletableFuture<List<ObjectNode>> fresh = new CompletableFuture<>();
    CompletableFuture<List<ObjectNode>> known = lists.putIfAbsent(kind, fresh);
    if (known != null) {
      return known;
    }
    Thread.ofVirtual().name("group-list-" + name()).start(() -> fetch(kind, fresh));
    return fresh;
  }

  private void fetch(ListKind kind, CompletableFuture<List<ObjectNode>> into) {
    try {
      Session s = open().orElseThrow(() -> new IllegalStateException(describeDown()));
      into.complete(result.path("capabilities").has(kind.capability()) ? pages(s, kind) : List.of());
    } catch (RuntimeException e) {
      into.completeExceptionally(e);
      lists.remove(kind, into); // a failure is not remembered: the next list tries again
    }
  }

  private List<ObjectNode> pages(Session s, ListKind kind) {
    List<ObjectNode> items = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      ObjectNode params = Json.object();
      if (cursor != null) {
        params.put("cursor", cursor);
      }
      Message answer = answer(s, kind.method(), params);
      if (answer instanceof Message.ErrorResponse e && e.error().code() == JsonRpcError.METHOD_NOT_FOUND) {
        return items; // it declares the capability but not this list (resource templates, often): it has none
      }
      JsonNode res = result(answer);
      res.path(kind.member()).forEach(item -> {
        if (item instanceof ObjectNode o) {
          items.add(o);
        }
      });
      cursor = res.path("nextCursor").asString(null);
      if (cursor == null || cursor.isEmpty()) {
        return items;
      }
    }
    return items;
  }

  /** A request of the group's own to the member; its result, or an exception saying why there is none. */
  JsonNode ask(Session s, String method, ObjectNode params) {
    return result(answer(s, method, params));
  }

  private Message answer(Session s, String method, ObjectNode params) {
    EventStream out = Answers.privateStream();
    s.forward(Message.request(nextId(), method, params), out);
    return Answers.await(out, PAGE_BOUND).orElseThrow(
        () -> new IllegalStateException("'" + name() + "' did not answer " + method));
  }

  private JsonNode result(Message answer) {
    if (answer instanceof Message.Response r) {
      return r.result();
    }
    throw new IllegalStateException(describe(answer));
  }

  private void setLevel(Session s, ObjectNode level) {
    try {
      ask(s, "logging/setLevel", level);
    } catch (RuntimeException e) { // a member without logging: nothing to set
      LOG.debug("member {} took no log level: {}", name(), e.getMessage());
    }
  }

  /** Forgets the fetched {@code kind} list. */
  void invalidate(ListKind kind) {
    lists.remove(kind);
  }

  /** The member session ended (its child died, or it was refused): everything learned from it is stale. */
  boolean ended(Session s) {
    if (session != s) {
      return false;
    }
    session = null;
    lists.clear();
    return true;
  }

  /** Ends the member session with the group's session; completes once its requests are answered. */
  CompletableFuture<Void> close(String reason) {
    Session s = session;
    session = null;
    return s == null ? CompletableFuture.completedFuture(null) : s.end(reason);
  }

  /** Why the member cannot serve: its server's own error while it is failed or crash-looping, else the last one seen. */
  String describeDown() {
    BackendStatus status = member.dispatcher().status();
    String error = serverAvailable() ? lastError
        : status.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
            + (status.lastError() == null ? "" : " (" + status.lastError() + ")");
    return "server '" + name() + "' is unavailable" + (error == null ? "" : ": " + error);
  }

  JsonRpcError unavailable() {
    return new JsonRpcError(JsonRpcError.SERVER_ERROR, describeDown());
  }

  private static RequestId nextId() {
    return RequestId.of("sb-group-" + IDS.incrementAndGet());
  }

  private static String describe(Message answer) {
    return answer instanceof Message.ErrorResponse e ? e.error().message() : "unexpected answer";
  }
}
