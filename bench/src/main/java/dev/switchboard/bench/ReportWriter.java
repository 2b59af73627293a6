package dev.switchboard.bench;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Renders the results as Markdown for {@code docs/BENCHMARKS.md}: the machine, its load average at the start and the
 * end, and the command, the targets with met / not met, one table per phase (the sharing-policy ones through
 * {@link PolicyReport}), and notes on method. Stateless.
 */
final class ReportWriter {
  static final double THROUGHPUT_SHARE_GOAL = 0.50;
  static final double ADDED_P50_GOAL_MS = 0.3;
  static final double HEAP_GOAL_BYTES = 100_000;

  private ReportWriter() {}

  record Report(BenchOptions options, Machine machine, List<String> provisionalReasons,
      List<Stats.LoadResult> load, List<Stats.ColdResult> cold, List<Stats.HeapResult> heap,
      Stats.PolicyResults policy, String loadAverageAtEnd) {}

  /** Why these numbers are provisional (empty when they are not): a busy machine, a short run, failures. */
  static List<String> provisionalReasons(BenchOptions o, Machine m, double busyThreshold,
      List<Stats.LoadResult> load, List<Stats.ColdResult> cold, Stats.PolicyResults policy) {
    List<String> why = new java.util.ArrayList<>();
    if (o.provisional()) {
      why.add("marked provisional by --provisional");
    }
    if (m.busyAtStart() > busyThreshold) {
      why.add("the machine was loaded: " + pct(m.busyAtStart()) + " of all CPUs busy in the second before the run, "
          + "load average `" + m.loadAverage() + "`");
    }
    int nproc = Runtime.getRuntime().availableProcessors();
    double most = java.util.stream.Stream.concat(load.stream(), policy.load().stream().map(Stats.PolicyLoad::load))
        .mapToDouble(l -> otherShare(l, nproc)).filter(d -> !Double.isNaN(d)).max()
        .orElse(0);
    if (most > 0.10) {
      why.add("other processes used up to " + pct(most) + " of all CPUs during a measurement window (column "
          + "*other CPU*)");
    }
    if (shortRun(o)) {
      why.add("shortened durations (server warm-up " + seconds(o.serverWarmup()) + " s, warm-up "
          + seconds(o.warmup()) + " s, measured " + seconds(o.duration()) + " s per point)");
    }
    if (load.stream().anyMatch(l -> l.errors() > 0 || l.failure() != null)
        || cold.stream().anyMatch(c -> c.failures() > 0) || policy.failed()) {
      why.add("some calls or sessions failed (see below)");
    }
    return why;
  }

  static String render(Report r) {
    StringBuilder md = new StringBuilder();
    BenchOptions o = r.options();
    Machine m = r.machine();
    md.append("# Switchboard benchmarks\n\n");
    if (!r.provisionalReasons().isEmpty()) {
      md.append("> **Provisional numbers:** ").append(String.join("; ", r.provisionalReasons()))
          .append(". Re-run `bench/run.sh` with the default durations on an otherwise idle machine before quoting "
              + "them.\n\n");
    }
    md.append("- **Date:** ").append(m.date()).append('\n');
    md.append("- **Command:** `").append(o.invokedAs().isBlank() ? "bench/run.sh" : o.invokedAs()).append("`\n");
    md.append("- **Source tree:** ").append(o.tree().isBlank() ? Machine.gitTree() : o.tree()).append('\n');
    md.append("- **Machine:** `nproc` = ").append(m.nproc()).append(", CPU model: ").append(m.cpuModel())
        .append(", ").append(m.kernel()).append('\n');
    md.append("- **Load average (`/proc/loadavg`):** at the start `").append(m.loadAverage())
        .append("`, at the end `").append(r.loadAverageAtEnd()).append("` (the end includes the bench's own load)\n");
    md.append("- **JDK (bench, gateway, floor and fixture children):** ").append(m.jdk()).append('\n');
    md.append("- **Settings:** server JVM warm-up ").append(seconds(o.serverWarmup()))
        .append(" s once (8 sessions), ").append(o.sessionWarmupCalls())
        .append(" calls by each new session alone, then per point warm-up ").append(seconds(o.warmup())).append(
            " s, measured ")
        .append(seconds(o.duration())).append(" s per point (at most ").append(o.maxCalls())
        .append(" calls")
        .append(o.rate() > 0 ? String.format(Locale.ROOT, ", paced at %.0f calls/s in all", o.rate()) : "")
        .append("), sessions ").append(o.sessions()).append(", ").append(o.coldSessions())
        .append(" cold sessions per target, ").append(o.idleSessions()).append(" idle sessions; policies: ")
        .append(o.policy().startSessions()).append(" new sessions each, ").append(o.policy().loadSessions())
        .append(" sessions on the shared child (").append(o.policy().callSessions()).append(" for `call`), ")
        .append(o.policy().churnWorkers()).append(" churn workers, ").append(o.policy().memorySessions())
        .append(" sessions for memory\n");
    md.append("- **Server JVM options (gateway, floor):** `").append(String.join(" ", o.serverJvmOpts()))
        .append(o.child().equals("python") ? "`; **child:** `bench/children/echo_server.py` (Python)\n"
            : "`; **fixture child JVM options:** `" + String.join(" ", o.childJvmOpts()) + "`\n");
    md.append("- **Memory (`free -h`) at the start:**\n\n```\n").append(m.free()).append("\n```\n\n");

    md.append("## Targets\n\n| goal | measured | met? |\n|---|---|---|\n");
    md.append(throughputGoal(r.load(), o.rate())).append(latencyGoal(r.load()))
        .append(heapGoal(r.heap().isEmpty() ? null : r.heap().get(0)))
        .append(PolicyReport.targets(r.policy(), o.policy(), o.rate())).append('\n');
    md.append(o.rate() > 0 ? "" : ceiling(r.load()));

    if (!r.load().isEmpty()) {
      md.append("## 1. `tools/call echo`: throughput and latency\n\n");
      md.append(o.rate() > 0 ? String.format(Locale.ROOT, "Paced at %.0f calls/s in all (`--rate`)", o.rate())
          : "Closed loop").append(", one session per client thread, each on its own keep-alive connection (or "
              + "pipe pair). CPU columns are CPU time per recorded call, in µs, of the server JVM (gateway or floor), "
              + "the stdio children, and the bench client JVM; *other CPU* is the share of all CPUs busy outside "
              + "those during the window (other people's work on this machine).\n\n");
      md.append("| sessions | target | calls/s | p50 ms | p90 ms | p99 ms | max ms | calls | errors "
          + "| server µs/call | children µs/call | client µs/call | other CPU |\n");
      md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      int nproc = Runtime.getRuntime().availableProcessors();
      for (Stats.LoadResult l : r.load()) {
        Map<String, Double> cpu = l.cpuMicrosPerCall();
        md.append("| ").append(l.sessions()).append(" | ").append(l.target()).append(" | ")
            .append(num(l.callsPerSecond(), 0)).append(" | ").append(num(l.latency().p50(), 3)).append(" | ")
            .append(num(l.latency().p90(), 3)).append(" | ").append(num(l.latency().p99(), 3)).append(" | ")
            .append(num(l.latency().max(), 1)).append(" | ").append(l.calls()).append(" | ").append(l.errors())
            .append(" | ").append(num(cpu.getOrDefault("server", Double.NaN), 1)).append(" | ")
            .append(num(cpu.getOrDefault("children", Double.NaN), 1)).append(" | ")
            .append(num(cpu.getOrDefault("client", Double.NaN), 1)).append(" | ").append(other(l, nproc))
            .append(" |\n");
      }
      r.load().stream().filter(l -> l.failure() != null).forEach(l -> md.append("\n- ").append(l.target())
          .append(" @ ").append(l.sessions()).append(": ").append(l.failure()));
      md.append('\n');
    }

    if (!r.cold().isEmpty()) {
      md.append("## 2. New session: `initialize` → first tool result\n\n");
      md.append("| target | sessions | median ms | p90 ms | max ms | `initialize` answered, median ms | failures |\n");
      md.append("|---|---:|---:|---:|---:|---:|---:|\n");
      for (Stats.ColdResult c : r.cold()) {
        md.append("| ").append(c.target()).append(" | ").append(c.total().count()).append(" | ")
            .append(num(c.total().p50(), 1)).append(" | ").append(num(c.total().p90(), 1)).append(" | ")
            .append(num(c.total().max(), 1)).append(" | ").append(num(c.init().p50(), 1)).append(" | ")
            .append(c.failures()).append(" |\n");
      }
      r.cold().stream().filter(c -> c.failure() != null).forEach(c -> md.append("\n- ").append(c.target())
          .append(": ").append(c.failure()));
      md.append('\n');
      Optional<Stats.ColdResult> gw = cold(r.cold(), "gateway");
      Optional<Stats.ColdResult> direct = cold(r.cold(), "direct");
      if (gw.isPresent() && direct.isPresent()) {
        md.append("Gateway overhead on a new session (median): ")
            .append(num(gw.get().total().p50() - direct.get().total().p50(), 1)).append(" ms.\n\n");
      }
    }

    if (!r.heap().isEmpty()) {
      md.append("## 3. Gateway heap per idle session\n\n");
      md.append("| sessions | requests each before idling | live in the registry | used heap before | used heap after "
          + "| per session |\n");
      md.append("|---|---:|---:|---:|---:|---:|\n");
      for (Stats.HeapResult h : r.heap()) {
        md.append("| ").append(h.sessions()).append(" ").append(h.label()).append(" | ").append(h.calls())
            .append(" | ").append(h.live()).append(" | ").append(mib(h.beforeBytes())).append(" | ")
            .append(mib(h.afterBytes())).append(" | ").append(kb(h.bytesPerSession())).append(" |\n");
      }
      md.append('\n');
    }

    md.append(PolicyReport.sections(r.policy(), o.policy(), o.rate()));

    md.append("""
        ## Method

        - **Everything on 127.0.0.1**, in one run of `bench/run.sh` on this machine. The bench JVM is the client for
          every target; the gateway and the HTTP floor each run in **their own child JVM** (same JDK, same options), so
          their CPU and memory are measured apart from the client's. Phase 3 is the exception: it needs the gateway's
          heap, so it starts the gateway **in-process** in the bench JVM.
        - **Gateway**: the real `Daemon` (`GatewayMain` starts it exactly as `switchboard run` does) with the
          conformance fixture (`dev.switchboard.fixture.ConformanceServer`) as the stdio server `fixture`, one child per
          session; default heartbeat, `sessions.max` 100000, `sessions.idleTimeout` 30m, `auth.maxSessionsPerKey`
          100000 (no API keys, so every session counts against "anonymous"), `pool.max` 2048; logging at its default INFO
          level into `bench/target/bench-logs/gateway.log`.
        - **Direct**: the bench spawns the same fixture command line itself and drives each child over its pipes with
          one thread, writing the same JSON-RPC bytes the HTTP clients post (one per line).
        - **Floor**: a bare Jetty 12 core `Handler.Abstract` on a `VirtualThreadPool` (max concurrent tasks 100000),
          configured like the gateway's listener, that reads the body and answers a canned JSON-RPC result of the same
          shape and size as the fixture's echo answer. It bounds what any MCP-over-HTTP server on this stack can do.
        - **Load generator**: one platform thread per session, closed loop (next call as soon as the last is answered);
          a minimal raw-socket HTTP/1.1 client (one write per request, parses the status line, headers and a
          Content-Length or chunked body) shared by gateway and floor; every answer is checked (`result`, and for the
          gateway and direct the JSON-RPC id). Before its first point each server JVM gets a one-time unrecorded
          warm-up with 8 sessions (so the JIT has compiled its hot paths), and every new session first makes a
          number of calls alone (so its fresh stdio child is out of the interpreter: at 64 sessions each child
          would otherwise see too few calls to ever be compiled during the point). Each point: fresh sessions
          (fresh children), an unrecorded warm-up, then only calls that start and end inside the window are
          recorded; the point ends at the window's end or at the call cap. Percentiles are nearest-rank over every
          recorded call. Targets alternate within each level.
        - **Cold session**: one at a time, gateway and direct alternating, 2 unrecorded of each first; gateway: a new
          connection, clock from before the `initialize` POST through `notifications/initialized` to the `tools/call`
          answer (the gateway spawns the child inside `initialize`); direct: clock from before the spawn through the
          same three messages over the pipes. Each child has exited before the next session starts.
        - **Idle-session heap**: a gateway with no `mcpServers` (only the built-in `switchboard` server, no children);
          200 sessions opened and deleted first as warm-up; then N sessions opened over 4 keep-alive connections
          (`initialize` + `notifications/initialized` each), connections closed, and used heap compared after repeated
          `System.gc()` (least of 6 readings) before and after. A second row adds sessions that each made a number
          of `ping`s first, then went idle. KB = 1000 bytes; the goal uses the first row.
        - **On this 2-core machine** client, server and children share the same two CPUs, so the client's own CPU
          (see *client µs/call*) is part of every number; compare targets with each other rather than against other
          machines.
        """).append(PolicyReport.method(o.policy()));
    return md.toString();
  }

  private static String throughputGoal(List<Stats.LoadResult> load, double rate) {
    Optional<Integer> level = load.stream().map(Stats.LoadResult::sessions).filter(n -> n == 64).findFirst()
        .or(() -> load.stream().map(Stats.LoadResult::sessions).max(Comparator.naturalOrder()));
    Optional<Stats.LoadResult> gw = level.flatMap(n -> point(load, "gateway", n));
    Optional<Stats.LoadResult> floor = level.flatMap(n -> point(load, "floor", n));
    String goal = "gateway throughput ≥ 50 % of the HTTP floor at 64 sessions";
    if (rate > 0) {
      return row(goal, pacedThroughput(rate), "–");
    }
    if (gw.isEmpty() || floor.isEmpty() || floor.get().callsPerSecond() == 0) {
      return row(goal, "not measured", "–");
    }
    double share = gw.get().callsPerSecond() / floor.get().callsPerSecond();
    String at = level.get() == 64 ? "" : " (at " + level.get() + " sessions, the most measured)";
    return row(goal, pct(share) + " (" + num(gw.get().callsPerSecond(), 0) + " vs " + num(floor.get()
        .callsPerSecond(), 0) + " calls/s)" + at, share >= THROUGHPUT_SHARE_GOAL ? "met" : "**not met**");
  }

  /** Context for the throughput goal: what the stdio children alone allow at the same level. */
  private static String ceiling(List<Stats.LoadResult> load) {
    Optional<Integer> level = load.stream().map(Stats.LoadResult::sessions).max(Comparator.naturalOrder());
    Optional<Stats.LoadResult> gw = level.flatMap(n -> point(load, "gateway", n));
    Optional<Stats.LoadResult> floor = level.flatMap(n -> point(load, "floor", n));
    Optional<Stats.LoadResult> direct = level.flatMap(n -> point(load, "direct", n));
    if (gw.isEmpty() || floor.isEmpty() || direct.isEmpty() || floor.get().callsPerSecond() == 0
        || direct.get().callsPerSecond() == 0) {
      return "";
    }
    return "Context: at " + level.get() + " sessions the stdio children alone (direct) manage "
        + num(direct.get().callsPerSecond(), 0) + " calls/s, " + pct(direct.get().callsPerSecond()
            / floor.get().callsPerSecond()) + " of the floor, so no gateway in front of them could reach more; the "
        + "gateway reaches " + pct(gw.get().callsPerSecond() / direct.get().callsPerSecond())
        + " of that direct ceiling.\n\n";
  }

  private static String latencyGoal(List<Stats.LoadResult> load) {
    Optional<Stats.LoadResult> gw = point(load, "gateway", 1);
    Optional<Stats.LoadResult> direct = point(load, "direct", 1);
    String goal = "≤ 0.3 ms p50 added per call over the direct stdio round trip at 1 session";
    if (gw.isEmpty() || direct.isEmpty() || gw.get().calls() == 0 || direct.get().calls() == 0) {
      return row(goal, "not measured", "–");
    }
    double added = gw.get().latency().p50() - direct.get().latency().p50();
    return row(goal, "+" + num(added, 3) + " ms (" + num(gw.get().latency().p50(), 3) + " vs "
        + num(direct.get().latency().p50(), 3) + " ms)", added <= ADDED_P50_GOAL_MS ? "met" : "**not met**");
  }

  private static String heapGoal(Stats.@Nullable HeapResult heap) {
    String goal = "≤ 100 KB of gateway heap per idle session";
    if (heap == null) {
      return row(goal, "not measured", "–");
    }
    return row(goal, kb(heap.bytesPerSession()) + " (" + heap.sessions() + " sessions)",
        heap.bytesPerSession() <= HEAP_GOAL_BYTES ? "met" : "**not met**");
  }

  private static Optional<Stats.LoadResult> point(List<Stats.LoadResult> load, String target, int sessions) {
    return load.stream().filter(l -> l.target().equals(target) && l.sessions() == sessions).findFirst();
  }

  private static Optional<Stats.ColdResult> cold(List<Stats.ColdResult> cold, String target) {
    return cold.stream().filter(c -> c.target().equals(target) && c.total().count() > 0).findFirst();
  }

  static String other(Stats.LoadResult l, int nproc) {
    double share = otherShare(l, nproc);
    return Double.isNaN(share) ? "–" : pct(share);
  }

  /** The share of all CPUs busy outside the bench's own processes during the window, or NaN. */
  static double otherShare(Stats.LoadResult l, int nproc) {
    Map<String, Double> cpu = l.cpuMicrosPerCall();
    Double machine = cpu.get(CpuMeter.MACHINE);
    if (machine == null || machine.isNaN() || l.seconds() <= 0 || l.calls() == 0) {
      return Double.NaN;
    }
    double ours = cpu.entrySet().stream().filter(e -> !e.getKey().equals(CpuMeter.MACHINE))
        .mapToDouble(Map.Entry::getValue).sum();
    return Math.max(0, (machine - ours) * l.calls() / (l.seconds() * 1e6 * nproc));
  }

  private static boolean shortRun(BenchOptions o) {
    return o.warmup().toMillis() < 3000 || o.duration().toMillis() < 10_000 || o.serverWarmup().toMillis() < 10_000;
  }

  /** What a throughput goal says of a paced run: every point's calls/s is the rate it was given, not what it can do. */
  static String pacedThroughput(double rate) {
    return String.format(Locale.ROOT, "not measured (paced at %.0f calls/s: a point's calls/s is the rate it was "
        + "given, not what it can reach)", rate);
  }

  static String row(String goal, String measured, String met) {
    return "| " + goal + " | " + measured + " | " + met + " |\n";
  }

  private static String seconds(java.time.Duration d) {
    return num(d.toMillis() / 1000.0, d.toMillis() % 1000 == 0 ? 0 : 1);
  }

  static String num(double v, int digits) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,." + digits + "f", v);
  }

  static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.0f %%", fraction * 100);
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  static String kb(double bytes) {
    return Double.isNaN(bytes) ? "–" : String.format(Locale.ROOT, "%.1f KB", bytes / 1000.0);
  }
}
