package dev.switchboard.bench;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Phase 2: a brand-new session each time, one at a time, from {@code initialize} to the first tool result. Through the
 * gateway: on a fresh keep-alive connection, POST initialize (the gateway spawns the child and relays the handshake),
 * notifications/initialized, then tools/call echo; the clock starts just before the initialize POST. Direct: the
 * clock starts before the spawn, then the same three messages over the pipes. Gateway and direct alternate; the
 * first {@value #WARMUP} of each are not recorded, and each session's child has exited before the next begins.
 */
final class ColdStartPhase {
  static final int WARMUP = 2;

  private final BenchOptions options;
  private final Servers servers;

  ColdStartPhase(BenchOptions options, Servers servers) {
    this.options = options;
    this.servers = servers;
  }

  List<Stats.ColdResult> run() throws Exception {
    int n = options.coldSessions();
    Recorder gateway = new Recorder(n);
    Recorder direct = new Recorder(n);
    ChildJvm gw = servers.gateway();
    List<String> command = servers.fixtureCommand();
    for (int i = -WARMUP; i < n; i++) {
      boolean record = i >= 0;
      try {
        long[] t = throughGateway(gw);
        gateway.add(record, t);
      } catch (Exception e) {
        gateway.fail(record, e);
      }
      if (!gw.awaitNoChildren(30_000)) {
        Bench.progress("warning: the gateway's child outlived its session by 30 s");
      }
      try {
        direct.add(record, direct(command));
      } catch (Exception e) {
        direct.fail(record, e);
      }
      if (record && (i + 1) % 5 == 0) {
        Bench.progress("coldstart: %d/%d", i + 1, n);
      }
    }
    return List.of(gateway.result("gateway"), direct.result("direct"));
  }

  /** {total, initialize} nanoseconds. */
  private static long[] throughGateway(ChildJvm gw) throws Exception {
    try (RawHttpConnection c = new RawHttpConnection(gw.port(), ThroughputPhase.IO_TIMEOUT)) {
      long t0 = System.nanoTime();
      HttpEchoSession.Handshake h = HttpEchoSession.handshake(c, Servers.GATEWAY_PATH);
      HttpEchoSession.echo(c, c.preparePost(Servers.GATEWAY_PATH, h.sessionId()), 1, true);
      long total = System.nanoTime() - t0;
      c.delete(Servers.GATEWAY_PATH, h.sessionId());
      return new long[] {total, h.initializedNanos()};
    }
  }

  private static long[] direct(List<String> command) throws Exception {
    long t0 = System.nanoTime();
    StdioChild child = StdioChild.spawn(command);
    try {
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
    private int count;
    private int failures;
    private @Nullable String failure;

    Recorder(int n) {
      total = new long[n];
      init = new long[n];
    }

    void add(boolean record, long[] t) {
      if (record) {
        total[count] = t[0];
        init[count++] = t[1];
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

    Stats.ColdResult result(String target) {
      return new Stats.ColdResult(target, Stats.percentiles(total, count), Stats.percentiles(init, count), failures,
          failure);
    }
  }
}
