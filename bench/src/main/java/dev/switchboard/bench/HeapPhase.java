package dev.switchboard.bench;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.daemon.Daemon;
import dev.switchboard.protocol.Json;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Phase 3: the gateway's heap per idle session, measured in-process (the heap is this JVM's). A gateway with no
 * {@code mcpServers} serves only its built-in {@code switchboard} server, so a session needs no child. Sessions are
 * opened over a few keep-alive connections (initialize + notifications/initialized each), the connections are
 * closed, and used heap after repeated full GCs is compared with the same gateway before, warmed up by opening and
 * deleting sessions. The bench keeps no reference to the sessions it opened. A second measurement adds sessions that
 * each made some pings before going idle: a session keeps its recent request streams, so a used session may cost
 * more than a fresh one.
 */
final class HeapPhase {
  private static final int CONNECTIONS = 4;
  private static final int WARMUP_SESSIONS = 200;
  private static final String PATH = "/mcp/switchboard";

  private final BenchOptions options;

  HeapPhase(BenchOptions options) {
    this.options = options;
  }

  /** Idle sessions first, then (when asked) sessions that made some requests before going idle. */
  List<Stats.HeapResult> run() throws Exception {
    ObjectNode root = Json.object();
    root.putObject("mcpServers");
    ObjectNode gw = root.putObject("gateway").put("host", "127.0.0.1").put("port", 0);
    gw.putObject("sessions").put("max", 1_000_000).put("idleTimeout", "30m");
    gw.putObject("auth").put("maxSessionsPerKey", 1_000_000); // no keys: every session is "anonymous"
    Daemon daemon = new Daemon(ConfigLoader.parse(Json.bytes(root), null)).start();
    try {
      open(daemon.port(), WARMUP_SESSIONS, 0, true);
      Thread.sleep(500);
      List<Stats.HeapResult> results = new ArrayList<>();
      long before = usedHeapAfterGc();
      Bench.progress("heap: %.1f MiB used before; opening %d idle sessions", before / 1048576.0,
          options.idleSessions());
      open(daemon.port(), options.idleSessions(), 0, false);
      Thread.sleep(500); // let Jetty finish with the closed connections
      long after = usedHeapAfterGc();
      int live = daemon.gateway().sessionRegistry().size();
      Bench.progress("heap: %.1f MiB used after, %d live sessions", after / 1048576.0, live);
      results.add(new Stats.HeapResult("idle after initialize", options.idleSessions(), 0, live, before, after));
      if (options.usedSessions() > 0) {
        open(daemon.port(), options.usedSessions(), options.usedCalls(), false);
        Thread.sleep(500);
        long used = usedHeapAfterGc();
        int nowLive = daemon.gateway().sessionRegistry().size();
        Bench.progress("heap: %.1f MiB used after %d more sessions of %d pings each", used / 1048576.0,
            options.usedSessions(), options.usedCalls());
        results.add(new Stats.HeapResult("idle after " + options.usedCalls() + " pings", options.usedSessions(),
            options.usedCalls(), nowLive - live, after, used));
      }
      return results;
    } finally {
      daemon.close();
    }
  }

  /**
   * Opens {@code count} sessions over {@link #CONNECTIONS} connections, each making {@code pings} pings; deletes
   * each at once when asked.
   */
  private static void open(int port, int count, int pings, boolean delete) throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < CONNECTIONS; t++) {
      int share = count / CONNECTIONS + (t < count % CONNECTIONS ? 1 : 0);
      threads.add(Thread.ofPlatform().name("heap-open-" + t).start(() -> {
        try (RawHttpConnection c = new RawHttpConnection(port, ThroughputPhase.IO_TIMEOUT)) {
          for (int i = 0; i < share; i++) {
            HttpEchoSession.Handshake h = HttpEchoSession.handshake(c, PATH);
            byte[] prepared = pings > 0 ? c.preparePost(PATH, h.sessionId()) : new byte[0];
            for (int p = 1; p <= pings; p++) {
              RawHttpConnection.Reply r = c.post(prepared, Wire.ping(p));
              if (r.status() != 200) {
                throw new java.io.IOException("ping answered HTTP " + r.status() + ": " + r.text());
              }
              Wire.expectResult(r.body(), r.body().length, p, "ping");
            }
            if (delete) {
              c.delete(PATH, h.sessionId());
            }
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

  /** Used heap after full GCs: the least of several readings, each after {@code System.gc()} and a pause. */
  static long usedHeapAfterGc() throws InterruptedException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 6; i++) {
      System.gc();
      Thread.sleep(150);
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }
}
