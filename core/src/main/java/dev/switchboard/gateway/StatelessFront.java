package dev.switchboard.gateway;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.protocol.RequestMeta;
import dev.switchboard.upstream.UpstreamException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves 2026-07-28 requests on the legacy core: each request is its own {@link Caller} (a {@link StatelessRequest},
 * no session) on the server's {@link StatelessLane}, made for it and closed with its answer; the gateway answers
 * {@code server/discover} and the removed methods itself. A call whose child asks the client something is parked here, keyed by a signed
 * {@link RequestStates request state}, until the client retries with the answers or the input timeout passes; so is
 * one the child ended demanding URL elicitations (-32042), whose accepting retry sends the request anew.
 * Thread safe.
 */
final class StatelessFront {
  /** Methods 2026-07-28 removed: a modern request for one gets 404/-32601, never a legacy session's behaviour. */
  private static final Set<String> REMOVED = Set.of("initialize", "ping", "logging/setLevel",
      "resources/subscribe", "resources/unsubscribe");

  /** The longest a request waits for its session's handshake (a group's slowest member). */
  private static final Duration HANDSHAKE = Duration.ofMinutes(2);

  private final RequestStates states;
  private final Map<Long, StatelessCall> parked = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  /** Open {@code subscriptions/listen} requests: nothing else would end them when the gateway stops. */
  private final Set<StatelessRequest> listening = ConcurrentHashMap.newKeySet();
  private final Supplier<Duration> inputTimeout;
  private final RequestMaker sessions;

  /**
   * Makes the caller of one request on its server's lane, with one stream that ends after {@code expectedResponses}
   * ({@code listening}: a {@code subscriptions/listen}, which holds no child to itself).
   */
  interface RequestMaker {
    StatelessRequest open(String server, String principal, RequestMeta meta, String address, int expectedResponses,
        boolean listening);
  }

  StatelessFront(RequestMaker sessions, Supplier<Duration> inputTimeout) {
    this(sessions, inputTimeout, "");
  }

  /** {@code statePrefix}: the cluster node's prefix, put before each request state so a retry can be routed here. */
  StatelessFront(RequestMaker sessions, Supplier<Duration> inputTimeout, String statePrefix) {
    this.states = new RequestStates(statePrefix);
    this.sessions = sessions;
    this.inputTimeout = inputTimeout;
  }

  StatelessExchange serve(String server, String principal, Message.Request request, RequestMeta meta) {
    return serve(server, principal, request, meta, Arrival.UNKNOWN);
  }

  /** {@code arrival}: the client's address, and when the request's first byte arrived. */
  StatelessExchange serve(String server, String principal, Message.Request request, RequestMeta meta,
      Arrival arrival) {
    if (REMOVED.contains(request.method())) {
      return fail(request, JsonRpcError.METHOD_NOT_FOUND, "Method not found: " + request.method() + " does not "
          + "exist in protocol " + meta.protocolVersion());
    }
    Optional<String> bad = ModernInputs.problem(request);
    if (bad.isPresent()) {
      return fail(request, JsonRpcError.INVALID_PARAMS, bad.get());
    }
    try {
      return switch (request.method()) {
        case "server/discover" -> discover(server, principal, request, meta, arrival);
        case "subscriptions/listen" -> listen(server, principal, request, meta, arrival);
        default -> ModernInputs.state(request) == null ? start(server, principal, request, meta, arrival,
            ModernInputs.responses(request)) : resume(server, principal, request, meta, arrival);
      };
    } catch (UpstreamException e) {
      return StatelessExchange.answered(new Step.Final(Message.error(request.id(), e.toError())));
    }
  }

  /** Parks a call that waits for the client's input; returns the state that continues it. */
  String park(StatelessCall call) {
    long expires = System.currentTimeMillis() + inputTimeout.get().toMillis();
    call.parkUntil(System.nanoTime() + inputTimeout.get().toNanos());
    parked.put(call.id, call);
    return states.sign(new RequestStates.Claim(call.id, call.round(), call.caller.principal(), call.caller.server(),
        call.target, expires));
  }

  /** Ends what outlives a request here: listen streams (they answer their final result) and parked calls. */
  void close() {
    listening.forEach(s -> s.close("Switchboard is stopping"));
    parked.values().removeIf(StatelessFront::expireOnClose);
  }

  private static boolean expireOnClose(StatelessCall call) {
    call.abandon("Switchboard is stopping");
    return true;
  }

  private StatelessExchange listen(String server, String principal, Message.Request request, RequestMeta meta,
      Arrival arrival) {
    // the stream never finishes by counting responses (the subscribe answers come on it too): only the gateway ends it
    StatelessRequest session = connect(server, principal, meta, arrival, Integer.MAX_VALUE, true);
    listening.add(session);
    return new StatelessExchange() {
      private final ListenExchange listen = ListenExchange.open(session, request);

      @Override
      public Step next(Duration wait) throws InterruptedException {
        Step step = listen.next(wait);
        if (step instanceof Step.Final) {
          listening.remove(session);
        }
        return step;
      }

      @Override
      public void abandon() {
        listening.remove(session);
        listen.abandon();
      }
    };
  }

  /** Calls parked until their client answers what the server asked. */
  int waiting() {
    return parked.size();
  }

  /** Ends the calls whose client did not come back in time. Called by the supervisor. */
  void tick(long now) {
    parked.values().removeIf(call -> call.expired(now) && expire(call));
  }

  private static boolean expire(StatelessCall call) {
    call.abandon("The client did not supply the requested input within gateway.sessions.inputTimeout");
    return true;
  }

  /** {@code offered}: inputs the request carries, which answer the child's matching questions at once. */
  private StatelessExchange start(String server, String principal, Message.Request request, RequestMeta meta,
      Arrival arrival, @Nullable ObjectNode offered) {
    long connecting = System.nanoTime();
    StatelessRequest session = connect(server, principal, meta, arrival, 1, false);
    EventStream out = session.stream();
    if (arrival.begun() != 0) {
      // To the answer written, less the handshake: a child started for this principal is the server's time, not
      // the gateway's. A call that asks the client for input gets the link's measure instead.
      out.timeFrom(arrival.begun() + (System.nanoTime() - connecting));
    }
    StatelessCall call = new StatelessCall(ids.incrementAndGet(), session, out, target(request),
        serverInfo(session));
    call.attach();
    session.forward(ModernInputs.forChild(request));
    return new CallExchange(this, call, request, offered);
  }

  private StatelessExchange resume(String server, String principal, Message.Request request, RequestMeta meta,
      Arrival arrival) {
    String state = java.util.Objects.requireNonNull(ModernInputs.state(request));
    Optional<RequestStates.Claim> claim = states.verify(state).filter(c -> c.principal().equals(principal)
        && c.server().equals(server) && c.target().equals(target(request)));
    if (claim.isEmpty()) {
      return fail(request, JsonRpcError.INVALID_PARAMS, "Invalid params: requestState failed verification (it "
          + "was altered, belongs to another request or client, or comes from a restarted gateway)");
    }
    StatelessCall call = take(claim.get());
    if (call == null) {
      return fail(request, JsonRpcError.INVALID_PARAMS, "Invalid params: requestState has expired or was already "
          + "used; send the request again without it");
    }
    ObjectNode urls = call.reissue();
    if (urls != null) {
      return reissue(call, urls, request, () -> start(server, principal, request, meta, arrival, null));
    }
    call.attach();
    ObjectNode responses = ModernInputs.responses(request);
    call.pending().entrySet().removeIf(e -> deliver(call, e.getValue(), responses == null ? null
        : responses.get(e.getKey())));
    if (!call.pending().isEmpty()) {
      ObjectNode again = Json.object();
      call.pending().forEach((key, q) -> again.set(key, CallExchange.question(q)));
      call.detach();
      return StatelessExchange.answered(new Step.Final(ModernResults.inputRequired(request, again, park(call))));
    }
    return new CallExchange(this, call, request, null);
  }

  /**
   * The client's answers to the URL elicitations a child ended its call with: a refusal ends the call, unanswered ones
   * are asked again, and once all are accepted the request goes to the child anew ({@code again}; the first call
   * has ended, so nothing waits for the answers). The retry's own {@code _meta} governs that call, as this revision
   * takes nothing from an earlier request.
   */
  private StatelessExchange reissue(StatelessCall call, ObjectNode urls, Message.Request request,
      Supplier<StatelessExchange> again) {
    ObjectNode responses = ModernInputs.responses(request);
    Message refused = UrlElicitations.refusal(request, urls, responses, call.serverInfo);
    if (refused != null) {
      return StatelessExchange.answered(new Step.Final(refused));
    }
    ObjectNode open = UrlElicitations.unanswered(urls, responses);
    if (!open.isEmpty()) {
      call.reissueAfter(open);
      return StatelessExchange.answered(new Step.Final(ModernResults.inputRequired(request, open, park(call))));
    }
    return again.get();
  }

  private static boolean deliver(StatelessCall call, Message.Request question, @Nullable JsonNode answer) {
    if (answer instanceof ObjectNode result) {
      call.answer(question, result);
      return true;
    }
    return false;
  }

  /** The parked call a verified claim names, if it still waits for that round; taking it makes the state spent. */
  private @Nullable StatelessCall take(RequestStates.Claim claim) {
    if (claim.expiresAtMillis() < System.currentTimeMillis()) {
      return null;
    }
    StatelessCall[] taken = new StatelessCall[1];
    parked.computeIfPresent(claim.call(), (id, call) -> {
      if (call.round() != claim.round()) {
        return call; // an older round's state: replayed
      }
      taken[0] = call;
      return null;
    });
    return taken[0];
  }

  private StatelessExchange discover(String server, String principal, Message.Request request, RequestMeta meta,
      Arrival arrival) {
    StatelessRequest session = connect(server, principal, meta, arrival, 1, false);
    try {
      ObjectNode result = Json.object().put("resultType", "complete");
      ProtocolVersion.ALL.forEach(result.putArray("supportedVersions")::add);
      ObjectNode init = session.init();
      result.set("capabilities", init.path("capabilities").isObject() ? init.get("capabilities") : Json.object());
      if (init.path("instructions").isString()) {
        result.set("instructions", init.get("instructions"));
      }
      JsonNode info = init.get("serverInfo");
      if (info != null) {
        result.putObject("_meta").set(RequestMeta.SERVER_INFO, info);
      }
      ModernResults.cacheHints(result, "public");
      return StatelessExchange.answered(new Step.Final(Message.response(request.id(), result)));
    } finally {
      session.close("discovered");
    }
  }

  /** The caller of one request on the server's lane, connected as the request's {@code _meta} describes. */
  private StatelessRequest connect(String server, String principal, RequestMeta meta, Arrival arrival,
      int expectedResponses, boolean listening) {
    StatelessRequest session = sessions.open(server, principal, meta, arrival.address(), expectedResponses,
        listening);
    ObjectNode params = Json.object().put("protocolVersion", ProtocolVersion.LATEST_LEGACY);
    params.set("capabilities", meta.clientCapabilities());
    JsonNode info = meta.clientInfo();
    params.set("clientInfo", info != null && info.isObject() ? info
        : Json.object().put("name", "stateless-client").put("version", "0"));
    try {
      session.connect(Message.request(RequestId.of(0), "initialize", params), HANDSHAKE);
    } catch (RuntimeException e) {
      session.close("could not connect");
      throw e;
    }
    if (session.isClosed()) {
      throw new UpstreamException(server, "MCP server '" + server + "' refused initialize");
    }
    return session;
  }

  private static @Nullable JsonNode serverInfo(StatelessRequest session) {
    return session.init().get("serverInfo");
  }

  private static String target(Message.Request request) {
    JsonNode params = request.params();
    String name = params == null ? "" : params.path("name").asString(params.path("uri").asString(""));
    return request.method() + " " + name;
  }

  private static StatelessExchange fail(Message.Request request, int code, String message) {
    return StatelessExchange.answered(new Step.Final(Message.error(request.id(), new JsonRpcError(code, message))));
  }
}
