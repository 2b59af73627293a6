package dev.switchboard.bench;

import static dev.switchboard.bench.ReportWriter.kb;
import static dev.switchboard.bench.ReportWriter.mib;
import static dev.switchboard.bench.ReportWriter.num;
import static dev.switchboard.bench.ReportWriter.pct;
import static dev.switchboard.bench.ReportWriter.row;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sharing-policy part of {@code docs/BENCHMARKS.md}: its rows of the targets table, sections 4–7 and their
 * method notes. Stateless.
 */
final class PolicyReport {
  static final double WARM_START_GOAL_MS = 10;
  static final double SHARED_SHARE_GOAL = 0.60;
  static final double CHURN_GOAL_PER_SECOND = 1000;

  private PolicyReport() {}

  /** The policies' rows of the targets table; {@code rate} above 0 is a paced run, whose throughput is not measured. */
  static String targets(Stats.PolicyResults r, PolicyOptions o, double rate) {
    StringBuilder md = new StringBuilder();
    String goal = "new session on `session` + `pool.warm: 4`: `initialize` → first tool result ≤ 10 ms p50";
    Optional<Stats.PolicyStartResult> warm = r.start().stream()
        .filter(s -> s.policy().equals(Policy.SESSION_WARM.label) && s.total().count() > 0).findFirst();
    md.append(warm.map(s -> row(goal, num(s.total().p50(), 1) + " ms p50, " + num(s.total().p90(), 1) + " ms p90 ("
        + s.total().count() + " sessions)", s.total().p50() <= WARM_START_GOAL_MS ? "met" : "**not met**"))
        .orElse(row(goal, "not measured", "–")));

    String shareGoal = "`tools/call echo` through ONE shared child (`shared`, `pool.max: 1`) at " + o.loadSessions()
        + " sessions ≥ 60 % of the HTTP floor measured next to it";
    Optional<Stats.LoadResult> floor = load(r, "HTTP floor");
    Optional<Stats.LoadResult> shared = load(r, Policy.SHARED.label);
    if (rate > 0) {
      md.append(row(shareGoal, ReportWriter.pacedThroughput(rate), "–"));
    } else if (floor.isEmpty() || shared.isEmpty() || floor.get().callsPerSecond() == 0) {
      md.append(row(shareGoal, "not measured", "–"));
    } else {
      double share = shared.get().callsPerSecond() / floor.get().callsPerSecond();
      md.append(row(shareGoal, pct(share) + " (" + num(shared.get().callsPerSecond(), 0) + " vs "
          + num(floor.get().callsPerSecond(), 0) + " calls/s)", share >= SHARED_SHARE_GOAL ? "met" : "**not met**"));
    }

    String churnGoal = "session churn on a shared child (initialize, one `echo`, DELETE; " + o.churnWorkers()
        + " workers) ≥ 1,000 sessions/s";
    md.append(r.churn().stream().findFirst().filter(c -> c.loops() > 0).map(c -> row(churnGoal,
        num(c.perSecond(), 0) + " sessions/s", c.perSecond() >= CHURN_GOAL_PER_SECOND && c.errors() == 0
            ? "met" : "**not met**")).orElse(row(churnGoal, "not measured", "–")));
    return md.toString();
  }

  static String sections(Stats.PolicyResults r, PolicyOptions o, double rate) {
    StringBuilder md = new StringBuilder();
    if (!r.start().isEmpty()) {
      md.append("## 4. Sharing policies: new session, `initialize` → first tool result\n\n");
      md.append("One session at a time on a new connection, policies taking turns, ").append(PolicyStartPhase.WARMUP)
          .append(" unrecorded rounds first. After each session the bench waits (at most ")
          .append(ReportWriter.num(o.refillTimeout().toMillis() / 1e3, 0)).append(" s) until the policy's children "
              + "are at rest again — the warm pool refilled and every child idle — before the next one; *rest wait* is "
              + "that pause, which is not part of the session's time. The last row is context: the same three messages "
              + "straight over the pipes of a fixture child the bench started and let go idle first (its *rest wait* is "
              + "that wait before the session), i.e. a warm child with no gateway in front and nothing else starting.\n\n");
      md.append("| policy | sessions | median ms | p90 ms | max ms | `initialize` answered, median ms "
          + "| rest wait, median ms | rest wait, max ms | rest timeouts | failures |\n");
      md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (Stats.PolicyStartResult s : r.start()) {
        md.append("| ").append(s.policy()).append(" | ").append(s.total().count()).append(" | ")
            .append(num(s.total().p50(), 2)).append(" | ").append(num(s.total().p90(), 2)).append(" | ")
            .append(num(s.total().max(), 2)).append(" | ").append(num(s.init().p50(), 2)).append(" | ")
            .append(num(s.rest().p50(), 0)).append(" | ").append(num(s.rest().max(), 0)).append(" | ")
            .append(s.restTimeouts()).append(" | ").append(s.failures()).append(" |\n");
      }
      notes(md, r.start().stream().filter(s -> s.failure() != null).map(s -> s.policy() + ": " + s.failure()));
    }
    if (!r.load().isEmpty()) {
      md.append("## 5. Sharing policies: `tools/call echo` throughput\n\n");
      md.append("As in section 1 (the same load, closed-loop or paced, fresh sessions per point, same warm-up and "
          + "window), against the policy gateway. *children* is the server's `connections` in `/health` at the end "
          + "of the point. *children µs/call* counts every child the gateway had during the window, including those it stopped "
          + "and reaped (the `call` policy stops one per call). The `call` point runs at least "
          + PolicyLoadPhase.CALL_MIN_WARMUP.toSeconds() + " s warm-up and a " + PolicyLoadPhase.CALL_MIN_WINDOW
              .toSeconds() + " s window (*window s*): each of its calls waits for a child JVM to start.\n\n");
      md.append("| policy | sessions | children | calls/s | of the floor | p50 ms | p90 ms | p99 ms | max ms | calls "
          + "| errors | window s | server µs/call | children µs/call | client µs/call | other CPU |\n");
      md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      int nproc = Runtime.getRuntime().availableProcessors();
      double floor = load(r, "HTTP floor").map(Stats.LoadResult::callsPerSecond).orElse(Double.NaN);
      for (Stats.PolicyLoad p : r.load()) {
        Stats.LoadResult l = p.load();
        Map<String, Double> cpu = l.cpuMicrosPerCall();
        md.append("| ").append(p.policy()).append(" | ").append(l.sessions()).append(" | ")
            .append(p.children() < 0 ? "–" : Integer.toString(p.children())).append(" | ")
            .append(num(l.callsPerSecond(), l.callsPerSecond() < 100 ? 1 : 0)).append(" | ")
            .append(floor > 0 ? pct(l.callsPerSecond() / floor) : "–").append(" | ")
            .append(num(l.latency().p50(), 3)).append(" | ").append(num(l.latency().p90(), 3)).append(" | ")
            .append(num(l.latency().p99(), 3)).append(" | ").append(num(l.latency().max(), 1)).append(" | ")
            .append(l.calls()).append(" | ").append(l.errors()).append(" | ").append(num(l.seconds(), 1))
            .append(" | ").append(num(cpu.getOrDefault("server", Double.NaN), 1)).append(" | ")
            .append(num(cpu.getOrDefault("children", Double.NaN), 1)).append(" | ")
            .append(num(cpu.getOrDefault("client", Double.NaN), 1)).append(" | ")
            .append(ReportWriter.other(l, nproc)).append(" |\n");
      }
      notes(md, r.load().stream().filter(p -> p.load().failure() != null)
          .map(p -> p.policy() + ": " + p.load().failure()));
      md.append(rate > 0 ? "" : cpuBound(r));
    }
    if (!r.churn().isEmpty()) {
      md.append("## 6. Session churn on a shared child\n\n");
      md.append("Each worker, on its own keep-alive connection, loops `initialize`, `notifications/initialized`, one "
          + "`tools/call echo`, `DELETE`; *loop* is one such session life. *left open* is `/health` "
          + "`activeSessions` after the run minus before (should be 0).\n\n");
      md.append("| policy | workers | sessions/s | loop p50 ms | p90 ms | p99 ms | max ms | sessions | errors "
          + "| left open |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (Stats.ChurnResult c : r.churn()) {
        md.append("| ").append(c.policy()).append(" | ").append(c.workers()).append(" | ")
            .append(num(c.perSecond(), 0)).append(" | ").append(num(c.loop().p50(), 2)).append(" | ")
            .append(num(c.loop().p90(), 2)).append(" | ").append(num(c.loop().p99(), 2)).append(" | ")
            .append(num(c.loop().max(), 1)).append(" | ").append(c.loops()).append(" | ").append(c.errors())
            .append(" | ").append(c.leftOpen()).append(" |\n");
      }
      notes(md, r.churn().stream().filter(c -> c.failure() != null).map(c -> c.policy() + ": " + c.failure()));
    }
    if (!r.memory().isEmpty()) {
      md.append("## 7. Memory per 100 sessions, by policy\n\n");
      md.append("Sessions held open (each made one `echo` call). *children (all)* is `/health` `children` "
          + "(gateway-wide, every server's warm pools included); *connections* is the server's own entry; "
          + "*processes* and *RSS* are this server's child processes under the gateway (VmRSS from "
          + "`/proc/PID/status`), before the sessions → with them; the per-100 columns are the differences "
          + "scaled to 100 sessions. Heap is the gateway JVM's used heap after full GCs.\n\n");
      md.append("| policy | sessions | children (all) | connections | processes | children RSS before → with "
          + "| children RSS per 100 sessions | gateway heap before → with | gateway heap per 100 sessions "
          + "| gateway RSS with |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (Stats.MemoryResult m : r.memory()) {
        md.append("| ").append(m.policy()).append(" | ").append(m.sessions()).append(" | ")
            .append(m.healthChildren()).append(" | ").append(m.connections()).append(" | ").append(m.processes())
            .append(" | ").append(mib(m.rssBefore())).append(" → ").append(mib(m.rssAfter())).append(" | ")
            .append(mibOf(m.rssPer100())).append(" | ")
            .append(m.heapBefore() < 0 ? "–" : mib(m.heapBefore()) + " → " + mib(m.heapAfter())).append(" | ")
            .append(kb(m.heapPer100())).append(" | ").append(mib(m.gatewayRss())).append(" |\n");
      }
      notes(md, r.memory().stream().filter(m -> m.failure() != null).map(m -> m.policy() + ": " + m.failure()));
    }
    return md.toString();
  }

  /** Method notes for sections 4–7. */
  static String method(PolicyOptions o) {
    return """
        - **Policy gateway** (sections 4–7): a second gateway JVM (same `GatewayMain`, same JVM options), started
          after phases 1–2 are done and the first gateway is stopped, with the fixture configured five times:
          `session` (`pool.max` 2048, no warm pool), `session-warm` (`pool.warm: 4`), `shared` (`pool.max: 1`),
          `shared-2` (`pool.max: 2`) and `call-warm` (`sharing: call`, `pool.warm: 4`); `gateway.upstreams.maxChildren`
          above the memory phase's sessions, other limits as in phase 1. Each server's children carry
          `-Dswitchboard.bench.server=NAME` so the bench can tell them apart. Before anything is recorded, 8 sessions
          load `shared` for the server warm-up time (the gateway's and the shared child's JIT).
        - **At rest** means: the server has its resting number of children (0 for `session`, its 4 warm children for
          the pools, 1 for `shared`) and every process under the gateway used at most one clock tick (10 ms) of CPU
          in each of 3 consecutive 100 ms samples, so a refilled pool's children have finished starting (a warm
          `session` child waits before its `initialize`; a `call` child has done its handshake).
        - **Shared-child throughput**: the floor and the three policies are measured back to back in one phase at
          %d sessions (`call` at %d); sessions open 4 at a time and make 200 calls alone first (1 for `call`),
          which, with other sessions' calls in flight, also spreads `shared-2`'s sessions over its two children.
        - **Churn**: %d platform threads, one keep-alive connection each, for the warm-up then the window of phase 1.
        - **Memory**: %d sessions per policy, opened over 4 connections and held; the gateway's heap is read through
          the Attach API (its local JMX agent, loopback only, started once before the first reading: the
          `MemoryMXBean` runs `gc()` and the least of 6 readings counts), RSS from `/proc`. Sessions are deleted and
          the children back at rest before the next policy.
        """.formatted(o.loadSessions(), o.callSessions(), o.churnWorkers(), o.memorySessions());
  }

  /**
   * Context for the shared-child goal: when client, gateway and child share the machine's CPUs, calls/s is bounded by
   * CPU per call, and the child's and the client's share alone caps what any gateway could reach against the floor.
   */
  private static String cpuBound(Stats.PolicyResults r) {
    Optional<Stats.LoadResult> floor = load(r, "HTTP floor");
    Optional<Stats.LoadResult> shared = load(r, Policy.SHARED.label);
    if (floor.isEmpty() || shared.isEmpty()) {
      return "";
    }
    Map<String, Double> f = floor.get().cpuMicrosPerCall();
    Map<String, Double> s = shared.get().cpuMicrosPerCall();
    double floorCpu = f.getOrDefault("server", Double.NaN) + f.getOrDefault("client", Double.NaN);
    double children = s.getOrDefault("children", Double.NaN);
    double client = s.getOrDefault("client", Double.NaN);
    double rest = children + client;
    double gateway = s.getOrDefault("server", Double.NaN);
    if (Double.isNaN(floorCpu) || Double.isNaN(rest) || Double.isNaN(gateway) || rest <= 0) {
      return "";
    }
    return "Context: per call through the shared child the gateway used " + num(gateway, 1) + " µs of CPU, the "
        + "child " + num(children, 1) + " µs and the client " + num(client, 1) + " µs, against "
        + num(floorCpu, 1) + " µs for the floor and its client. Where all three share the CPUs (here, `nproc` = "
        + Runtime.getRuntime().availableProcessors() + "), calls/s goes as 1 / CPU per call, so even a gateway "
        + "that cost nothing would reach about " + pct(floorCpu / rest) + " of the floor on this machine.\n\n";
  }

  /** Ends a table: a blank line, then these notes as a list (and a blank line) when there are any. */
  private static void notes(StringBuilder md, java.util.stream.Stream<String> notes) {
    md.append('\n');
    List<String> all = notes.toList();
    all.forEach(n -> md.append("- ").append(n).append('\n'));
    if (!all.isEmpty()) {
      md.append('\n');
    }
  }

  private static Optional<Stats.LoadResult> load(Stats.PolicyResults r, String policy) {
    return r.load().stream().filter(p -> p.policy().equals(policy) && p.load().calls() > 0)
        .map(Stats.PolicyLoad::load).findFirst();
  }

  private static String mibOf(double bytes) {
    return Double.isNaN(bytes) ? "–" : String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
