package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A new session per policy, one at a time: on a fresh keep-alive connection to the policy gateway, the clock runs
 * from before the {@code initialize} POST through {@code notifications/initialized} to the first {@code tools/call
 * echo} answer; then DELETE. Policies take turns (session, session + warm pool, shared, call + warm pool), the first
 * {@value #WARMUP} rounds unrecorded. After every session the bench waits, up to {@code --refill-timeout}, until that
 * policy's children are back at rest ({@link GatewayProbe#awaitRest}: the warm pool holds its {@code warm} children
 * again, all of them done starting, and nothing under the gateway uses CPU), so every session meets a full, settled
 * pool and no session pays for the previous one's refill. For context, each round also times the same three
 * messages directly over the pipes of a fixture child the bench started itself and let go idle first: what a warm
 * {@code session} child costs with no gateway in front and nothing else starting.
 */
final class PolicyStartPhase {
  static final int WARMUP = 2;
  static final String DIRECT = "direct (context): a pre-started idle child over its pipes, no gateway";
  static final List<Policy> POLICIES = List.of(Policy.SESSION, Policy.SESSION_WARM, Policy.SHARED,
      Policy.CALL_WARM);

  private final BenchOptions options;
  private final Servers servers;

  PolicyStartPhase(BenchOptions options, Servers servers) {
    this.options = options;
    this.servers = servers;
  }

  List<Stats.PolicyStartResult> run() throws Exception {
    PolicyLoadPhase.warmUp(options, servers);
    ChildJvm gw = servers.policyGateway();
    GatewayProbe probe = new GatewayProbe(gw);
    int n = options.policy().startSessions();
    Map<Policy, Recorder> recorders = new LinkedHashMap<>();
    POLICIES.forEach(p -> recorders.put(p, new Recorder(n)));
    Recorder direct = new Recorder(n);
    List<String> command = servers.fixtureCommand();
    for (Policy p : POLICIES) { // pools filled and settled before the first session, as between sessions
      probe.awaitRest(p, p == Policy.SHARED ? probe.children(p).size() : p.resting(),
          options.policy().refillTimeout());
    }
    for (int i = -WARMUP; i < n; i++) {
      boolean record = i >= 0;
      for (Policy p : POLICIES) {
        Recorder r = Objects.requireNonNull(recorders.get(p), "a recorder was made for every policy");
        try {
          r.add(record, session(gw.port(), p));
        } catch (Exception e) {
          r.fail(record, e);
        }
        r.rest(record, probe.awaitRest(p, p.resting(), options.policy().refillTimeout()));
      }
      try {
        direct.add(record, direct(command, direct, record));
      } catch (Exception e) {
        direct.fail(record, e);
      }
      if (record && (i + 1) % 5 == 0) {
        Bench.progress("policy-start: %d/%d", i + 1, n);
      }
    }
    List<Stats.PolicyStartResult> out = new ArrayList<>();
    recorders.forEach((p, r) -> out.add(r.result(p.label)));
    out.add(direct.result(DIRECT));
    out.forEach(s -> Bench.progress("policy-start: %s: median %.2f ms, p90 %.2f ms (rest wait median %.0f ms, %d "
        + "timeouts, %d failures)", s.policy(), s.total().p50(), s.total().p90(), s.rest().p50(), s.restTimeouts(),
        s.failures()));
    return out;
  }

  /** {total, initialize} nanoseconds. */
  private static long[] session(int port, Policy p) throws Exception {
    try (RawHttpConnection c = new RawHttpConnection(port, ThroughputPhase.IO_TIMEOUT)) {
      long t0 = System.nanoTime();
      HttpEchoSession.Handshake h = HttpEchoSession.handshake(c, p.path());
      HttpEchoSession.echo(c, c.preparePost(p.path(), h.sessionId()), 1, true);
      long total = System.nanoTime() - t0;
      c.delete(p.path(), h.sessionId());
      return new long[] {total, h.initializedNanos()};
    }
  }

  /**
   * {total, initialize} nanoseconds of a warm child without the gateway: spawn, wait until it is idle (recorded as
   * its rest wait), then initialize, initialized and one echo over the pipes.
   */
  private long[] direct(List<String> command, Recorder recorder, boolean record) throws Exception {
    StdioChild child = StdioChild.spawn(command);
    try {
      recorder.rest(record, GatewayProbe.awaitQuiet(() -> ProcessHandle.of(child.childPid()).stream().toList(),
          () -> true, options.policy().refillTimeout()));
      long t0 = System.nanoTime();
      long initialized = child.handshake() - t0;
      child.echo(1);
      return new long[] {System.nanoTime() - t0, initialized};
    } finally {
      child.close();
    }
  }

  private static final class Recorder {
    private final long[] total;
    private final long[] init;
    private final long[] rest;
    private int count;
    private int rests;
    private int restTimeouts;
    private int failures;
    private @Nullable String failure;

    Recorder(int n) {
      total = new long[n];
      init = new long[n];
      rest = new long[n];
    }

    void add(boolean record, long[] t) {
      if (record) {
        total[count] = t[0];
        init[count++] = t[1];
      }
    }

    void rest(boolean record, GatewayProbe.Rest r) {
      if (record) {
        rest[rests++] = r.nanos();
        restTimeouts += r.settled() ? 0 : 1;
      }
    }

    void fail(boolean record, Exception e) {
      if (record) {
        failures++;
      }
      if (failure == null) {
        failure = e.toString();
      }
    }

    Stats.PolicyStartResult result(String policy) {
      return new Stats.PolicyStartResult(policy, Stats.percentiles(total, count), Stats.percentiles(init, count),
          Stats.percentiles(rest, rests), restTimeouts, failures, failure);
    }
  }
}
