package dev.switchboard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Phase 1: at each concurrency level, for each target, open that many sessions (fresh ones: for the gateway and the
 * direct driver that is one new stdio child each), drive them with the {@link LoadGenerator}, and close them. Targets
 * alternate within a level so a slow drift of the machine's load touches them alike.
 */
final class ThroughputPhase {
  /** Sessions opened (and children spawned) at once; more only makes JVM start-ups fight for 2 cores. */
  static final int OPEN_PARALLELISM = 4;
  static final Duration IO_TIMEOUT = Duration.ofSeconds(60);

  /** Sessions used to warm a server JVM up before its first point. */
  private static final int SERVER_WARMUP_SESSIONS = 8;

  private final BenchOptions options;
  private final Servers servers;

  ThroughputPhase(BenchOptions options, Servers servers) {
    this.options = options;
    this.servers = servers;
  }

  List<Stats.LoadResult> run() throws Exception {
    List<Stats.LoadResult> results = new ArrayList<>();
    for (int n : options.sessions()) {
      for (String target : options.targets()) {
        warmUpServer(target);
        Bench.progress("throughput: %s with %d session(s): opening", target, n);
        Stats.LoadResult r = point(target, n);
        Bench.progress("throughput: %s with %d session(s): %.0f calls/s, p50 %.3f ms, p99 %.3f ms%s", target, n,
            r.callsPerSecond(), r.latency().p50(), r.latency().p99(),
            r.failure() == null ? "" : " FAILURE " + r.failure());
        results.add(r);
      }
    }
    return results;
  }

  /** Once per server JVM (gateway, floor): unrecorded load, so the first point does not measure the JIT at work. */
  private void warmUpServer(String target) throws Exception {
    if (target.equals("direct") || options.serverWarmup().isZero() || !servers.firstWarmup(target)) {
      return;
    }
    Bench.progress("throughput: warming the %s JVM up for %.0f s", target, options.serverWarmup().toMillis() / 1e3);
    List<EchoSession> sessions = open(target, SERVER_WARMUP_SESSIONS);
    try {
      Stats.LoadResult r = LoadGenerator.run(target, sessions, options.serverWarmup(), Duration.ZERO, 1,
          new CpuMeter());
      if (r.failure() != null) {
        Bench.progress("warning: warming the %s up failed: %s", target, r.failure());
      }
    } finally {
      closeAll(sessions);
      if (target.equals("gateway")) {
        servers.gateway().awaitNoChildren(30_000);
      }
    }
  }

  private Stats.LoadResult point(String target, int n) throws Exception {
    List<EchoSession> sessions;
    try {
      sessions = open(target, n);
    } catch (Exception e) {
      return new Stats.LoadResult(target, n, 0, n, 0, Stats.Percentiles.EMPTY, Map.of(), "opening: " + e);
    }
    try {
      return LoadGenerator.run(target, sessions, options.warmup(), options.duration(), options.maxCalls(),
          meter(target, sessions), options.rate());
    } finally {
      closeAll(sessions);
      if (target.equals("gateway") && !servers.gateway().awaitNoChildren(30_000)) {
        Bench.progress("warning: gateway children still alive 30 s after the sessions were deleted");
      }
    }
  }

  private CpuMeter meter(String target, List<EchoSession> sessions) throws Exception {
    CpuMeter meter = new CpuMeter();
    switch (target) {
      case "gateway" -> {
        long pid = servers.gateway().pid();
        meter.add("server", () -> CpuMeter.of(pid)).add("children", () -> CpuMeter.childrenOf(pid));
      }
      case "floor" -> {
        long pid = servers.floor().pid();
        meter.add("server", () -> CpuMeter.of(pid));
      }
      default -> {
        List<Long> pids = sessions.stream().map(EchoSession::childPid).toList();
        meter.add("children", () -> pids.stream().flatMap(p -> ProcessHandle.of(p).stream()).toList());
      }
    }
    return meter.add("client", CpuMeter::self);
  }

  private List<EchoSession> open(String target, int n) throws Exception {
    Callable<EchoSession> one = switch (target) {
      case "gateway" -> {
        int port = servers.gateway().port();
        yield () -> HttpEchoSession.open(port, Servers.GATEWAY_PATH, IO_TIMEOUT);
      }
      case "floor" -> {
        int port = servers.floor().port();
        yield () -> HttpEchoSession.floor(port, Servers.FLOOR_PATH, IO_TIMEOUT);
      }
      default -> {
        List<String> command = servers.fixtureCommand();
        yield () -> {
          StdioChild child = StdioChild.spawn(command);
          try {
            child.handshake();
            return child;
          } catch (Exception e) {
            child.close();
            throw e;
          }
        };
      }
    };
    return openAll(n, one, options.sessionWarmupCalls());
  }

  /**
   * Opens {@code n} sessions with {@code one}, {@value #OPEN_PARALLELISM} at a time, each making {@code warmupCalls}
   * calls alone once open; on any failure closes those opened and throws the first failure.
   */
  static List<EchoSession> openAll(int n, Callable<EchoSession> one, int warmupCalls) throws Exception {
    Callable<EchoSession> warmed = () -> {
      EchoSession s = one.call();
      try {
        for (int i = 1; i <= warmupCalls; i++) {
          s.echo(i);
        }
        return s;
      } catch (Exception e) {
        s.close();
        throw e;
      }
    };
    ExecutorService pool = Executors.newFixedThreadPool(OPEN_PARALLELISM);
    List<Future<EchoSession>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(warmed));
      }
      List<EchoSession> opened = new ArrayList<>();
      Exception failure = null;
      for (Future<EchoSession> f : futures) {
        try {
          opened.add(f.get(5, TimeUnit.MINUTES));
        } catch (Exception e) {
          failure = failure == null ? e : failure;
        }
      }
      if (failure != null) {
        closeAll(opened);
        throw failure;
      }
      return opened;
    } finally {
      pool.shutdownNow();
    }
  }

  static void closeAll(List<? extends EchoSession> sessions) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(OPEN_PARALLELISM * 2);
    sessions.forEach(s -> pool.execute(s::close));
    pool.shutdown();
    pool.awaitTermination(2, TimeUnit.MINUTES);
  }
}
