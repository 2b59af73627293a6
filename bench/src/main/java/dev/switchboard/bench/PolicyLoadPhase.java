package dev.switchboard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Sharing policies under load: {@code tools/call echo} through ONE shared child ({@code shared}, {@code pool.max: 1})
 * at {@code --policy-load-sessions} sessions, right after the HTTP floor at the same level (the goal compares the
 * two), then {@code shared} with {@code pool.max: 2}, then the {@code call} policy (a fresh pre-initialized child per
 * call) at {@code --call-sessions}. Same closed-loop {@link LoadGenerator}, warm-up and window as phase 1.
 */
final class PolicyLoadPhase {
  /**
   * Calls each new session makes alone once open: the shared child is already warm, so this is only for the
   * session's own path; and while the sessions open {@value ThroughputPhase#OPEN_PARALLELISM} at a time, the others'
   * calls in flight make {@code pool.max: 2} bind new sessions to its second child (least in flight).
   */
  private static final int SESSION_WARMUP_CALLS = 200;
  private static final int WARMUP_SESSIONS = 8;
  /**
   * The least warm-up and window of the {@code call} point: every call there waits for a child JVM to start, so calls
   * take seconds and a short window would record none (only calls that start and end inside it count).
   */
  static final Duration CALL_MIN_WARMUP = Duration.ofSeconds(3);
  static final Duration CALL_MIN_WINDOW = Duration.ofSeconds(10);

  private final BenchOptions options;
  private final Servers servers;

  PolicyLoadPhase(BenchOptions options, Servers servers) {
    this.options = options;
    this.servers = servers;
  }

  List<Stats.PolicyLoad> run() throws Exception {
    warmUp(options, servers);
    int n = options.policy().loadSessions();
    List<Stats.PolicyLoad> results = new ArrayList<>();
    Duration warmup = options.warmup();
    Duration window = options.duration();
    results.add(floor(n));
    results.add(point(Policy.SHARED, n, SESSION_WARMUP_CALLS, warmup, window));
    results.add(statelessPoint(n, warmup, window));
    results.add(point(Policy.SHARED_2, n, SESSION_WARMUP_CALLS, warmup, window));
    results.add(point(Policy.CALL_WARM, options.policy().callSessions(), 1, max(warmup, CALL_MIN_WARMUP),
        max(window, CALL_MIN_WINDOW)));
    return results;
  }

  /**
   * Once per run: unrecorded load on the policy gateway's {@code shared} server (8 sessions for
   * {@code --server-warmup}), so the gateway's and the shared child's JIT have compiled the hot paths before any
   * policy phase records anything. The floor gets phase 1's warm-up if it has not had it.
   */
  static void warmUp(BenchOptions options, Servers servers) throws Exception {
    Duration d = options.serverWarmup();
    if (d.isZero() || !servers.firstWarmup("policy-gateway")) {
      return;
    }
    int port = servers.policyGateway().port();
    Bench.progress("policy: warming the policy gateway up for %.0f s", d.toMillis() / 1e3);
    run("warm-up", d, WARMUP_SESSIONS, () -> HttpEchoSession.open(port, Policy.SHARED.path(),
        ThroughputPhase.IO_TIMEOUT));
  }

  private Stats.PolicyLoad floor(int n) throws Exception {
    int port = servers.floor().port();
    Callable<EchoSession> one = () -> HttpEchoSession.floor(port, Servers.FLOOR_PATH, ThroughputPhase.IO_TIMEOUT);
    if (!options.serverWarmup().isZero() && servers.firstWarmup("floor")) {
      Bench.progress("policy: warming the floor JVM up for %.0f s", options.serverWarmup().toMillis() / 1e3);
      run("floor warm-up", options.serverWarmup(), WARMUP_SESSIONS, one);
    }
    long pid = servers.floor().pid();
    Stats.LoadResult r = measure("floor", n, one, SESSION_WARMUP_CALLS, options.warmup(), options.duration(),
        new CpuMeter().add("server", () -> CpuMeter.of(pid)).add("client", CpuMeter::self));
    return new Stats.PolicyLoad("HTTP floor", r, -1);
  }

  private Stats.PolicyLoad point(Policy policy, int n, int warmupCalls, Duration warmup, Duration window)
      throws Exception {
    ChildJvm gw = servers.policyGateway();
    GatewayProbe probe = new GatewayProbe(gw);
    long pid = gw.pid();
    CpuMeter meter = new CpuMeter().add("server", () -> CpuMeter.of(pid))
        .addNanos("children", () -> CpuMeter.childrenEverOf(pid)).add("client", CpuMeter::self);
    int[] children = {-1};
    Stats.LoadResult r = measure(policy.server, n,
        () -> HttpEchoSession.open(gw.port(), policy.path(), ThroughputPhase.IO_TIMEOUT), warmupCalls, warmup, window,
        meter, () -> children[0] = GatewayProbe.connections(probe.health(), policy.server));
    GatewayProbe.Rest rest = probe.awaitRest(policy, policy == Policy.SHARED_2 ? children[0] : policy.resting(),
        options.policy().refillTimeout());
    if (!rest.settled()) {
      Bench.progress("warning: %s children not at rest %.0f s after the point", policy.server, rest.nanos() / 1e9);
    }
    return new Stats.PolicyLoad(policy.label, r, children[0]);
  }

  /** 2026-07-28 clients on the same shared child: no sessions, each call with its own {@code _meta}. */
  private Stats.PolicyLoad statelessPoint(int n, Duration warmup, Duration window) throws Exception {
    ChildJvm gw = servers.policyGateway();
    long pid = gw.pid();
    CpuMeter meter = new CpuMeter().add("server", () -> CpuMeter.of(pid))
        .addNanos("children", () -> CpuMeter.childrenEverOf(pid)).add("client", CpuMeter::self);
    Stats.LoadResult r = measure(Policy.SHARED.server + "-stateless", n, () -> new StatelessEchoSession(gw.port(),
        Policy.SHARED.path(), ThroughputPhase.IO_TIMEOUT), SESSION_WARMUP_CALLS, warmup, window, meter);
    return new Stats.PolicyLoad(Policy.SHARED.label + ", 2026-07-28 clients (no sessions)", r, 1);
  }

  private Stats.LoadResult measure(String name, int n, Callable<EchoSession> one, int warmupCalls, Duration warmup,
      Duration window, CpuMeter meter) throws Exception {
    return measure(name, n, one, warmupCalls, warmup, window, meter, () -> 0);
  }

  /** Opens {@code n} sessions, drives them, runs {@code beforeClose} while they are still open, closes them. */
  private Stats.LoadResult measure(String name, int n, Callable<EchoSession> one, int warmupCalls, Duration warmup,
      Duration window, CpuMeter meter, Callable<?> beforeClose) throws Exception {
    Bench.progress("policy-load: %s with %d session(s): opening", name, n);
    List<EchoSession> sessions;
    try {
      sessions = ThroughputPhase.openAll(n, one, warmupCalls);
    } catch (Exception e) {
      return new Stats.LoadResult(name, n, 0, n, 0, Stats.Percentiles.EMPTY, Map.of(), "opening: " + e);
    }
    try {
      Stats.LoadResult r = LoadGenerator.run(name, sessions, warmup, window, options.maxCalls(), meter,
          options.rate());
      beforeClose.call();
      Bench.progress("policy-load: %s with %d session(s): %.0f calls/s, p50 %.3f ms, p99 %.3f ms%s", name, n,
          r.callsPerSecond(), r.latency().p50(), r.latency().p99(), r.failure() == null ? "" : " FAILURE "
              + r.failure());
      return r;
    } finally {
      ThroughputPhase.closeAll(sessions);
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static void run(String what, Duration d, int sessions, Callable<EchoSession> one) throws Exception {
    List<EchoSession> opened = ThroughputPhase.openAll(sessions, one, 0);
    try {
      Stats.LoadResult r = LoadGenerator.run(what, opened, d, Duration.ZERO, 1, new CpuMeter());
      if (r.failure() != null) {
        Bench.progress("warning: %s failed: %s", what, r.failure());
      }
    } finally {
      ThroughputPhase.closeAll(opened);
    }
  }
}
