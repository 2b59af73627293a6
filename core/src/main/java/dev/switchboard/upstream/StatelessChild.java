package dev.switchboard.upstream;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.protocol.RequestMeta;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A child that speaks only 2026-07-28, made to look like a legacy server to the gateway: {@code initialize} is
 * answered from the child's {@code server/discover}; every request gains the {@code _meta} that revision needs (the
 * capabilities and log level of its caller, which the gateway stamps, else those of the handshake and the last
 * {@code logging/setLevel}); a result asking for input becomes server
 * requests to the client (sampling, elicitation, roots — ids {@code mrtr-N-KEY}), and once all are answered the call
 * is sent again, under its own id, with {@code inputResponses} and the child's {@code requestState}. {@code ping}
 * becomes a {@code server/discover}. Change notifications come on one {@code subscriptions/listen} the adapter keeps
 * open on the child (list changes it declares, plus the resources the session subscribed to, re-opened whenever
 * those change); they reach the gateway as the legacy notifications, without the listen's tag. Never blocks: {@link #send} runs on the link's owner, child messages on the
 * reader thread, and both only queue. Thread safe.
 */
final class StatelessChild implements Upstream {
  private static final String MRTR = "mrtr-";
  private static final String LISTEN = "listen-";
  private static final String SUBSCRIPTION = "io.modelcontextprotocol/subscriptionId";

  private final Upstream.Listener gateway;
  private final Map<RequestId, Message.Request> calls = new ConcurrentHashMap<>();
  private final Map<RequestId, Kind> answeredHere = new ConcurrentHashMap<>();
  private final Map<Long, Round> rounds = new ConcurrentHashMap<>();
  private final AtomicLong roundIds = new AtomicLong();
  private volatile @Nullable Upstream child;
  private volatile ObjectNode capabilities = Json.object();
  private volatile @Nullable JsonNode clientInfo;
  private volatile @Nullable String logLevel;
  /** The child's capabilities, from its discover result. */
  private volatile JsonNode childCapabilities = Json.object();
  private final java.util.Set<String> subscribed = ConcurrentHashMap.newKeySet();
  private final AtomicLong listenIds = new AtomicLong();
  /** Guards {@code listening}: the owner (subscribe) and the reader (the handshake's answer) both re-open it. */
  private final java.util.concurrent.locks.ReentrantLock listenLock = new java.util.concurrent.locks.ReentrantLock();
  private volatile @Nullable RequestId listening;

  /** What a child answer stands for when the gateway asked something the child has no method for. */
  private enum Kind {
    INITIALIZE, PING
  }

  /** One call's open questions: the call, the child's state, and the answers so far by key. */
  private record Round(Message.Request call, @Nullable JsonNode state, Map<String, JsonNode> answers, int asked) {}

  StatelessChild(Upstream.Listener gateway) {
    this.gateway = gateway;
  }

  /** The listener the stdio child reports to. */
  Upstream.Listener childSide() {
    return new Upstream.Listener() {
      @Override
      public void onMessage(Message message) {
        fromChild(message);
      }

      @Override
      public void onClosed(UpstreamExit exit) {
        gateway.onClosed(exit);
      }
    };
  }

  StatelessChild bind(Upstream child) {
    this.child = child;
    return this;
  }

  @Override
  public void send(Message message) {
    switch (message) {
      case Message.Request r -> request(r);
      case Message.Notification n -> notification(n);
      case Message.Response r -> answer(r.id(), r.result());
      case Message.ErrorResponse e -> refused(e);
    }
  }

  @Override
  public String describe() {
    return child().describe() + " (2026-07-28)";
  }

  /** The gateway puts each caller's capabilities and log level in its requests' {@code _meta}: see {@link #withMeta}. */
  @Override
  public boolean takesCallerContext() {
    return true;
  }

  /** An input request ({@code mrtr-N-KEY}) belongs to the call whose round asked it. */
  @Override
  public @Nullable RequestId relatedRequest(Message.Request fromServer) {
    Map.Entry<Long, String> key = parse(fromServer.id());
    Round round = key == null ? null : rounds.get(key.getKey());
    return round == null ? null : round.call().id();
  }

  @Override
  public boolean isOpen() {
    Upstream c = child;
    return c != null && c.isOpen();
  }

  @Override
  public void close() {
    child().close();
  }

  private void request(Message.Request r) {
    switch (r.method()) {
      case "initialize" -> {
        JsonNode params = r.node().path("params");
        capabilities = params.path("capabilities") instanceof ObjectNode caps ? caps : Json.object();
        clientInfo = params.get("clientInfo");
        answeredHere.put(r.id(), Kind.INITIALIZE);
        calls.put(r.id(), r);
        child().send(Message.request(r.id(), "server/discover", withMeta(Json.object())));
      }
      case "ping" -> {
        answeredHere.put(r.id(), Kind.PING);
        child().send(Message.request(r.id(), "server/discover", withMeta(Json.object())));
      }
      case "logging/setLevel" -> {
        logLevel = r.node().path("params").path("level").asString(null);
        gateway.onMessage(Message.response(r.id(), Json.object()));
      }
      case "resources/subscribe", "resources/unsubscribe" -> subscription(r);
      default -> forward(r, null);
    }
  }

  /** A legacy subscription becomes part of the listen the adapter keeps open on the child. */
  private void subscription(Message.Request r) {
    if (!childCapabilities.path("resources").path("subscribe").asBoolean(false)) {
      gateway.onMessage(Message.error(r.id(), new JsonRpcError(JsonRpcError.METHOD_NOT_FOUND, "This server does "
          + "not support resource subscriptions")));
      return;
    }
    String uri = r.node().path("params").path("uri").asString("");
    boolean changed = r.method().equals("resources/subscribe") ? subscribed.add(uri) : subscribed.remove(uri);
    if (changed) {
      relisten();
    }
    gateway.onMessage(Message.response(r.id(), Json.object()));
  }

  /** Ends the open listen, if any, and opens one for what is wanted now (nothing: none). */
  private void relisten() {
    listenLock.lock();
    try {
      RequestId old = listening;
      if (old != null) {
        child().send(Message.notification("notifications/cancelled", Json.object().set("requestId", old.value())));
      }
      ObjectNode wanted = wanted();
      RequestId next = wanted.isEmpty() ? null : RequestId.of(LISTEN + listenIds.incrementAndGet());
      listening = next;
      if (next != null) {
        ObjectNode params = Json.object();
        params.set("notifications", wanted);
        child().send(Message.request(next, "subscriptions/listen", withMeta(params)));
      }
    } finally {
      listenLock.unlock();
    }
  }

  /** The listen's filter: each list change the child declares, and the subscribed resources. */
  private ObjectNode wanted() {
    ObjectNode wanted = Json.object();
    for (String kind : java.util.List.of("tools", "prompts", "resources")) {
      if (childCapabilities.path(kind).path("listChanged").asBoolean(false)) {
        wanted.put(kind + "ListChanged", true);
      }
    }
    if (!subscribed.isEmpty()) {
      var uris = wanted.putArray("resourceSubscriptions");
      subscribed.forEach(uris::add);
    }
    return wanted;
  }

  private void forward(Message.Request r, @Nullable Round answered) {
    calls.put(r.id(), r);
    ObjectNode params = r.params() instanceof ObjectNode own ? own.deepCopy() : Json.object();
    if (answered != null) {
      ObjectNode responses = params.putObject("inputResponses");
      answered.answers().forEach(responses::set);
      if (answered.state() != null) {
        params.set("requestState", answered.state());
      }
    }
    child().send(Message.request(r.id(), r.method(), withMeta(params)));
  }

  /**
   * The {@code _meta} 2026-07-28 needs. A request the gateway stamped with its caller's capabilities and client info
   * (and level, if the caller set one) keeps them: a shared child's sessions differ. Only the gateway's own requests,
   * and a level the gateway leaves to the child, take the handshake's and the last {@code logging/setLevel}.
   */
  private ObjectNode withMeta(ObjectNode params) {
    ObjectNode meta = params.get("_meta") instanceof ObjectNode own ? own : params.putObject("_meta");
    meta.put(RequestMeta.PROTOCOL_VERSION, ProtocolVersion.V2026_07_28);
    if (!meta.path(RequestMeta.CLIENT_CAPABILITIES).isObject()) {
      meta.set(RequestMeta.CLIENT_CAPABILITIES, capabilities);
    }
    JsonNode info = clientInfo;
    if (info != null && !meta.path(RequestMeta.CLIENT_INFO).isObject()) {
      meta.set(RequestMeta.CLIENT_INFO, info);
    }
    String level = logLevel;
    if (level != null && !meta.has(RequestMeta.LOG_LEVEL)) {
      meta.put(RequestMeta.LOG_LEVEL, level);
    }
    return params;
  }

  private void notification(Message.Notification n) {
    switch (n.method()) {
      case "notifications/initialized", "notifications/roots/list_changed" -> {} // no such thing in 2026-07-28
      default -> child().send(n); // notifications/cancelled: stdio cancellation is the same in both revisions
    }
  }

  private void fromChild(Message message) {
    switch (message) {
      case Message.Response r when isListen(r.id()) -> {} // a listen ended (we cancelled it)
      case Message.ErrorResponse e when e.id() != null && isListen(e.id()) -> {}
      case Message.Notification n when n.node().path("params").path("_meta").has(SUBSCRIPTION) -> listened(n);
      case Message.Response r -> childAnswered(r);
      case Message.ErrorResponse e when e.id() != null && answeredHere.remove(e.id()) != null -> {
        calls.remove(e.id());
        gateway.onMessage(e);
      }
      case Message.ErrorResponse e -> {
        if (e.id() != null) {
          calls.remove(e.id());
        }
        gateway.onMessage(e);
      }
      default -> gateway.onMessage(message);
    }
  }

  private static boolean isListen(RequestId id) {
    return id.isString() && id.value().asString().startsWith(LISTEN);
  }

  /** What the open listen reports, as the legacy notification; the acknowledgment and stale listens' are dropped. */
  private void listened(Message.Notification n) {
    JsonNode tag = n.node().path("params").path("_meta").path(SUBSCRIPTION);
    RequestId current = listening;
    if (n.method().equals("notifications/subscriptions/acknowledged") || current == null
        || !tag.equals(current.value())) {
      return;
    }
    ObjectNode params = ((ObjectNode) n.node().path("params")).deepCopy();
    ((ObjectNode) params.path("_meta")).remove(SUBSCRIPTION);
    if (params.path("_meta").isEmpty()) {
      params.remove("_meta");
    }
    gateway.onMessage(Message.notification(n.method(), params));
  }

  private void childAnswered(Message.Response r) {
    Kind kind = answeredHere.remove(r.id());
    Message.Request call = calls.remove(r.id());
    if (kind == Kind.PING) {
      gateway.onMessage(Message.response(r.id(), Json.object()));
    } else if (kind == Kind.INITIALIZE && call != null) {
      childCapabilities = r.result().path("capabilities");
      gateway.onMessage(Message.response(r.id(), handshake(call, r.result())));
      relisten(); // list changes the child declares come only on a listen
    } else if (call != null && "input_required".equals(r.result().path("resultType").asString(""))) {
      ask(call, r.result());
    } else {
      gateway.onMessage(r);
    }
  }

  /** The legacy {@code initialize} result a discover result stands for. */
  private static ObjectNode handshake(Message.Request initialize, JsonNode discover) {
    String requested = initialize.node().path("params").path("protocolVersion").asString("");
    ObjectNode result = Json.object().put("protocolVersion", ProtocolVersion.negotiate(requested));
    result.set("capabilities", discover.path("capabilities").isObject() ? discover.get("capabilities")
        : Json.object());
    JsonNode info = discover.path("_meta").get(RequestMeta.SERVER_INFO);
    result.set("serverInfo", info != null ? info : discover.path("serverInfo").isObject() ? discover.get("serverInfo")
        : Json.object().put("name", "unnamed").put("version", "0"));
    if (discover.path("instructions").isString()) {
      result.set("instructions", discover.get("instructions"));
    }
    return result;
  }

  /** The child needs input: each question goes to the client; with none (state only), the call goes again now. */
  private void ask(Message.Request call, JsonNode result) {
    JsonNode questions = result.path("inputRequests");
    long id = roundIds.incrementAndGet();
    Round round = new Round(call, result.get("requestState"), new ConcurrentHashMap<>(), questions.size());
    if (questions.isEmpty()) {
      forward(call, round);
      return;
    }
    rounds.put(id, round);
    for (Map.Entry<String, JsonNode> q : questions.properties()) {
      JsonNode params = q.getValue().path("params");
      gateway.onMessage(Message.request(RequestId.of(MRTR + id + "-" + q.getKey()),
          q.getValue().path("method").asString(""), params.isObject() ? params : Json.object()));
    }
  }

  /** The client answered one question; the last answer sends the call again. */
  private void answer(RequestId id, JsonNode result) {
    Map.Entry<Long, String> key = parse(id);
    Round round = key == null ? null : rounds.get(key.getKey());
    if (key == null || round == null) {
      child().send(Message.response(id, result));
      return;
    }
    round.answers().put(key.getValue(), result);
    if (round.answers().size() == round.asked() && rounds.remove(key.getKey()) != null) {
      forward(round.call(), round);
    }
  }

  /** The client could not answer: the call fails with its reason rather than asking again forever. */
  private void refused(Message.ErrorResponse e) {
    Map.Entry<Long, String> key = e.id() == null ? null : parse(e.id());
    Round round = key == null ? null : rounds.remove(key.getKey());
    if (key == null || round == null) {
      child().send(e);
      return;
    }
    calls.remove(round.call().id());
    gateway.onMessage(Message.error(round.call().id(), new JsonRpcError(e.error().code(), "The client could not "
        + "provide input '" + key.getValue() + "': " + e.error().message())));
  }

  private static Map.@Nullable Entry<Long, String> parse(RequestId id) {
    if (!id.isString() || !id.value().asString().startsWith(MRTR)) {
      return null;
    }
    String rest = id.value().asString().substring(MRTR.length());
    int dash = rest.indexOf('-');
    try {
      return dash < 0 ? null : Map.entry(Long.parseLong(rest.substring(0, dash)), rest.substring(dash + 1));
    } catch (NumberFormatException ex) {
      return null;
    }
  }

  private Upstream child() {
    Upstream c = child;
    if (c == null) {
      throw new IllegalStateException("the child is not started yet");
    }
    return c;
  }
}
