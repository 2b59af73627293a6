package dev.switchboard.metrics;

import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.RequestEvents;
import dev.switchboard.upstream.BackendStatus;
import dev.switchboard.upstream.builtin.Introspection;
import dev.switchboard.upstream.ChildCounts;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The daemon's Prometheus registry: request counts and latencies by server, method, tool and outcome (pushed as
 * requests end), and sessions, in-flight requests, server states, children and security counters (read from the
 * gateway when scraped). One per daemon; thread safe.
 */
public final class GatewayMetrics implements RequestEvents {
  /** MCP methods a client may send; anything else is counted as {@code other}. */
  private static final Set<String> METHODS = Set.of("initialize", "ping", "tools/list", "tools/call",
      "prompts/list", "prompts/get", "resources/list", "resources/read", "resources/templates/list",
      "resources/subscribe", "resources/unsubscribe", "completion/complete", "logging/setLevel", "tasks/get",
      "tasks/list", "tasks/result", "tasks/cancel");
  /** The notification methods counted by name; servers may invent others, counted as {@code other}. */
  private static final Set<String> NOTIFICATIONS = Set.of("notifications/progress", "notifications/message",
      "notifications/cancelled", "notifications/tools/list_changed", "notifications/prompts/list_changed",
      "notifications/resources/list_changed", "notifications/resources/updated", "notifications/tasks/status",
      "notifications/elicitation/complete");
  private static final double[] SECONDS = {.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300};

  /** Buckets for the gateway's share of a request: microseconds to a millisecond is the normal range. */
  private static final double[] FINE = {.00001, .000025, .00005, .0001, .00025, .0005, .001, .0025, .005, .01, .025,
      .1, 1};

  private static final double[] BOUNDS = java.util.stream.DoubleStream.concat(java.util.Arrays.stream(SECONDS),
      java.util.stream.DoubleStream.of(Double.POSITIVE_INFINITY)).toArray();
  /** The outcomes counted as failed calls (a client's cancellation is not the server's failure). */
  private static final Set<String> FAILED = Set.of("error", "tool_error", "timeout", "crash", "not_sent");

  private static final ExpositionFormatWriter TEXT = PrometheusTextFormatWriter.create();
  private static final ExpositionFormatWriter OPEN_METRICS = OpenMetricsTextFormatWriter.create();

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final LabelGuard tools = new LabelGuard(64);
  /** Principals as labels: configured keys are few, but OAuth subjects are not. */
  private final LabelGuard principals = new LabelGuard(64);
  private final RecentErrors recentErrors = new RecentErrors();
  private final Counter requests;
  private final Histogram duration;
  private final Histogram upstream;
  private final Histogram gatewayShare;
  private final Counter keyRequests;
  private final Counter reloads;
  private final Counter notifications;
  private final Counter groupRequests;
  private final Histogram groupDuration;
  private final Histogram pinnedWait;
  private final Counter pins;
  private final Map<String, java.util.function.LongSupplier[]> wires =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicReference<@Nullable Gateway> gateway = new AtomicReference<>();
  private final AtomicReference<Supplier<JsonNode>> security = new AtomicReference<>(
      () -> dev.switchboard.protocol.Json.object());
  private final AtomicReference<Supplier<JsonNode>> authFailures = new AtomicReference<>(
      () -> dev.switchboard.protocol.Json.object());
  private final AtomicReference<Supplier<Map<String, Long>>> introspections = new AtomicReference<>(Map::of);

  public GatewayMetrics(String version) {
    requests = Counter.builder().name("switchboard_requests").help("Client requests sent to MCP servers, by how "
        + "they ended").labelNames("server", "method", "tool", "outcome").register(registry);
    duration = Histogram.builder().name("switchboard_request_duration_seconds").help("From a request reaching its "
        + "server's upstream link to its answer on the client's stream: the server's time plus the gateway's share")
        .labelNames("server", "method").classicOnly().classicUpperBounds(SECONDS).register(registry);
    upstream = Histogram.builder().name("switchboard_request_upstream_seconds").help("The part of a request's "
        + "duration spent in the MCP server: from writing it to the child to the answer coming back")
        .labelNames("server", "method").classicOnly().classicUpperBounds(SECONDS).register(registry);
    gatewayShare = Histogram.builder().name("switchboard_request_gateway_seconds").help("The gateway's share of a "
        + "request: from its first byte reaching the gateway to its answer written, less the server's time (where "
        + "the wire cannot time it: waiting to be written to the child and the answer's hand-off)")
        .labelNames("server", "method").classicOnly()
        .classicUpperBounds(FINE).register(registry);
    notifications = Counter.builder().name("switchboard_notifications").help(
        "Notifications MCP servers sent (progress, "
            + "log messages, list and resource changes), by server and method").labelNames("server", "method")
        .register(registry);
    reloads = Counter.builder().name("switchboard_config_reloads").help("Configuration reloads (the admin endpoint, "
        + "SIGHUP, a saved file) by result: applied, or invalid (the running configuration stays)")
        .labelNames("result").register(registry);
    reloads.labelValues("applied");
    reloads.labelValues("invalid");
    keyRequests = Counter.builder().name("switchboard_key_requests").help("Client requests sent to MCP servers by "
        + "who asked (an API key's name, an OAuth principal, or anonymous; past 64 of them, other) and how they "
        + "ended").labelNames("key", "server", "outcome").register(registry);
    groupRequests = Counter.builder().name("switchboard_group_requests").help("Client requests a group routed to "
        + "its members (and the group's own list fetches), by how they ended").labelNames("group", "server", "method",
            "outcome").register(registry);
    groupDuration = Histogram.builder().name("switchboard_group_request_duration_seconds").help("From the gateway "
        + "sending a group's request to a member to its answer").labelNames("group", "method").classicOnly()
        .classicUpperBounds(SECONDS).register(registry);
    pinnedWait = Histogram.builder().name("switchboard_children_pinned_wait_seconds").help("Time requests waited "
        + "in line for a shared child serving another session (pinned: a message it sent could be any session's, "
        + "or pool.pinned), observed as each leaves the line to be sent or times out").labelNames("server")
        .classicOnly().classicUpperBounds(SECONDS).register(registry);
    pins = Counter.builder().name("switchboard_children_pins").help("Times a shared child began serving one "
        + "session at a time because a request or log message it sent could belong to several").labelNames("server")
        .register(registry);
    GaugeWithCallback.builder().name("switchboard_build_info").help("The running version").labelNames("version")
        .callback(cb -> cb.call(1, version)).register(registry);
    registerGatewayGauges();
    registerSecurityCounters();
    JvmMetrics.builder().register(registry);
  }

  /** Starts reading sessions, servers and children from {@code running} at each scrape. */
  public void bind(Gateway running) {
    gateway.set(running);
  }

  @Override
  public void notified(String server, String method) {
    notifications.labelValues(server, NOTIFICATIONS.contains(method) ? method : LabelGuard.OTHER).inc();
  }

  @Override
  public void pinned(String server) {
    pins.labelValues(server).inc();
  }

  @Override
  public void waitedForPin(String server, long nanos) {
    pinnedWait.labelValues(server).observe(nanos / 1e9);
  }

  /** A reload was applied ({@code ok}) or refused as invalid. */
  public void reloaded(boolean ok) {
    reloads.labelValues(ok ? "applied" : "invalid").inc();
  }

  /** Counts the bytes a listener ({@code http}, or a socket listener's address) reads and writes, at each scrape. */
  public void countWire(String listener, java.util.function.LongSupplier received,
      java.util.function.LongSupplier sent) {
    wires.put(listener, new java.util.function.LongSupplier[] {received, sent});
  }

  /**
   * Where the security counters come from (the HTTP layer's audit), read at each scrape: refusals by kind, and auth
   * failures by reason (each a flat object of counts).
   */
  public void bindSecurity(Supplier<JsonNode> counters, Supplier<JsonNode> authFailuresByReason) {
    security.set(counters);
    authFailures.set(authFailuresByReason);
  }

  /** Where the OAuth introspection counts (by result: hit, shared, miss) come from, read at each scrape. */
  public void bindIntrospections(Supplier<Map<String, Long>> counts) {
    introspections.set(counts);
  }

  /** A scrape: Prometheus text, or OpenMetrics when {@code accept} asks for it. */
  public Exposition scrape(@Nullable String accept) throws IOException {
    ExpositionFormatWriter writer = accept != null && OPEN_METRICS.accepts(accept) ? OPEN_METRICS : TEXT;
    ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    writer.write(body, registry.scrape());
    return new Exposition(writer.getContentType(), body.toByteArray());
  }

  /** One scrape's body and its content type. */
  @SuppressWarnings("ArrayRecordComponent") // handed straight to the response
  public record Exposition(String contentType, byte[] body) {}

  @Override
  public void ended(String server, String method, @Nullable String tool, Ending outcome, long nanos) {
    String m = METHODS.contains(method) ? method : LabelGuard.OTHER;
    String t = tool == null ? "" : tools.of(server, tool);
    requests.labelValues(server, m, t, outcome.name().toLowerCase(Locale.ROOT)).inc();
    duration.labelValues(server, m).observe(nanos / 1e9);
  }

  /**
   * Each server's and each group's calls, errors and latency quantiles so far, by name in order (a group's are the
   * requests it routed to its members; names of groups and servers never clash).
   */
  public java.util.SortedMap<String, ServerFigures> figures() {
    java.util.SortedMap<String, ServerFigures> out = figures(requests, duration, "server");
    out.putAll(figures(groupRequests, groupDuration, "group"));
    return out;
  }

  private static java.util.SortedMap<String, ServerFigures> figures(Counter calls, Histogram latency, String by) {
    java.util.SortedMap<String, long[]> counts = new java.util.TreeMap<>(); // calls, errors
    for (var point : calls.collect().getDataPoints()) {
      long[] c = counts.computeIfAbsent(point.getLabels().get(by), k -> new long[2]);
      c[0] += (long) point.getValue();
      c[1] += FAILED.contains(point.getLabels().get("outcome")) ? (long) point.getValue() : 0;
    }
    java.util.Map<String, long[]> buckets = new java.util.HashMap<>();
    for (var point : latency.collect().getDataPoints()) {
      long[] sum = buckets.computeIfAbsent(point.getLabels().get(by), k -> new long[SECONDS.length + 1]);
      var classic = point.getClassicBuckets();
      for (int i = 0; i < classic.size() && i < sum.length; i++) {
        sum[i] += classic.getCount(i);
      }
    }
    java.util.SortedMap<String, ServerFigures> out = new java.util.TreeMap<>();
    counts.forEach((name, c) -> out.put(name, figures(c, buckets.get(name))));
    return out;
  }

  private static ServerFigures figures(long[] counts, long @Nullable [] buckets) {
    if (buckets == null) {
      return new ServerFigures(counts[0], counts[1], Double.NaN, Double.NaN);
    }
    return new ServerFigures(counts[0], counts[1], Quantiles.of(.5, BOUNDS, buckets), Quantiles.of(.99, BOUNDS,
        buckets));
  }

  /** Counted as {@link #ended(String, String, String, Ending, long)}; a failure is also kept for the status page. */
  @Override
  public void ended(Exchange exchange) {
    RequestEvents.super.ended(exchange);
    String method = METHODS.contains(exchange.request().method()) ? exchange.request().method() : LabelGuard.OTHER;
    upstream.labelValues(exchange.server(), method).observe(exchange.upstreamNanos() / 1e9);
    keyRequests.labelValues(principals.of("", exchange.session().principal()), exchange.server(),
        exchange.outcome().name().toLowerCase(Locale.ROOT)).inc();
    exchange.session().group().ifPresent(group -> {
      String m = METHODS.contains(exchange.request().method()) ? exchange.request().method() : LabelGuard.OTHER;
      groupRequests.labelValues(group, exchange.server(), m, exchange.outcome().name().toLowerCase(Locale.ROOT))
          .inc();
      groupDuration.labelValues(group, m).observe(exchange.nanos() / 1e9);
    });
    recentErrors.record(exchange);
  }

  @Override
  public void gatewayShare(Exchange exchange, long nanos) {
    String method = METHODS.contains(exchange.request().method()) ? exchange.request().method() : LabelGuard.OTHER;
    gatewayShare.labelValues(exchange.server(), method).observe(nanos / 1e9);
  }

  /** The last failed requests, newest first. */
  public tools.jackson.databind.node.ArrayNode recentErrors() {
    return recentErrors.json();
  }

  private void registerGatewayGauges() {
    GaugeWithCallback.builder().name("switchboard_sessions").help("Open sessions by server, transport (wire) and "
        + "protocol era").labelNames("server", "transport", "era")
        .callback(cb -> sessionKinds().forEach((k, n) -> cb.call(n, k.server(), k.transport(), k.era())))
        .register(registry);
    GaugeWithCallback.builder().name("switchboard_streams_open").help("Event streams a client is reading now: SSE "
        + "responses and GET streams, a WebSocket's or socket's outbox").labelNames("server", "transport")
        .callback(cb -> streamsOpen().forEach((k, n) -> cb.call(n, k.server(), k.transport()))).register(registry);
    CounterWithCallback.builder().name("switchboard_received_bytes").help("Bytes read from clients, by listener "
        + "(http: every HTTP request, heads included; socket listeners by address)").labelNames("listener")
        .callback(cb -> wires.forEach((name, w) -> cb.call((double) w[0].getAsLong(), name))).register(registry);
    CounterWithCallback.builder().name("switchboard_sent_bytes").help("Bytes written to clients, by listener")
        .labelNames("listener").callback(cb -> wires.forEach((name, w) -> cb.call((double) w[1].getAsLong(), name)))
        .register(registry);
    CounterWithCallback.builder().name("switchboard_children_started").help("Child processes started, by server")
        .labelNames("server").callback(cb -> childCounts().forEach((server, c) -> {
          if (c != ChildCounts.NONE) {
            cb.call((double) c.started(), server);
          }
        })).register(registry);
    CounterWithCallback.builder().name("switchboard_children_ended").help("Child processes ended, by server and "
        + "cause: stopped (by the gateway), crashed (on their own), failed_to_start").labelNames("server", "cause")
        .callback(cb -> childCounts().forEach((server, c) -> {
          for (ChildCounts.Ending e : c == ChildCounts.NONE ? new ChildCounts.Ending[0] : ChildCounts.Ending.values()) {
            cb.call((double) c.ended(e), server, e.name().toLowerCase(Locale.ROOT));
          }
        })).register(registry);
    CounterWithCallback.builder().name("switchboard_children_restarts").help("Children started in place of one "
        + "that crashed, by server (several crashes before one start count once)").labelNames("server")
        .callback(cb -> childCounts().forEach((server, c) -> {
          if (c != ChildCounts.NONE) {
            cb.call((double) c.restarts(), server);
          }
        })).register(registry);
    CounterWithCallback.builder().name("switchboard_children_acquire_wait_seconds").help("Time new children of a "
        + "server waited for room to start (pool.max, gateway.upstreams.maxChildren); its rate is how many waits "
        + "are going on").labelNames("server").callback(cb -> childCounts().forEach((server, c) -> {
          if (c != ChildCounts.NONE) {
            cb.call(c.waitedNanos() / 1e9, server);
          }
        })).register(registry);
    CounterWithCallback.builder().name("switchboard_warm_pool_claims").help("Sessions' claims on a server's warm "
        + "pool: hit (a started child was waiting) or miss (one was started for it)").labelNames("server", "result")
        .callback(cb -> childCounts().forEach((server, c) -> {
          if (c.warmHits() + c.warmMisses() > 0) {
            cb.call((double) c.warmHits(), server, "hit");
            cb.call((double) c.warmMisses(), server, "miss");
          }
        })).register(registry);
    GaugeWithCallback.builder().name("switchboard_warm_pool_ready").help("Started children waiting in a server's "
        + "warm pool").labelNames("server").callback(cb -> childCounts().forEach((server, c) -> {
          if (c != ChildCounts.NONE) {
            cb.call(c.warmReady(), server);
          }
        })).register(registry);
    GaugeWithCallback.builder().name("switchboard_requests_in_flight").help("Requests waiting for their answer, "
        + "in sessions and 2026-07-28 requests alike").labelNames("server").callback(cb -> inFlight()
            .forEach((server, n) -> cb.call(n, server))).register(registry);
    GaugeWithCallback.builder().name("switchboard_server_state").help("1 for each server's current state")
        .labelNames("server", "state").callback(cb -> servers().forEach(s -> cb.call(1, s.name(),
            s.state().name().toLowerCase(Locale.ROOT).replace('_', '-')))).register(registry);
    GaugeWithCallback.builder().name("switchboard_server_connections").help("Live upstream connections (children "
        + "or in-process)").labelNames("server").callback(cb -> servers().forEach(s -> cb.call(s.connections(),
            s.name()))).register(registry);
    GaugeWithCallback.builder().name("switchboard_group_member_available").help("1 while a group's member is in "
        + "its lists, 0 while it is out (failed or crash-looping)").labelNames("group", "member")
        .callback(cb -> running().ifPresent(g -> g.groups().forEach(group -> group.members().forEach((member, up) -> cb
            .call(up ? 1 : 0, group.name(), member))))).register(registry);
    CounterWithCallback.builder().name("switchboard_sessions_opened").help("Client sessions opened, by server or "
        + "group").labelNames("server").callback(cb -> churn().forEach((server, n) -> cb.call((double) n[0], server)))
        .register(registry);
    CounterWithCallback.builder().name("switchboard_sessions_ended").help("Client sessions ended (closed, expired, "
        + "reclaimed), by server or group").labelNames("server").callback(cb -> churn().forEach((server, n) -> cb.call(
            (double) n[1], server))).register(registry);
    GaugeWithCallback.builder().name("switchboard_children_resident_bytes").help("Resident memory of each server's "
        + "live children and their descendants (from /proc)").labelNames("server").callback(cb -> childUsage()
            .forEach((server, u) -> cb.call((double) u.residentBytes(), server))).register(registry);
    GaugeWithCallback.builder().name("switchboard_children_cpu_seconds").help("CPU time used so far by each server's "
        + "live children and their descendants (falls when a child exits)").labelNames("server")
        .callback(cb -> childUsage().forEach((server, u) -> cb.call(u.cpuSeconds(), server))).register(registry);
    GaugeWithCallback.builder().name("switchboard_uptime_seconds").help("Seconds since the gateway started")
        .callback(cb -> running().ifPresent(g -> cb.call((double) Duration.between(g.started(), Instant.now())
            .toSeconds())))
        .register(registry);
  }

  private void registerSecurityCounters() {
    CounterWithCallback.builder().name("switchboard_security_events").help("Refused requests by reason: "
        + "authFailures, scopeDenials, throttled, rateLimited, hostRefusals, originRefusals (a Host or Origin header "
        + "not allowed)").labelNames("reason")
        .callback(cb -> security.get().get().properties().forEach(e -> cb.call(e.getValue().asDouble(), e.getKey())))
        .register(registry);
    CounterWithCallback.builder().name("switchboard_auth_failures").help("Refused credentials by reason: missing, "
        + "query_key_disabled, unknown_key, invalid_token (OAuth), revoked").labelNames("reason")
        .callback(cb -> authFailures.get().get().properties().forEach(e -> cb.call(e.getValue().asDouble(),
            e.getKey()))).register(registry);
    CounterWithCallback.builder().name("switchboard_oauth_introspections").help("Opaque access tokens checked "
        + "by RFC 7662 introspection, by how the answer was found: hit (the cache), shared (another request's round "
        + "trip in flight), miss (a round trip of its own)").labelNames("result")
        .callback(cb -> introspections.get().get().forEach((result, n) -> cb.call(n, result))).register(registry);
  }

  /** The labels of one kind of session. */
  private record SessionKind(String server, String transport, String era) {}

  private Map<SessionKind, Long> sessionKinds() {
    return running().map(g -> g.sessionRegistry().all().stream().collect(Collectors.groupingBy(
        s -> new SessionKind(s.server(), s.origin().transport(), s.protocolVersion()), Collectors.counting())))
        .orElse(Map.of());
  }

  private Map<String, ChildCounts> childCounts() {
    return running().map(Gateway::childCounts).orElse(Map.of());
  }

  private record StreamKind(String server, String transport) {}

  private Map<StreamKind, Integer> streamsOpen() {
    return running().map(g -> g.sessionRegistry().all().stream().filter(s -> s.streamsOpen() > 0).collect(
        Collectors.groupingBy(s -> new StreamKind(s.server(), s.origin().transport()),
            Collectors.summingInt(dev.switchboard.gateway.Session::streamsOpen)))).orElse(Map.of());
  }

  private Map<String, Integer> sessionsBy(java.util.function.ToIntFunction<Introspection.SessionInfo> value) {
    return running().map(g -> g.sessions().stream().collect(Collectors.groupingBy(Introspection.SessionInfo::server,
        Collectors.summingInt(value)))).orElse(Map.of());
  }

  /** Sessions' requests in flight plus 2026-07-28 requests', by server. */
  private Map<String, Integer> inFlight() {
    Map<String, Integer> out = new java.util.HashMap<>(sessionsBy(Introspection.SessionInfo::inFlight));
    running().ifPresent(g -> g.statelessInFlight().forEach((server, n) -> out.merge(server, n, Integer::sum)));
    return out;
  }

  private Map<String, long[]> churn() {
    return running().map(g -> g.sessionRegistry().churn()).orElse(Map.of());
  }

  private Map<String, ChildUsage> childUsage() {
    Map<String, ChildUsage> out = new java.util.LinkedHashMap<>();
    running().ifPresent(g -> g.children().forEach((server, children) -> out.put(server, ChildUsage.of(children))));
    return out;
  }

  private java.util.List<BackendStatus> servers() {
    return running().map(Gateway::servers).orElse(java.util.List.of());
  }

  private java.util.Optional<Gateway> running() {
    return java.util.Optional.ofNullable(gateway.get());
  }
}
