package dev.switchboard.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Session churn on one shared child ({@code shared}, {@code pool.max: 1}): {@code --churn-workers} platform threads,
 * each on its own keep-alive connection, loop {@code initialize}, {@code notifications/initialized}, one
 * {@code tools/call echo}, {@code DELETE} (each answer checked) for the warm-up, then for the measured window; loops
 * that start and end inside the window count. Afterwards {@code /health} must show no more sessions than before.
 */
final class ChurnPhase {
  private static final long JOIN_GRACE_MILLIS = 60_000;

  private final BenchOptions options;
  private final Servers servers;

  ChurnPhase(BenchOptions options, Servers servers) {
    this.options = options;
    this.servers = servers;
  }

  Stats.ChurnResult run() throws Exception {
    PolicyLoadPhase.warmUp(options, servers);
    ChildJvm gw = servers.policyGateway();
    GatewayProbe probe = new GatewayProbe(gw);
    int before = probe.health().path("activeSessions").asInt();
    int workers = options.policy().churnWorkers();
    long start = System.nanoTime() + 100_000_000L;
    long from = start + options.warmup().toNanos();
    long to = from + options.duration().toNanos();
    AtomicLong errors = new AtomicLong();
    AtomicReference<@Nullable String> failure = new AtomicReference<>();
    List<Stats.Samples> samples = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    Bench.progress("churn: %d workers on %s for %.0f + %.0f s", workers, Policy.SHARED.server,
        options.warmup().toMillis() / 1e3, options.duration().toMillis() / 1e3);
    for (int w = 0; w < workers; w++) {
      Stats.Samples mine = new Stats.Samples(4096);
      samples.add(mine);
      threads.add(Thread.ofPlatform().name("churn-" + w).daemon().start(() -> {
        try (RawHttpConnection c = new RawHttpConnection(gw.port(), ThroughputPhase.IO_TIMEOUT)) {
          LockSupport.parkNanos(start - System.nanoTime());
          for (long s; (s = System.nanoTime()) < to;) {
            loop(c, Policy.SHARED.path());
            long e = System.nanoTime();
            if (s >= from && e <= to) {
              mine.add(e - s);
            }
          }
        } catch (IOException | RuntimeException e) {
          errors.incrementAndGet();
          failure.compareAndSet(null, e.toString());
        }
      }));
    }
    for (Thread t : threads) {
      t.join(JOIN_GRACE_MILLIS + (to - System.nanoTime()) / 1_000_000);
      if (t.isAlive()) {
        failure.compareAndSet(null, t.getName() + " still blocked after the end");
      }
    }
    Thread.sleep(500); // DELETE answers before the session's last bookkeeping may finish
    int left = probe.health().path("activeSessions").asInt() - before;
    long[] all = Stats.Samples.merge(samples);
    Stats.ChurnResult r = new Stats.ChurnResult(Policy.SHARED.label, workers, all.length, errors.get(),
        (to - from) / 1e9, Stats.percentiles(all, all.length), left, failure.get());
    Bench.progress("churn: %.0f sessions/s, loop p50 %.2f ms, p99 %.2f ms, %d left open%s", r.perSecond(),
        r.loop().p50(), r.loop().p99(), left, r.failure() == null ? "" : " FAILURE " + r.failure());
    return r;
  }

  /** One session's life: initialize, initialized, one echo, DELETE. */
  private static void loop(RawHttpConnection c, String path) throws IOException {
    HttpEchoSession.Handshake h = HttpEchoSession.handshake(c, path);
    HttpEchoSession.echo(c, c.preparePost(path, h.sessionId()), 1, true);
    RawHttpConnection.Reply r = c.delete(path, h.sessionId());
    if (r.status() / 100 != 2) {
      throw new IOException("DELETE answered HTTP " + r.status() + ": " + r.text());
    }
  }
}
