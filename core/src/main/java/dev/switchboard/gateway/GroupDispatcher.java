package dev.switchboard.gateway;

import dev.switchboard.config.GroupSpec;
import dev.switchboard.config.Limits;
import dev.switchboard.config.ToolFilter;
import dev.switchboard.gateway.group.ListKind;
import dev.switchboard.protocol.Message;
import dev.switchboard.upstream.BackendState;
import dev.switchboard.upstream.BackendStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gateway.groups.NAME}: one endpoint over several servers. Each client session of the group holds a member
 * session on every member's own dispatcher (see {@link GroupSession}), so members keep their sharing policies,
 * children and sessions, and every wire that serves a server serves a group the same way. The supervisor's tick
 * notices members dropping out (failed, crash-looping) and coming back, and tells every session's client. Thread safe.
 */
final class GroupDispatcher implements Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(GroupDispatcher.class);

  private final GroupSpec spec;
  private final List<Member> members;
  private final Limits limits;
  private final String version;
  private final Function<String, ToolFilter> keyTools;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<Caller, GroupSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, Boolean> available = new ConcurrentHashMap<>();

  private final MemberSessions memberSessions;

  /** Makes the member sessions of the group's sessions: the gateway's registry, so they count in fair shares. */
  @FunctionalInterface
  interface MemberSessions {
    Session open(String id, String server, Dispatcher dispatcher, String principal, Session.Listener listener);
  }

  /** As below, with member sessions counted nowhere (tests). */
  GroupDispatcher(GroupSpec spec, List<Member> members, Limits limits, String version,
      Function<String, ToolFilter> keyTools) {
    this(spec, members, limits, version, keyTools, (id, server, dispatcher, principal, listener) -> new Session(id,
        server, principal, limits, listener));
  }

  /** @param keyTools the tool filter of an API key, by its name (ALL for none) */
  GroupDispatcher(GroupSpec spec, List<Member> members, Limits limits, String version,
      Function<String, ToolFilter> keyTools, MemberSessions memberSessions) {
    this.memberSessions = memberSessions;
    this.spec = spec;
    this.members = List.copyOf(members);
    this.limits = limits;
    this.version = version;
    this.keyTools = keyTools;
    members.forEach(m -> available.put(m.name(), isAvailable(m)));
  }

  GroupSpec spec() {
    return spec;
  }

  List<Member> members() {
    return members;
  }

  Limits limits() {
    return limits;
  }

  String version() {
    return version;
  }

  MemberSessions memberSessions() {
    return memberSessions;
  }

  ExecutorService executor() {
    return executor;
  }

  /** Which exposed tool names a principal's clients may see and call: the group's filter and the key's. */
  Predicate<String> visibleTo(String principal) {
    ToolFilter key = keyTools.apply(principal);
    return name -> spec.tools().permits(name) && key.permits(name);
  }

  /**
   * A reload changed the tool filters of {@code principals}' keys: their sessions' merged tool lists are stale, so
   * they are dropped and the clients told (calls already follow the new filter, which is read on each call).
   */
  void toolFiltersChanged(java.util.Set<String> principals) {
    if (!principals.isEmpty()) {
      sessions.values().stream().filter(gs -> principals.contains(gs.session().principal()))
          .forEach(gs -> gs.changed(ListKind.TOOLS.changedNotification()));
    }
  }

  @Override
  public void initialize(Caller session, Message.Request initialize, EventStream out) {
    GroupSession gs = new GroupSession(session, this, initialize);
    sessions.put(session, gs);
    executor.execute(() -> gs.initialize(out));
  }

  @Override
  public void forward(Caller session, Message.Request request, EventStream out) {
    of(session).forward(request, out);
  }

  @Override
  public void accept(Caller session, Message message) {
    of(session).accept(message);
  }

  @Override
  public CompletableFuture<Void> sessionClosed(Caller session, String reason) {
    GroupSession gs = sessions.remove(session);
    return gs == null ? CompletableFuture.completedFuture(null) : gs.close(reason);
  }

  @Override
  public int inFlight(Caller session) {
    GroupSession gs = sessions.get(session);
    return gs == null ? 0 : gs.inFlight();
  }

  /** A member whose server failed or started crash-looping leaves every session's lists; one that recovers returns. */
  @Override
  public void tick(long now) {
    for (Member m : members) {
      boolean up = isAvailable(m);
      Boolean before = available.put(m.name(), up);
      if (before != null && before != up) {
        LOG.info("group {}: member {} {}", spec.name(), m.name(), up ? "is available again" : "dropped out");
        sessions.values().forEach(gs -> gs.slot(m.name()).ifPresent(gs::membershipChanged));
      }
    }
    sessions.values().forEach(GroupSession::settle);
  }

  @Override
  public BackendStatus status() {
    boolean any = members.stream().anyMatch(GroupDispatcher::isAvailable);
    return new BackendStatus(spec.name(), "group", any ? BackendState.RUNNING : BackendState.FAILED, sessions.size(),
        any ? null : "no member server is available");
  }

  /** The group's status and which members are available, for health, the status page and metrics. */
  GroupStatus snapshot() {
    Map<String, Boolean> up = new java.util.LinkedHashMap<>();
    members.forEach(m -> up.put(m.name(), isAvailable(m)));
    return new GroupStatus(spec.name(), status(), up);
  }

  @Override
  public void close() {
    executor.shutdown(); // sessions are ended by the registry; member dispatchers belong to their routes
  }

  private GroupSession of(Caller session) {
    GroupSession gs = sessions.get(session);
    if (gs == null) {
      throw new GatewayException(Refusal.SESSION_UNKNOWN, Errors.sessionNotFound());
    }
    return gs;
  }

  private static boolean isAvailable(Member m) {
    BackendState state = m.dispatcher().status().state();
    return state != BackendState.FAILED && state != BackendState.CRASH_LOOP;
  }
}
