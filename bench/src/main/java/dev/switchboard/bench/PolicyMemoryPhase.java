package dev.switchboard.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Memory per policy: for each policy in turn, with its children at rest, read the gateway's used heap after GC
 * ({@link RemoteHeap}) and its children's RSS; open {@code --memory-sessions} sessions over
 * {@value #CONNECTIONS} keep-alive connections (initialize, initialized, one echo each) and keep them open; once the
 * children are at rest again read {@code /health}, the heap after GC, the children's and the gateway's RSS; then
 * DELETE them all and wait for rest before the next policy.
 */
final class PolicyMemoryPhase {
  private static final int CONNECTIONS = 4;
  private static final Duration REST_TIMEOUT = Duration.ofSeconds(60);

  private final BenchOptions options;
  private final Servers servers;

  PolicyMemoryPhase(BenchOptions options, Servers servers) {
    this.options = options;
    this.servers = servers;
  }

  List<Stats.MemoryResult> run() throws Exception {
    ChildJvm gw = servers.policyGateway();
    GatewayProbe probe = new GatewayProbe(gw);
    List<Stats.MemoryResult> out = new ArrayList<>();
    RemoteHeap heap = null;
    @Nullable String heapFailure = null;
    try {
      heap = RemoteHeap.attach(gw.pid());
    } catch (Exception | LinkageError e) {
      heapFailure = "gateway heap not read (attach failed: " + e + ")";
      Bench.progress("warning: %s", heapFailure);
    }
    try {
      for (Policy p : PolicyStartPhase.POLICIES) {
        out.add(measure(gw, probe, heap, p, heapFailure));
      }
    } finally {
      if (heap != null) {
        heap.close();
      }
    }
    return out;
  }

  private Stats.MemoryResult measure(ChildJvm gw, GatewayProbe probe, @Nullable RemoteHeap heap, Policy p,
      @Nullable String heapFailure) throws Exception {
    int n = options.policy().memorySessions();
    Duration timeout = max(REST_TIMEOUT, options.policy().refillTimeout());
    probe.awaitRest(p, p == Policy.SHARED ? probe.children(p).size() : p.resting(), timeout);
    long heapBefore = heap == null ? -1 : heap.usedAfterGc();
    long rssBefore = GatewayProbe.rssBytes(probe.children(p));
    Bench.progress("policy-memory: %s: opening %d sessions", p.server, n);
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    @Nullable String failure = heapFailure;
    try {
      inParallel(n, c -> {
        HttpEchoSession.Handshake h = HttpEchoSession.handshake(c, p.path());
        ids.add(h.sessionId());
        HttpEchoSession.echo(c, c.preparePost(p.path(), h.sessionId()), 1, true);
      }, gw.port());
      int expected = switch (p) {
        case SESSION -> n;
        case SESSION_WARM -> n + p.warm;
        default -> p.resting();
      };
      GatewayProbe.Rest rest = probe.awaitRest(p, expected, timeout);
      if (!rest.settled()) {
        failure = join(failure, "children not at rest after " + timeout.toSeconds() + " s (" + probe.children(p)
            .size() + " of " + expected + " expected)");
      }
      JsonNode health = probe.health();
      long heapAfter = heap == null ? -1 : heap.usedAfterGc();
      List<ProcessHandle> children = probe.children(p);
      Stats.MemoryResult r = new Stats.MemoryResult(p.label, ids.size(), health.path("children").asInt(-1),
          GatewayProbe.connections(health, p.server), children.size(), rssBefore, GatewayProbe.rssBytes(children),
          heapBefore, heapAfter, GatewayProbe.rssBytes(gw.pid()), failure);
      Bench.progress("policy-memory: %s: %d sessions, %d children, children RSS %.1f MiB, gateway heap %+.1f MiB",
          p.server, r.sessions(), r.processes(), r.rssAfter() / 1048576.0, (heapAfter - heapBefore) / 1048576.0);
      return r;
    } catch (Exception e) {
      return new Stats.MemoryResult(p.label, ids.size(), -1, -1, -1, rssBefore, 0, heapBefore, -1, 0,
          join(failure, e.toString()));
    } finally {
      List<String> all = new ArrayList<>(ids);
      int[] next = {0};
      try {
        inParallel(all.size(), c -> {
          String id;
          synchronized (next) {
            id = all.get(next[0]++);
          }
          c.delete(p.path(), id);
        }, gw.port());
      } catch (Exception e) {
        Bench.progress("warning: deleting the %s sessions failed: %s", p.server, e);
      }
      probe.awaitRest(p, p == Policy.SHARED ? 1 : p.resting(), timeout);
    }
  }

  private interface Step {
    void run(RawHttpConnection c) throws IOException;
  }

  /** Runs {@code step} {@code count} times over {@value #CONNECTIONS} connections; throws the first failure. */
  private static void inParallel(int count, Step step, int port) throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < CONNECTIONS; t++) {
      int share = count / CONNECTIONS + (t < count % CONNECTIONS ? 1 : 0);
      threads.add(Thread.ofPlatform().name("memory-" + t).start(() -> {
        try (RawHttpConnection c = new RawHttpConnection(port, ThroughputPhase.IO_TIMEOUT)) {
          for (int i = 0; i < share; i++) {
            step.run(c);
          }
        } catch (Exception e) {
          failures.add(e);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }

  private static String join(@Nullable String a, String b) {
    return a == null ? b : a + "; " + b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
